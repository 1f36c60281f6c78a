package dev.trueup.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directory of an embedded ({@code jdbc:h2:file:}) store and its files. The store holds plans,
 * and plans hold the content of managed files: the directory is created {@code 0700} and its files
 * are kept {@code 0600}; a directory that group or others may enter or read is refused before the
 * database is opened. H2 creates its files with the process umask, but inside a {@code 0700}
 * directory nobody else can reach them, so they are tightened after each open rather than refused.
 */
final class EmbeddedFiles {
  private static final String PREFIX = "jdbc:h2:file:";
  private static final Set<PosixFilePermission> OTHERS =
      Set.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path directory;
  private final String name;

  private EmbeddedFiles(Path database) {
    this.directory = database.getParent();
    this.name = database.getFileName().toString();
  }

  /** The files of the store at {@code url}, if it is an embedded file store. */
  static Optional<EmbeddedFiles> of(String url) {
    if (!url.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String file = url.substring(PREFIX.length());
    int semi = file.indexOf(';');
    Path database = Path.of(semi < 0 ? file : file.substring(0, semi)).toAbsolutePath();
    return Optional.of(new EmbeddedFiles(database));
  }

  Path directory() {
    return directory;
  }

  /** Creates the directory ({@code 0700}), or checks that an existing one is closed to others. */
  void prepare() {
    try {
      if (!Files.exists(directory)) {
        Files.createDirectories(directory.getParent());
        if (POSIX) {
          Files.createDirectory(
              directory,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectory(directory);
        }
        return;
      }
    } catch (IOException e) {
      throw new StoreException("cannot create the store directory " + directory, e);
    }
    if (!POSIX) {
      return;
    }
    Set<PosixFilePermission> open = opened(directory, true);
    if (!open.isEmpty()) {
      throw new StoreException(
          "the embedded store directory "
              + directory
              + " can be read by other users (mode "
              + octal(permissions(directory, true))
              + "); it holds plans with file contents. Close it first: chmod 700 "
              + directory);
    }
  }

  /** Makes every file of the database {@code 0600} (those H2 just created included). */
  void tighten() {
    if (!POSIX) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith(name + ".")).toList()) {
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && !opened(f, false).isEmpty()) {
          Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot restrict the store files in " + directory + " to 0600", e);
    }
  }

  /** What group and others may do with {@code p} (a symlinked directory: its target). */
  private static Set<PosixFilePermission> opened(Path p, boolean follow) {
    Set<PosixFilePermission> open = new java.util.HashSet<>(permissions(p, follow));
    open.retainAll(OTHERS);
    return open;
  }

  private static String octal(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission x : permissions) {
      mode |= 0400 >> x.ordinal();
    }
    return String.format("%04o", mode);
  }

  private static Set<PosixFilePermission> permissions(Path p, boolean follow) {
    try {
      return follow
          ? Files.getPosixFilePermissions(p)
          : Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new StoreException("cannot read the permissions of " + p, e);
    }
  }
}
