package dev.trueup.driver.ssh;

import java.io.InputStream;
import java.io.OutputStream;

/** Both directions of a byte stream to a socket on a node, opened through its SSH connection. */
public record SocketStream(InputStream in, OutputStream out, AutoCloseable channel)
    implements AutoCloseable {
  @Override
  public void close() {
    try {
      channel.close();
    } catch (Exception e) {
      // Already closed by the peer or with the connection.
    }
  }
}
