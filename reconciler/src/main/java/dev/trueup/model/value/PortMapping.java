package dev.trueup.model.value;

import java.util.Objects;

/**
 * A published container port, in the short syntax docker and compose use: {@code 80}, {@code
 * 8080:80}, {@code 127.0.0.1:8080:80} or {@code [::1]:8080:80}, each with an optional {@code /tcp}
 * or {@code /udp}. As in docker, a bare container port is published on a host port the engine picks
 * ({@code hostPort} 0). Port ranges are not supported.
 *
 * @param hostIp the literal address to bind on the host, or null for all interfaces
 * @param hostPort the host port, or 0 when the engine picks one
 */
public record PortMapping(String hostIp, int hostPort, int containerPort, Protocol protocol) {

  public PortMapping {
    Objects.requireNonNull(protocol, "protocol");
    if (hostPort < 0 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
      throw new IllegalArgumentException("port out of range");
    }
    if (hostIp != null && hostPort == 0) {
      throw new IllegalArgumentException("a host address needs a host port");
    }
  }

  public static Parsed<PortMapping> parse(String text) {
    if (text == null || text.isEmpty()) {
      return Parsed.invalid("port mapping is empty", "write it as \"8080:80\"");
    }
    String rest = text;
    Protocol protocol = Protocol.TCP;
    int slash = rest.lastIndexOf('/');
    if (slash >= 0) {
      String proto = rest.substring(slash + 1);
      switch (proto) {
        case "tcp" -> protocol = Protocol.TCP;
        case "udp" -> protocol = Protocol.UDP;
        default -> {
          return Parsed.invalid(
              "port mapping \"" + text + "\" has unknown protocol \"" + proto + "\"",
              "use /tcp or /udp");
        }
      }
      rest = rest.substring(0, slash);
    }
    String hostIp = null;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
        return Parsed.invalid(
            "port mapping \"" + text + "\" has a malformed [address]",
            "write it as \"[::1]:8080:80\"");
      }
      String literal = rest.substring(1, close);
      hostIp = IpLiteral.ipv6(literal);
      if (hostIp == null) {
        return Parsed.invalid(
            "port mapping \"" + text + "\" has an invalid IPv6 address \"" + literal + "\"");
      }
      rest = rest.substring(close + 2);
      if (rest.split(":", -1).length != 2) {
        return Parsed.invalid(
            "port mapping \"" + text + "\" needs host and container port after the address",
            "write it as \"[::1]:8080:80\"");
      }
    }
    String[] parts = rest.split(":", -1);
    if (parts.length > 3) {
      return Parsed.invalid(
          "port mapping \"" + text + "\" has too many ':'",
          "write IPv6 addresses in brackets, e.g. \"[::1]:8080:80\"");
    }
    if (parts.length == 3) {
      String address = parts[0];
      if (!IpLiteral.isIpv4(address)) {
        return Parsed.invalid(
            "port mapping \"" + text + "\" has \"" + address + "\", not a literal IP address",
            "use an address like 127.0.0.1 or [::1]; host names are not resolved");
      }
      hostIp = address;
      parts = new String[] {parts[1], parts[2]};
    }
    int hostPort = 0;
    if (parts.length == 2) {
      Parsed<Integer> host = port(text, parts[0], "host");
      if (!(host instanceof Parsed.Ok<Integer>(Integer value))) {
        return ((Parsed.Invalid<Integer>) host).cast();
      }
      hostPort = value;
    }
    Parsed<Integer> container = port(text, parts[parts.length - 1], "container");
    if (!(container instanceof Parsed.Ok<Integer>(Integer containerPort))) {
      return ((Parsed.Invalid<Integer>) container).cast();
    }
    return Parsed.ok(new PortMapping(hostIp, hostPort, containerPort, protocol));
  }

  private static Parsed<Integer> port(String text, String port, String which) {
    if (port.isEmpty()) {
      return Parsed.invalid("port mapping \"" + text + "\" has an empty " + which + " port");
    }
    if (port.contains("-")) {
      return Parsed.invalid(
          "port mapping \"" + text + "\" uses a port range, which is not supported",
          "list each port on its own");
    }
    if (!port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Parsed.invalid(
          "port mapping \"" + text + "\" has " + which + " port \"" + port + "\", not a number");
    }
    int value = port.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(port);
    if (value < 1 || value > 65535) {
      return Parsed.invalid(
          "port mapping \""
              + text
              + "\" has "
              + which
              + " port "
              + port
              + ", out of range 1-65535");
    }
    return Parsed.ok(value);
  }

  /** The canonical short syntax; {@code /tcp} is left out as docker's default. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    if (hostIp != null) {
      sb.append(hostIp.contains(":") ? "[" + hostIp + "]" : hostIp).append(':');
    }
    if (hostPort != 0) {
      sb.append(hostPort).append(':');
    }
    sb.append(containerPort);
    if (protocol == Protocol.UDP) {
      sb.append("/udp");
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return text();
  }
}
