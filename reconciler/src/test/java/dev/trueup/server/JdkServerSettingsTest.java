package dev.trueup.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Headers sent a byte at a time are cut off: the JDK server reads them before any handler, so only
 * its request deadline, which trueup sets for the process, bounds them.
 */
class JdkServerSettingsTest {
  @Test
  void aClientThatNeverFinishesItsHeadersIsCutOff() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SlowHeadersProbe.class.getName())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as("the probe's port").startsWith("port=");
      int port = Integer.parseInt(line.substring(5));
      try (Socket s = new Socket("127.0.0.1", port)) {
        // Bounded well past the deadline, so that a missing deadline fails rather than hangs.
        s.setSoTimeout((int) JdkServerSettings.REQUEST_TIME.multipliedBy(3).toMillis());
        OutputStream o = s.getOutputStream();
        o.write(
            "POST /webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\nX-GitHub-Event: pu"
                .getBytes(StandardCharsets.US_ASCII));
        o.flush();
        int read;
        try {
          read = s.getInputStream().read();
        } catch (java.net.SocketException reset) {
          read = -1;
        }
        assertThat(read).as("the server closed the connection, unanswered").isEqualTo(-1);
      }
    } finally {
      child.getOutputStream().close();
      if (!child.waitFor(10, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
  }
}
