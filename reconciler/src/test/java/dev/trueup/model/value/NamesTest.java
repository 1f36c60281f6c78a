package dev.trueup.model.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

  private static Parsed.Invalid<String> invalid(Parsed<String> parsed) {
    assertThat(parsed).isInstanceOf(Parsed.Invalid.class);
    return (Parsed.Invalid<String>) parsed;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "aurora",
        "web-01",
        "0",
        "x1-y2-z3",
        "a23456789012345678901234567890123456789012345678901234567890123"
      })
  void acceptsDnsLabels(String name) {
    assertThat(Names.nodeName(name)).isEqualTo(Parsed.ok(name));
    assertThat(Names.serviceName(name).isOk()).isTrue();
    assertThat(Names.groupName(name).isOk()).isTrue();
    assertThat(Names.scheduleName(name).isOk()).isTrue();
    assertThat(Names.environmentName(name).isOk()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Aurora|node name \"Aurora\" is not a valid DNS label|(e.g. \"aurora\")",
        "-web|node name \"-web\" is not a valid DNS label|(e.g. \"web\")",
        "web-|node name \"web-\" is not a valid DNS label|(e.g. \"web\")",
        "web_01|node name \"web_01\" is not a valid DNS label|(e.g. \"web-01\")",
        "a.b|node name \"a.b\" is not a valid DNS label|(e.g. \"a-b\")",
        "rm -rf|node name \"rm -rf\" is not a valid DNS label|(e.g. \"rm-rf\")",
      })
  void rejectsNonLabels(String name, String message, String hintEnd) {
    Parsed.Invalid<String> bad = invalid(Names.nodeName(name));
    assertThat(bad.message()).isEqualTo(message);
    assertThat(bad.hint())
        .isEqualTo(
            "use 1-63 lower-case letters, digits and '-', starting and ending with a letter or"
                + " digit "
                + hintEnd);
  }

  @Test
  void rejectsEmptyAndLongLabels() {
    assertThat(invalid(Names.serviceName("")).message()).isEqualTo("service name is empty");
    assertThat(invalid(Names.groupName(null)).message()).isEqualTo("group name is empty");
    String longName = "a".repeat(64);
    assertThat(invalid(Names.scheduleName(longName)).message())
        .isEqualTo("schedule name \"" + longName + "\" is 64 characters, at most 63");
    assertThat(invalid(Names.environmentName("Prod!")).message())
        .isEqualTo("environment name \"Prod!\" is not a valid DNS label");
    assertThat(invalid(Names.nodeName("!!!")).hint())
        .isEqualTo(
            "use 1-63 lower-case letters, digits and '-', starting and ending with a letter or"
                + " digit");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "nginx.service",
        "backup.timer",
        "getty@tty1.service",
        "docker.socket",
        "multi-user.target",
        "mnt-data.mount",
        "watch.path",
        "sys-devices-x\\x2dy.mount",
        "a:b_c.service"
      })
  void acceptsUnitNames(String name) {
    assertThat(Names.systemdUnitName(name)).isEqualTo(Parsed.ok(name));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "nginx|unit name \"nginx\" has no supported type suffix",
        "nginx.conf|unit name \"nginx.conf\" has no supported type suffix",
        "-x.service|unit name \"-x.service\" starts with '-'",
        "my app.service|unit name \"my app.service\" has characters outside A-Z a-z 0-9 : _ . \\ @"
            + " -",
        "a;b.service|unit name \"a;b.service\" has characters outside A-Z a-z 0-9 : _ . \\ @ -",
        ".service|unit name \".service\" has characters outside A-Z a-z 0-9 : _ . \\ @ -",
      })
  void rejectsBadUnitNames(String name, String message) {
    assertThat(invalid(Names.systemdUnitName(name)).message()).isEqualTo(message);
  }

  @Test
  void unitNameLimits() {
    assertThat(invalid(Names.systemdUnitName("")).message()).isEqualTo("unit name is empty");
    String max = "a".repeat(247) + ".service";
    assertThat(Names.systemdUnitName(max).isOk()).isTrue();
    assertThat(invalid(Names.systemdUnitName("a" + max)).message())
        .isEqualTo("unit name \"a" + max + "\" is 256 characters, at most 255");
    assertThat(invalid(Names.systemdUnitName("nginx")).hint())
        .isEqualTo("end it with .service, .timer, .socket, .target, .mount or .path");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hubspot/api-key", "ssh/deploy-key", "db", "a/b/c", "x.y_z-1/2"})
  void acceptsSecretNames(String name) {
    assertThat(Names.secretName(name)).isEqualTo(Parsed.ok(name));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/etc/passwd|secret name \"/etc/passwd\" has an empty segment",
        "a//b|secret name \"a//b\" has an empty segment",
        "a/|secret name \"a/\" has an empty segment",
        "a/../b|secret name \"a/../b\" contains \"..\"",
        "a/b..c|secret name \"a/b..c\" contains \"..\"",
        "Hubspot/key|secret name \"Hubspot/key\" has an invalid segment \"Hubspot\"",
        "a/.hidden|secret name \"a/.hidden\" has an invalid segment \".hidden\"",
        "a/-x|secret name \"a/-x\" has an invalid segment \"-x\"",
        "a b|secret name \"a b\" has an invalid segment \"a b\"",
      })
  void rejectsBadSecretNames(String name, String message) {
    Parsed.Invalid<String> bad = invalid(Names.secretName(name));
    assertThat(bad.message()).isEqualTo(message);
    assertThat(bad.hint()).contains("\"hubspot/api-key\"");
  }

  @Test
  void metricAndEnvironmentVariableNames() {
    assertThat(Names.metricName("cpu_percent")).isEqualTo(Parsed.ok("cpu_percent"));
    assertThat(Names.metricName("_x1")).isEqualTo(Parsed.ok("_x1"));
    assertThat(invalid(Names.metricName("CPU")).message())
        .isEqualTo("metric name \"CPU\" is invalid");
    assertThat(invalid(Names.metricName("1x")).message())
        .isEqualTo("metric name \"1x\" is invalid");
    assertThat(invalid(Names.metricName("a-b")).hint()).contains("\"cpu_percent\"");
    assertThat(invalid(Names.metricName("")).message()).isEqualTo("metric name is empty");

    assertThat(Names.envVarName("DATABASE_URL")).isEqualTo(Parsed.ok("DATABASE_URL"));
    assertThat(Names.envVarName("_lower1")).isEqualTo(Parsed.ok("_lower1"));
    assertThat(invalid(Names.envVarName("1X")).message())
        .isEqualTo("environment variable name \"1X\" is invalid");
    assertThat(invalid(Names.envVarName("A-B")).message())
        .isEqualTo("environment variable name \"A-B\" is invalid");
    assertThat(invalid(Names.envVarName("A=B")).hint()).contains("\"DATABASE_URL\"");
    assertThat(invalid(Names.envVarName("")).message())
        .isEqualTo("environment variable name is empty");
  }

  @Test
  void everyLabelKindNamesItself() {
    for (var kind :
        java.util.Map.<String, Function<String, Parsed<String>>>of(
                "node", Names::nodeName,
                "service", Names::serviceName,
                "group", Names::groupName,
                "schedule", Names::scheduleName,
                "environment", Names::environmentName)
            .entrySet()) {
      assertThat(invalid(kind.getValue().apply("A")).message())
          .isEqualTo(kind.getKey() + " name \"A\" is not a valid DNS label");
    }
  }

  @org.junit.jupiter.api.Test
  void accountNamesAreOneWordWithTheirControlsShownEscaped() {
    assertThat(Names.accountName("user", "deploy").isOk()).isTrue();
    assertThat(Names.accountName("user", "1001").isOk()).isTrue();
    assertThat(Names.accountName("user", "nobody\nExecStartPre=+/bin/sh"))
        .isEqualTo(Parsed.invalid("'nobody\\x0aExecStartPre=+/bin/sh' is not a valid user name"));
    assertThat(Names.accountName("group", "Wheel"))
        .isEqualTo(Parsed.invalid("'Wheel' is not a valid group name"));
  }
}
