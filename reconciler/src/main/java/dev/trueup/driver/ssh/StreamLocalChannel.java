package dev.trueup.driver.ssh;

import java.io.IOException;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.Connection;
import net.schmizz.sshj.connection.channel.direct.AbstractDirectChannel;

/**
 * OpenSSH's {@code direct-streamlocal@openssh.com} channel: a byte stream to a unix socket on the
 * server (what {@code ssh -L local.sock:/remote.sock} uses). sshj has no such channel of its own;
 * the open request differs from {@code direct-tcpip} only in its fields: the socket path, a
 * reserved string and a reserved uint32.
 */
final class StreamLocalChannel extends AbstractDirectChannel {

  private final String socketPath;

  StreamLocalChannel(Connection conn, String socketPath) {
    super(conn, "direct-streamlocal@openssh.com");
    this.socketPath = socketPath;
  }

  @Override
  protected SSHPacket buildOpenReq() {
    return super.buildOpenReq().putString(socketPath).putString("").putUInt32(0);
  }

  static SocketStream open(Connection conn, String socketPath) throws IOException {
    StreamLocalChannel channel = new StreamLocalChannel(conn, socketPath);
    channel.open();
    return new SocketStream(channel.getInputStream(), channel.getOutputStream(), channel);
  }
}
