package dev.trueup.cli;

import dev.trueup.store.Store;
import dev.trueup.store.StoreLocation;
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
}
