package dev.trueup.model.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortMappingTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      value = {
        "8080|NONE|0|8080|TCP|8080",
        "8080:80|NONE|8080|80|TCP|8080:80",
        "8080:80/tcp|NONE|8080|80|TCP|8080:80",
        "53:53/udp|NONE|53|53|UDP|53:53/udp",
        "127.0.0.1:8080:80|127.0.0.1|8080|80|TCP|127.0.0.1:8080:80",
        "[::1]:8080:80|::1|8080|80|TCP|[::1]:8080:80",
        "[2001:DB8:0:0:0:0:0:1]:443:443/udp|2001:db8::1|443|443|UDP|[2001:db8::1]:443:443/udp",
        "0.0.0.0:1:65535|0.0.0.0|1|65535|TCP|0.0.0.0:1:65535",
      })
  void parses(
      String text,
      String ip,
      int hostPort,
      int containerPort,
      Protocol protocol,
      String canonical) {
    PortMapping p = PortMapping.parse(text).value();
    assertThat(p).isEqualTo(new PortMapping(ip, hostPort, containerPort, protocol));
    assertThat(p.text()).isEqualTo(canonical);
    assertThat(p).hasToString(canonical);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      value = {
        "0|port mapping \"0\" has container port 0, out of range 1-65535|NONE",
        "8080:65536|port mapping \"8080:65536\" has container port 65536, out of range"
            + " 1-65535|NONE",
        "99999999:80|port mapping \"99999999:80\" has host port 99999999, out of range"
            + " 1-65535|NONE",
        "http:80|port mapping \"http:80\" has host port \"http\", not a number|NONE",
        ":80|port mapping \":80\" has an empty host port|NONE",
        "8080:|port mapping \"8080:\" has an empty container port|NONE",
        "80/sctp|port mapping \"80/sctp\" has unknown protocol \"sctp\"|use /tcp or /udp",
        "localhost:8080:80|port mapping \"localhost:8080:80\" has \"localhost\", not a literal IP"
            + " address|use an address like 127.0.0.1 or [::1]; host names are not resolved",
        "010.0.0.1:8080:80|port mapping \"010.0.0.1:8080:80\" has \"010.0.0.1\", not a literal IP"
            + " address|use an address like 127.0.0.1 or [::1]; host names are not resolved",
        "256.0.0.1:8080:80|port mapping \"256.0.0.1:8080:80\" has \"256.0.0.1\", not a literal IP"
            + " address|use an address like 127.0.0.1 or [::1]; host names are not resolved",
        "::1:8080:80|port mapping \"::1:8080:80\" has too many ':'|write IPv6 addresses in"
            + " brackets, e.g. \"[::1]:8080:80\"",
        "[::1:8080:80|port mapping \"[::1:8080:80\" has a malformed [address]|write it as"
            + " \"[::1]:8080:80\"",
        "[::1]:80|port mapping \"[::1]:80\" needs host and container port after the address|write"
            + " it as \"[::1]:8080:80\"",
        "[fe80::1%eth0]:80:80|port mapping \"[fe80::1%eth0]:80:80\" has an invalid IPv6 address"
            + " \"fe80::1%eth0\"|NONE",
        "[example.com]:80:80|port mapping \"[example.com]:80:80\" has an invalid IPv6 address"
            + " \"example.com\"|NONE",
        "[1::2::3]:80:80|port mapping \"[1::2::3]:80:80\" has an invalid IPv6 address"
            + " \"1::2::3\"|NONE",
        "8000-8010:8000-8010|port mapping \"8000-8010:8000-8010\" uses a port range, which is not"
            + " supported|list each port on its own",
        "''|port mapping is empty|write it as \"8080:80\"",
      })
  void rejects(String text, String message, String hint) {
    assertThat(PortMapping.parse(text)).isEqualTo(Parsed.invalid(message, hint));
  }

  @Test
  void constructorChecksRanges() {
    assertThatThrownBy(() -> new PortMapping(null, 0, 0, Protocol.TCP))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PortMapping("127.0.0.1", 0, 80, Protocol.TCP))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Protocol.UDP.text()).isEqualTo("udp");
  }
}
