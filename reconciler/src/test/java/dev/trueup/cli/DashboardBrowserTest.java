package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.serve.Running;
import dev.trueup.testing.Await;
import dev.trueup.testing.Golden;
import dev.trueup.testing.HeadlessChromium;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.testing.RealPart;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser (Debian's chromium, headless): a person logs in, sees the fleet,
 * approves the held change and the node gets it; a viewer gets no button to decide with. Each
 * page's screenshot goes to target/screenshots, and into docs/images with the golden switch ({@code
 * -Dtrueup.golden.update=true}) for docs/dashboard.md.
 */
class DashboardBrowserTest {
  private static final String ALICE = "alice-approver-token-0123456789";
  private static final String VERA = "vera-viewer-token-0123456789ab";

  @TempDir Path repo;
  @TempDir Path sandbox;
  @TempDir Path storeDir;
  @TempDir Path etc;
  @TempDir Path profileA;
  @TempDir Path profileV;

  private static void shot(HeadlessChromium browser, String name) throws Exception {
    byte[] png = browser.screenshot();
    assertThat(png.length).isGreaterThan(1000);
    Path out = ProjectRoot.module().resolve("target/screenshots/" + name + ".png");
    Files.createDirectories(out.getParent());
    Files.write(out, png);
    if (Golden.updating()) {
      Path doc = ProjectRoot.resolve("docs/images/dashboard-" + name + ".png");
      Files.createDirectories(doc.getParent());
      Files.write(doc, png);
    }
  }

  private static void logIn(HeadlessChromium browser, String base, String token) throws Exception {
    browser.navigate(base + "/fleet");
    assertThat(browser.eval("location.pathname")).isEqualTo("/login");
    browser.eval("document.querySelector('input[name=token]').value = '" + token + "'; 'ok'");
    browser.click("form[action='/login'] button");
    assertThat(browser.eval("location.pathname")).isEqualTo("/fleet");
  }

  @Test
  void aPersonLogsInSeesTheFleetApprovesAndTheNodeConverges() throws Exception {
    RealPart.CHROMIUM.require(HeadlessChromium.available());
    Files.createDirectories(repo.resolve("nodes"));
    Files.writeString(
        repo.resolve("fleet.yaml"), "fleet: dash\nenvironments: [development, production]\n");
    for (String n : new String[] {"web-1", "web-2", "db-1"}) {
      Path root = Files.createDirectories(sandbox.resolve(n));
      Files.writeString(
          repo.resolve("nodes/" + n + ".yaml"),
          """
          node: %s
          environment: production
          connection: {driver: local, root: %s}
          files:
            /etc/app.conf: {content: "release 2\\n", mode: "0644"}
          """
              .formatted(n, root));
    }
    Path users = etc.resolve("users");
    Files.writeString(users, "alice approver " + ALICE + "\nvera viewer " + VERA + "\n");
    try (Running running = QuietServe.start(repo, storeDir, "--dashboard-users", users.toString());
        HeadlessChromium alice = HeadlessChromium.start(profileA);
        HeadlessChromium vera = HeadlessChromium.start(profileV)) {
      String base = "http://127.0.0.1:" + running.api().address().getPort();

      alice.navigate(base + "/login");
      shot(alice, "login");
      logIn(alice, base, ALICE);
      assertThat(alice.eval("document.body.innerText"))
          .contains("web-1")
          .contains("db-1")
          .contains("3 change(s) waiting for approval")
          .contains("alice (approver)");
      shot(alice, "fleet");
      alice.navigate(base + "/approvals");
      assertThat(alice.eval("document.querySelectorAll('form[action$=\"/approve\"]').length"))
          .isEqualTo("3");
      shot(alice, "approvals");

      logIn(vera, base, VERA);
      vera.navigate(base + "/approvals");
      assertThat(vera.eval("document.querySelectorAll('form[action$=\"/approve\"]').length"))
          .as("a viewer has nothing to decide with")
          .isEqualTo("0");
      assertThat(vera.eval("document.body.innerText")).contains("approver role needed");
      // The viewer leaves the fleet page open: it updates itself when the approved change's run
      // ends, without a reload by hand.
      vera.navigate(base + "/fleet");
      assertThat(vera.eval("document.body.innerText")).contains("3 change(s) waiting");

      alice.eval(
          "document.querySelector('form[action$=\"/approve\"] input[name=note]').value = 'release 2"
              + " checked'; 'ok'");
      alice.click("form[action$='/approve'] button");
      assertThat(alice.eval("location.pathname")).isEqualTo("/approvals");
      assertThat(alice.eval("document.querySelectorAll('form[action$=\"/approve\"]').length"))
          .isEqualTo("2");
      Await.until(
          () -> {
            try (var roots = Files.list(sandbox)) {
              return roots.anyMatch(r -> Files.exists(r.resolve("etc/app.conf")));
            } catch (Exception e) {
              return false;
            }
          },
          "the approved change applied on its node");
      Await.until(
          () -> {
            try {
              return vera.eval("document.body.innerText").contains("2 change(s) waiting");
            } catch (IllegalStateException reloading) {
              return false;
            }
          },
          "the open fleet page to update itself after the run");
      alice.navigate(base + "/fleet");
      assertThat(alice.eval("document.body.innerText"))
          .contains("2 change(s) waiting for approval");
      alice.click("a[href='/nodes/web-1']");
      assertThat(alice.eval("location.pathname")).isEqualTo("/nodes/web-1");
      assertThat(alice.eval("document.querySelector('pre').innerText")).contains("/etc/app.conf");
      assertThat(alice.eval("document.querySelector('table').innerText"))
          .contains("/etc/app.conf")
          .contains("declared at");
      shot(alice, "node");
      alice.navigate(base + "/activity");
      assertThat(alice.eval("document.body.innerText")).contains("approval");
      shot(alice, "activity");
      alice.navigate(base + "/environments");
      assertThat(alice.eval("document.body.innerText")).contains("critical (99.9 %)");
      shot(alice, "environments");
      assertThat(alice.eval("document.documentElement.outerHTML")).doesNotContain(ALICE);
    }
  }
}
