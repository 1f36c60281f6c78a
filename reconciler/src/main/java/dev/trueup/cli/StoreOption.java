package dev.trueup.cli;

import dev.trueup.store.Store;
import dev.trueup.store.StoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --store}: where runs, decisions, approvals and outcomes are kept. */
final class StoreOption {
  @Option(
      names = "--store",
      description =
          "State store: a jdbc:postgresql:// URL, or a directory for the embedded store"
              + " (default: $TRUEUP_STORE, else ~/.local/state/trueup/store).")
  String store;

  Store open() {
    return Store.open(StoreLocation.resolve(store, System.getenv()));
  }

  /** The store, naming this process {@code replicaId} in run owners, locks and job claims. */
  Store open(String replicaId) {
    return Store.open(
        StoreLocation.resolve(store, System.getenv()), java.time.Clock.systemUTC(), replicaId);
  }

  /**
   * The store if one exists already: a plan reads history but must not create a database just by
   * looking (an embedded store that was never written to has no file yet).
   */
  Optional<Store> openIfPresent() {
    String url = StoreLocation.resolve(store, System.getenv());
    if (url.startsWith("jdbc:h2:file:")) {
      String file = url.substring("jdbc:h2:file:".length(), url.indexOf(';'));
      Path directory = Path.of(file).getParent();
      if (Files.exists(directory) && !Files.isDirectory(directory)) {
        // Else "nothing recorded yet" would hide a --store that names a file by mistake.
        throw new CommandFailure(
            "the store " + directory + " is not a directory: --store takes a directory or a URL");
      }
      if (!Files.exists(Path.of(file + ".mv.db"))) {
        return Optional.empty();
      }
    }
    return Optional.of(Store.open(url));
  }
}
