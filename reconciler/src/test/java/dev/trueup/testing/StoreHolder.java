package dev.trueup.testing;

import dev.trueup.store.Store;
import java.nio.file.Path;

/**
 * A second process holding an embedded store open: prints {@code open} once it is, and closes it
 * when its stdin ends. Tests start it with the test class path.
 */
public final class StoreHolder {
  private StoreHolder() {}

  public static void main(String[] args) throws Exception {
    try (Store store = Store.openEmbedded(Path.of(args[0]))) {
      System.out.println("open");
      System.out.flush();
      System.in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }
}
