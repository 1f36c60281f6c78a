package dev.trueup.review;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A desired-state Git repository for review tests: local sandbox nodes (staging, production, and a
 * production ledger in the billing group), a base policy that makes billing a business decision,
 * and commits with fixed dates so that commit ids, and so the golden reports, are stable.
 */
final class ReviewFleet implements AutoCloseable {
  final Path repo;
  final Path sandboxes;
  final Git git;
  private int tick;

  ReviewFleet(Path repo, Path sandboxes) throws Exception {
    this.repo = repo;
    this.sandboxes = sandboxes;
    git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
    Files.createDirectories(repo.resolve("nodes"));
    Files.createDirectories(repo.resolve("groups"));
    Files.createDirectories(repo.resolve("templates"));
    write(
        "fleet.yaml",
        """
        fleet: review
        environments: [development, staging, production]
        defaults:
          directories:
            /etc/app: {mode: "0755"}
          files:
            /etc/app/app.conf: {template: app.conf.ftl, mode: "0644", vars: {port: 8000}}
        """);
    write("templates/app.conf.ftl", "port=${vars.port}\n");
    write("groups/billing.yaml", "group: billing\ndescription: invoices\n");
    write(
        "policy.yaml",
        """
        rules:
          - name: billing-is-business
            match: {group: billing}
            class: business
        """);
    node("stage", "staging", "");
    node("prod", "production", "");
    node("ledger", "production", "groups: [billing]\n");
    commit("feat: the app on staging, production and the ledger");
  }

  void node(String name, String env, String extra) throws Exception {
    write(
        "nodes/" + name + ".yaml",
        "node: %s\nenvironment: %s\n%sconnection: {driver: local, root: %s}\n"
            .formatted(name, env, extra, sandboxes.resolve(name)));
  }

  void write(String path, String text) throws Exception {
    Files.createDirectories(repo.resolve(path).getParent());
    Files.writeString(repo.resolve(path), text);
  }

  void append(String path, String text) throws Exception {
    write(path, Files.readString(repo.resolve(path)) + text);
  }

  void replace(String path, String from, String to) throws Exception {
    write(path, Files.readString(repo.resolve(path)).replace(from, to));
  }

  void branch(String name) throws Exception {
    git.checkout().setCreateBranch(true).setName(name).call();
  }

  String commit(String message) throws Exception {
    git.add().addFilepattern(".").call();
    PersonIdent who =
        new PersonIdent(
            "dev",
            "dev@example.org",
            Instant.parse("2026-01-01T10:00:00Z").plusSeconds(60L * tick++),
            ZoneOffset.UTC);
    return git.commit()
        .setMessage(message)
        .setAuthor(who)
        .setCommitter(who)
        .setSign(false)
        .call()
        .getName();
  }

  @Override
  public void close() {
    git.close();
  }
}
