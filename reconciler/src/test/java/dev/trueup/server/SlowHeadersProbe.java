package dev.trueup.server;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A webhook listener in a JVM of its own (the JDK server's limits hold per process, from its first
 * server on): prints {@code port=N}, serves until its standard input closes.
 */
public final class SlowHeadersProbe {
  private SlowHeadersProbe() {}

  public static void main(String[] args) throws Exception {
    try (WebhookReceiver r =
        new WebhookReceiver(
                WebhookConfig.of(Map.of(Forge.GITHUB, "s3cret")), t -> {}, new TrueupMetrics())
            .start(new InetSocketAddress("127.0.0.1", 0))) {
      System.out.println("port=" + r.address().getPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the test closes our input
      }
    }
  }
}
