package dev.trueup.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against the embedded default (H2 file, MODE=PostgreSQL). */
class H2StoreTest extends StoreContract {
  @TempDir Path dir;

  @Override
  String freshUrl() {
    return StoreLocation.embeddedUrl(dir.resolve("state"));
  }

  @Override
  void dropFresh(String url) {
    // the temporary directory goes with the test
  }

  @Test
  void isTheEmbeddedDialect() {
    assertThat(store.dialect()).isEqualTo(Dialect.H2);
    assertThat(store.dialect().sharedByReplicas()).isFalse();
  }

  @Test
  void locksLeftByAnEarlierProcessAreClearedOnOpen() throws Exception {
    store.close();
    try (var c = DriverManager.getConnection(url)) {
      Db.update(
          c,
          "INSERT INTO node_locks (node, owner, holder_session, acquired_at)"
              + " VALUES ('aurora', 'gone:1:x', '1@1#1', CURRENT_TIMESTAMP)");
    }
    store = Store.open(url, clock, "a");
    assertThat(store.nodeLocks().held()).isEmpty();
    assertThat(store.nodeLocks().tryLock("aurora")).isPresent();
  }

  @Test
  void defaultLocationFollowsXdgStateHome() {
    assertThat(StoreLocation.defaultDirectory(Map.of("XDG_STATE_HOME", "/var/lib/x")))
        .isEqualTo(Path.of("/var/lib/x/trueup/store"));
    assertThat(StoreLocation.defaultDirectory(Map.of()))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".local/state/trueup/store"));
    assertThat(StoreLocation.resolve(null, Map.of("XDG_STATE_HOME", "/s")))
        .isEqualTo(
            "jdbc:h2:file:/s/trueup/store/store;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE");
  }

  @Test
  void flagBeatsEnvironmentAndUrlsAreKept() {
    String pg = "jdbc:postgresql://127.0.0.1:5432/trueup";
    assertThat(StoreLocation.resolve(pg, Map.of("TRUEUP_STORE", "/x"))).isEqualTo(pg);
    assertThat(StoreLocation.resolve(null, Map.of("TRUEUP_STORE", pg))).isEqualTo(pg);
    assertThat(StoreLocation.resolve("/srv/trueup", Map.of()))
        .startsWith("jdbc:h2:file:/srv/trueup/store;MODE=PostgreSQL");
    assertThat(StoreLocation.resolve("jdbc:h2:file:/x/s;MODE=PostgreSQL", Map.of()))
        .isEqualTo(
            "jdbc:h2:file:/x/s;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
                + "DB_CLOSE_ON_EXIT=FALSE");
  }

  @Test
  void passwordsNeverReachMessages() {
    assertThat(Dialect.redact("jdbc:postgresql://h/db?user=u&password=hunter2&x=1"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&x=1");
  }
}
