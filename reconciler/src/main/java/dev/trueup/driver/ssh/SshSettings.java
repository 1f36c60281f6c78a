package dev.trueup.driver.ssh;

import java.time.Duration;

/**
 * Deadlines and caps of the ssh driver.
 *
 * @param connect TCP connect, SSH version exchange and key exchange together
 * @param auth public-key authentication
 * @param command one command, from session open to exit
 * @param outputCap bytes of stdout kept per command (stderr keeps 64 KiB)
 */
public record SshSettings(Duration connect, Duration auth, Duration command, int outputCap) {

  public static SshSettings defaults() {
    return new SshSettings(
        Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60), 64 * 1024 * 1024);
  }
}
