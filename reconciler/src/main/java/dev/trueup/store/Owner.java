package dev.trueup.store;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Who runs a run or holds a lock: the host, the process id and a replica id (random per process
 * unless configured), written as {@code host:pid:replica}.
 */
public record Owner(String host, long pid, String replica) {

  public static Owner ofThisProcess(String replica) {
    return new Owner(hostName(), ProcessHandle.current().pid(), replica);
  }

  public static String randomReplicaId() {
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public String toString() {
    return host + ":" + pid + ":" + replica;
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }
}
