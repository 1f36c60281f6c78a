package dev.trueup.driver.ssh;

import dev.trueup.observe.exec.ExecResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * A program kept running in one session of a node's connection, answering requests in turn (see
 * {@code ProbeScript.keptProgram} for the framing). Opening a session costs the node a fork of
 * sshd, the login shell and sudo, about as much CPU as the probe itself; a kept one pays that once
 * per connection, so a warm serve's plans cost the node only what the probe runs.
 *
 * <p>Any answer that does not end as framed, or a program that has gone, leaves the shell unusable
 * ({@link #isOpen()} false): the caller then runs the request as a command of its own, which
 * reports the failure as it always did.
 */
final class KeptShell implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Session session;
  private final Session.Command command;
  private final InputStream out;
  private final OutputStream in;
  private final int outputCap;
  private volatile boolean broken;

  private KeptShell(Session session, Session.Command command, int outputCap) {
    this.session = session;
    this.command = command;
    this.out = command.getInputStream();
    this.in = command.getOutputStream();
    this.outputCap = outputCap;
    // Its stderr is not an answer's: read and dropped, so it can never fill the channel's window.
    InputStream err = command.getErrorStream();
    Thread.ofVirtual().name("ssh-kept-stderr").start(() -> discard(err));
  }

  static KeptShell start(Session session, String commandLine, int outputCap) throws IOException {
    return new KeptShell(session, session.exec(commandLine), outputCap);
  }

  boolean isOpen() {
    return !broken && command.isOpen();
  }

  /**
   * One request: its input lines (each ending in a line break) in, the program's output and exit
   * status out. Blocks until the answer is whole; the caller's deadline closes the connection.
   *
   * @throws IOException when the answer did not come as framed; the shell is then unusable
   */
  ExecResult call(byte[] input) throws IOException {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    // Unguessable, so no output the probe passes on (a file's lines) can forge the end of it.
    String nonce = "=" + HexFormat.of().formatHex(random);
    byte[] frame = (nonce + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      in.write(frame);
      in.write(input);
      in.write(frame);
      in.flush();
      return read(("\n" + nonce + " ").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
  }

  /** Reads up to the end mark and its status line; what came before it is the output. */
  private ExecResult read(byte[] mark) throws IOException {
    byte[] all = new byte[64 * 1024];
    int length = 0;
    int searchFrom = 0;
    while (true) {
      if (length == all.length) {
        all = Arrays.copyOf(all, all.length * 2);
      }
      int n = out.read(all, length, all.length - length);
      if (n < 0) {
        throw new IOException("the kept shell ended");
      }
      length += n;
      int at = indexOf(all, length, mark, searchFrom);
      if (at < 0) {
        if (length > outputCap + mark.length + 8) {
          // Past the cap the answer is of no use: the caller closes the shell, not drains it.
          throw new IOException("answer exceeded the output cap");
        }
        searchFrom = Math.max(0, length - mark.length);
        continue;
      }
      int eol = indexOf(all, length, new byte[] {'\n'}, at + mark.length);
      if (eol < 0) {
        searchFrom = at;
        continue; // the status line is not whole yet
      }
      if (eol != length - 1) {
        throw new IOException("output after the end of an answer");
      }
      String status =
          new String(all, at + mark.length, eol - at - mark.length, StandardCharsets.US_ASCII);
      if (!status.matches("[0-9]{1,3}")) {
        throw new IOException("an answer ended without its status");
      }
      return new ExecResult(Integer.parseInt(status), Arrays.copyOf(all, at), new byte[0], false);
    }
  }

  private static int indexOf(byte[] haystack, int length, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void discard(InputStream err) {
    byte[] sink = new byte[4096];
    try (err) {
      while (err.read(sink) >= 0) {
        // dropped
      }
    } catch (IOException e) {
      // the shell or its connection closed
    }
  }

  @Override
  public void close() {
    broken = true;
    try {
      session.close();
    } catch (IOException | RuntimeException e) {
      // the connection is going or gone
    }
  }
}
