package dev.trueup.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.live.LiveEntry;
import dev.trueup.live.Reachability;
import dev.trueup.model.Node;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every file-level driver must do, run against each real one: observe a clean tree, then drift
 * it by hand and see exactly the touched facts change.
 */
public abstract class NodeObserverContract {

  /** The observer under test; kept across the calls of one test. */
  protected abstract NodeObserver observer();

  protected abstract Node node();

  /** Where the test tree lives on this machine. */
  protected abstract Path tree();

  /** The path the node knows for a path of the tree (e.g. "/etc/app" → "/tmp/x/etc/app"). */
  protected abstract String nodePath(String inTree);

  protected static final String ENV = "/etc/app/app.env";
  protected static final String APP_DIR = "/etc/app";
  protected static final String CRON_DIR = "/etc/cron.d";
  protected static final String BACKUP = "/etc/cron.d/trueup-backup";
  protected static final String HANDMADE = "/etc/cron.d/trueup-handmade";

  @BeforeEach
  void cleanTree() throws Exception {
    Path app = Files.createDirectories(host(APP_DIR));
    Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rwxr-x---"));
    Files.writeString(host(ENV), "# managed by trueup\nDB_HOST=db\n");
    Files.setPosixFilePermissions(host(ENV), PosixFilePermissions.fromString("rw-r-----"));
    Files.createDirectories(host(CRON_DIR));
    Files.writeString(host(BACKUP), "# managed by trueup\n0 2 * * 0 root /opt/backup.sh\n");
    Files.writeString(host(HANDMADE), "# someone's own job\n");
  }

  protected Path host(String inTree) {
    return tree().resolve(inTree.substring(1));
  }

  protected ObservationRequest request() {
    return ObservationRequest.of(
        List.of(nodePath(ENV), nodePath(APP_DIR), nodePath(BACKUP), nodePath("/etc/absent")),
        List.of("trueup-test.service"),
        List.of(nodePath(CRON_DIR)));
  }

  @Test
  void observesACleanTree() {
    LiveNode live = observer().observe(node(), request());

    assertThat(live.reachability()).isEqualTo(new Reachability.Observed());
    LiveEntry.File env = (LiveEntry.File) live.paths().get(nodePath(ENV));
    assertThat(env.mode()).isEqualTo("0640");
    assertThat(env.managed()).isTrue();
    assertThat(env.owner()).isEqualTo(System.getProperty("user.name"));
    assertThat(new String(env.content().orElseThrow(), StandardCharsets.UTF_8))
        .isEqualTo("# managed by trueup\nDB_HOST=db\n");
    assertThat(env.size()).isEqualTo(31);
    assertThat(live.paths().get(nodePath(APP_DIR)))
        .isInstanceOfSatisfying(
            LiveEntry.Directory.class, d -> assertThat(d.mode()).isEqualTo("0750"));
    assertThat(live.paths().get(nodePath("/etc/absent"))).isInstanceOf(LiveEntry.Missing.class);
    assertThat(live.managedFiles()).containsExactly(nodePath(BACKUP));
  }

  @Test
  void handMadeDriftChangesExactlyTheTouchedFacts() throws Exception {
    LiveNode before = observer().observe(node(), request());

    Files.writeString(host(ENV), "# managed by trueup\nDB_HOST=elsewhere\n");
    Files.setPosixFilePermissions(host(APP_DIR), PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.delete(host(BACKUP));
    LiveNode after = observer().observe(node(), request());

    assertThat(after.observed()).isTrue();
    Map<String, LiveEntry> changed = new TreeMap<>();
    for (var e : after.paths().entrySet()) {
      if (!same(before.paths().get(e.getKey()), e.getValue())) {
        changed.put(e.getKey(), e.getValue());
      }
    }
    assertThat(changed).containsOnlyKeys(nodePath(ENV), nodePath(APP_DIR), nodePath(BACKUP));
    LiveEntry.File envBefore = (LiveEntry.File) before.paths().get(nodePath(ENV));
    LiveEntry.File envAfter = (LiveEntry.File) after.paths().get(nodePath(ENV));
    assertThat(envAfter.sha256()).isNotEqualTo(envBefore.sha256());
    assertThat(envAfter.mode()).isEqualTo(envBefore.mode());
    assertThat(envAfter.owner()).isEqualTo(envBefore.owner());
    assertThat(after.paths().get(nodePath(APP_DIR)))
        .isEqualTo(new LiveEntry.Directory("0777", envBefore.owner(), envBefore.group()));
    assertThat(after.paths().get(nodePath(BACKUP))).isInstanceOf(LiveEntry.Missing.class);
    assertThat(before.managedFiles()).containsExactly(nodePath(BACKUP));
    assertThat(after.managedFiles()).isEmpty();
  }

  /** LiveEntry.File holds an array; compare what the diff would compare. */
  private static boolean same(LiveEntry a, LiveEntry b) {
    if (a instanceof LiveEntry.File x && b instanceof LiveEntry.File y) {
      return x.sha256().equals(y.sha256())
          && x.mode().equals(y.mode())
          && x.owner().equals(y.owner())
          && x.group().equals(y.group())
          && x.managed() == y.managed();
    }
    return java.util.Objects.equals(a, b);
  }
}
