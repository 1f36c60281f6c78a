package dev.trueup.load;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.diagnostic.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a desired-state repository from a directory: finds its files by convention, refuses ones
 * that are not regular files inside the repository, and parses each. Problems are collected, never
 * thrown.
 */
public final class RepoLoader {

  private final YamlParser parser;

  public RepoLoader(YamlParser parser) {
    this.parser = parser;
  }

  public RepoLoader() {
    this(new YamlParser());
  }

  public LoadedRepo load(Path repo) {
    List<Diagnostic> problems = Collections.synchronizedList(new ArrayList<>());
    Path root;
    try {
      root = repo.toRealPath();
    } catch (IOException e) {
      problems.add(
          Diagnostic.error(
              "repo.missing",
              SourceLocation.ofFile(LoadedRepo.REPOSITORY),
              "",
              "repository directory " + repo + " does not exist or cannot be read"));
      return new LoadedRepo(repo, List.of(), problems);
    }
    if (!Files.isDirectory(root)) {
      problems.add(
          Diagnostic.error(
              "repo.missing",
              SourceLocation.ofFile(LoadedRepo.REPOSITORY),
              "",
              repo + " is not a directory"));
      return new LoadedRepo(root, List.of(), problems);
    }
    List<Candidate> candidates = new ArrayList<>();
    for (DocumentKind kind : DocumentKind.values()) {
      kind.fileName().ifPresent(name -> single(root, kind, name, candidates, problems));
      kind.directory().ifPresent(dir -> directory(root, kind, dir, candidates, problems));
    }
    List<RepoDocument> documents =
        candidates.parallelStream()
            .map(c -> read(root, c, problems))
            .flatMap(Optional::stream)
            .toList();
    return new LoadedRepo(root, documents, problems, candidates.size());
  }

  private record Candidate(DocumentKind kind, Path path, String file, String stem) {}

  private static void single(
      Path root, DocumentKind kind, String name, List<Candidate> out, List<Diagnostic> problems) {
    Path path = root.resolve(name);
    String stem = name.substring(0, name.length() - ".yaml".length());
    Path yml = root.resolve(stem + ".yml");
    if (Files.exists(yml, LinkOption.NOFOLLOW_LINKS)) {
      problems.add(misnamed(stem + ".yml", name));
    }
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      out.add(new Candidate(kind, path, name, stem));
    } else if (kind == DocumentKind.FLEET) {
      problems.add(
          Diagnostic.error(
                  "repo.no-fleet",
                  SourceLocation.ofFile(name),
                  "",
                  "fleet.yaml not found at the repository root")
              .withHint("is --repo pointing at the right directory?"));
    }
  }

  private static void directory(
      Path root, DocumentKind kind, String dir, List<Candidate> out, List<Diagnostic> problems) {
    Path path = root.resolve(dir);
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> entries = Files.list(path)) {
      for (Path entry : entries.sorted().toList()) {
        String name = entry.getFileName().toString();
        String file = dir + "/" + name;
        if (name.startsWith(".")) {
          continue;
        }
        if (name.endsWith(".yml")) {
          problems.add(misnamed(file, dir + "/" + name.substring(0, name.length() - 4) + ".yaml"));
        } else if (name.endsWith(".yaml")) {
          out.add(new Candidate(kind, entry, file, name.substring(0, name.length() - 5)));
        } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          problems.add(
              Diagnostic.error(
                      "repo.unexpected-file",
                      SourceLocation.ofFile(file),
                      "",
                      "subdirectories are not read: " + file)
                  .asWarning());
        }
      }
    } catch (IOException e) {
      problems.add(
          Diagnostic.error(
              "repo.unreadable", SourceLocation.ofFile(dir), "", "cannot list " + dir));
    }
  }

  private static Diagnostic misnamed(String file, String expected) {
    return Diagnostic.error(
            "repo.yml-extension", SourceLocation.ofFile(file), "", file + " is not read")
        .withHint("rename it to " + expected);
  }

  private Optional<RepoDocument> read(Path root, Candidate c, List<Diagnostic> problems) {
    SourceLocation whole = SourceLocation.ofFile(c.file());
    try {
      Path real = c.path().toRealPath();
      if (!real.startsWith(root)) {
        problems.add(
            Diagnostic.error(
                    "repo.outside",
                    whole,
                    "",
                    c.file() + " is a symbolic link to a file outside the repository")
                .withHint("copy the file into the repository instead"));
        return Optional.empty();
      }
      if (!Files.isRegularFile(real)) {
        problems.add(Diagnostic.error("repo.not-a-file", whole, "", c.file() + " is not a file"));
        return Optional.empty();
      }
      long size = Files.size(real);
      if (size > YamlLimits.DEFAULT.maxBytes()) {
        problems.add(
            Diagnostic.error(
                "yaml.too-large",
                whole,
                "",
                "file is " + size + " bytes; the limit is " + YamlLimits.DEFAULT.maxBytes()));
        return Optional.empty();
      }
      YamlParse parse = parser.parse(c.file(), Files.readAllBytes(real));
      problems.addAll(parse.diagnostics());
      return parse.root().map(r -> new RepoDocument(c.kind(), c.file(), c.stem(), r));
    } catch (IOException e) {
      problems.add(Diagnostic.error("repo.unreadable", whole, "", "cannot read " + c.file()));
      return Optional.empty();
    }
  }
}
