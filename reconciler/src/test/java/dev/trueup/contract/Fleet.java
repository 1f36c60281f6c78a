package dev.trueup.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * A fleet directory in a Git repository holding the one node of a back end, whose resources are
 * what the given kinds declare. Its policy applies every change and reverts every drift, so each
 * plan the contract checks is applied whole.
 */
final class Fleet implements AutoCloseable {
  private final Path repo;
  private final BackEnd backEnd;
  private final Git git;
  private final TreeSet<String> written = new TreeSet<>();

  private Fleet(Path repo, BackEnd backEnd, Git git) {
    this.repo = repo;
    this.backEnd = backEnd;
    this.git = git;
  }

  static Fleet init(Path repo, BackEnd backEnd) throws IOException, GitAPIException {
    Files.createDirectories(repo.resolve("nodes"));
    // The secret the "file (a secret's value)" row holds, from a provider of the contract's own,
    // beside whatever providers the back end declares.
    Path secrets = repo.resolveSibling("contract-secrets");
    Files.createDirectories(secrets);
    Files.writeString(secrets.resolve("contract-key"), Kinds.SECRET_VALUE);
    String provider =
        "  contract-secret: {type: files, directory: %s}\n".formatted(secrets.toAbsolutePath());
    String extras = backEnd.fleetExtras();
    extras =
        extras.contains("secretProviders:\n")
            ? extras.replace("secretProviders:\n", "secretProviders:\n" + provider)
            : "secretProviders:\n" + provider + extras;
    Files.writeString(
        repo.resolve("fleet.yaml"), "fleet: contract\nenvironments: [development]\n" + extras);
    Files.writeString(
        repo.resolve("policy.yaml"),
        """
        matrix: {bugfix: apply, minor: apply, major: apply, architecture: apply, business: apply}
        liveDrift: {default: revert}
        maxDeleteFraction: 1.0
        """);
    return new Fleet(
        repo, backEnd, Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call());
  }

  Path repo() {
    return repo;
  }

  /** Desired state becomes exactly what these kinds declare on the node; committed. */
  void declare(List<Kind> kinds, String message) throws IOException, GitAPIException {
    Map<String, List<String>> sections = new LinkedHashMap<>();
    for (String old : written) {
      Files.deleteIfExists(repo.resolve(old));
    }
    written.clear();
    for (Kind k : kinds) {
      k.declared()
          .forEach((s, lines) -> sections.computeIfAbsent(s, x -> new ArrayList<>()).addAll(lines));
      for (var f : k.repoFiles().entrySet()) {
        Path p = repo.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue());
        written.add(f.getKey());
      }
    }
    StringBuilder node =
        new StringBuilder("node: %s\nenvironment: development\n".formatted(backEnd.where().node()))
            .append(backEnd.nodeHeader());
    sections.forEach(
        (section, lines) -> {
          node.append(section).append(":\n");
          lines.forEach(l -> node.append("  ").append(l).append('\n'));
        });
    Files.writeString(repo.resolve("nodes/" + backEnd.where().node() + ".yaml"), node);
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    git.commit()
        .setMessage(message)
        .setAuthor("dev", "dev@example.org")
        .setCommitter("dev", "dev@example.org")
        .setSign(false)
        .call();
  }

  @Override
  public void close() {
    git.close();
  }
}
