package dev.trueup.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code trueup serve} as a process of its own (the test's class path, loopback only), with the two
 * ports it printed and everything it wrote: for what only a real process shows, its exit status
 * above all.
 */
public final class ServeProcess implements AutoCloseable {
  private static final Pattern BANNER =
      Pattern.compile("api on 127\\.0\\.0\\.1:(\\d+), webhooks on 127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  private final StringBuffer output;
  private final int apiPort;
  private final int hookPort;
  private final HttpClient http = HttpClient.newHttpClient();

  private ServeProcess(Process process, StringBuffer output, int apiPort, int hookPort) {
    this.process = process;
    this.output = output;
    this.apiPort = apiPort;
    this.hookPort = hookPort;
  }

  /** Starts {@code trueup serve ARGS} and waits until it listens. */
  public static ServeProcess start(List<String> args, Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.trueup.cli.Main"));
    command.add("serve");
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().put("TRUEUP_LOOPBACK_ONLY", "1");
    Process p = pb.start();
    StringBuffer output = new StringBuffer();
    CompletableFuture<int[]> ports = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  output.append(line).append('\n');
                  Matcher m = BANNER.matcher(line);
                  if (m.find()) {
                    ports.complete(
                        new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
                  }
                }
              } catch (IOException | RuntimeException e) {
                ports.completeExceptionally(e);
              }
              ports.completeExceptionally(new IllegalStateException("serve ended:\n" + output));
            });
    int[] both = ports.get(90, TimeUnit.SECONDS);
    return new ServeProcess(p, output, both[0], both[1]);
  }

  public Process process() {
    return process;
  }

  public int hookPort() {
    return hookPort;
  }

  /** Everything the process wrote so far (standard output and error). */
  public String output() {
    return output.toString();
  }

  /** {@code GET path} on the API listener, with the bearer token when one is given. */
  public HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
            .timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends SIGTERM and returns the exit status (143 for a JVM ended by it). */
  public int terminate(Duration max) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("serve did not stop within " + max + ":\n" + output);
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }
}
