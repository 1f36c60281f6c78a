package dev.trueup.model.value;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Literal IP addresses, checked without ever resolving a name: IPv4 by hand, IPv6 through {@link
 * InetAddress} only in its bracketed form, which the JDK parses as a literal or rejects.
 */
final class IpLiteral {

  private IpLiteral() {}

  /** Whether the text is a dotted-quad IPv4 address without leading zeros. */
  static boolean isIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (part.length() > 1 && part.charAt(0) == '0') {
        return false; // 010 is octal to some tools, decimal to others
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /** The canonical (lower-case, compressed) IPv6 text, or null when it is not an IPv6 literal. */
  static String ipv6(String text) {
    if (!text.contains(":") || !text.matches("[0-9A-Fa-f:.]+")) {
      return null; // also rules out zone ids ("%eth0"), which would consult the interfaces
    }
    try {
      InetAddress address = InetAddress.getByName("[" + text + "]");
      if (address.getAddress().length != 16) {
        return text.toLowerCase(Locale.ROOT); // an IPv4-mapped literal; keep the user's spelling
      }
      return compress(address.getAddress());
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** RFC 5952 text: lower-case, the longest run of two or more zero groups as "::". */
  private static String compress(byte[] bytes) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }
}
