package dev.trueup.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.source.GitHead;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refs resolve as a CI checkout names them; files come from Git's objects, nothing else. */
class RevisionsTest {
  @TempDir Path repo;
  @TempDir Path sandboxes;
  @TempDir Path checkout;

  @Test
  void aCiCheckoutResolvesOriginMainAndADetachedHead() throws Exception {
    String base;
    String head;
    try (ReviewFleet fleet = new ReviewFleet(repo, sandboxes)) {
      base = fleet.git.getRepository().resolve("main").name();
      fleet.branch("change");
      fleet.write(".gitattributes", "*.yaml filter=evil\n");
      fleet.replace("fleet.yaml", "8000", "8080");
      head = fleet.commit("fix: port");
    }
    // As CI does it: a clone, the change checked out detached, no local main branch.
    try (Git ci =
        Git.cloneRepository()
            .setURI(repo.toUri().toString())
            .setDirectory(checkout.toFile())
            .setBranch("change")
            .call()) {
      ci.checkout().setName(head).call();
      ci.branchDelete().setBranchNames("change").setForce(true).call();
    }
    try (Revisions r = Revisions.materialize(checkout.toString(), "origin/main", "HEAD")) {
      assertThat(r.base().commit()).isEqualTo(base);
      assertThat(r.head().commit()).isEqualTo(head);
      assertThat(Files.readString(r.head().dir().resolve("fleet.yaml"))).contains("8080");
      assertThat(Files.readString(r.base().dir().resolve("fleet.yaml"))).contains("8000");
      assertThat(GitHead.cleanCommit(r.head().dir())).contains(head);
      assertThat(Files.exists(r.base().dir().resolve(".git"))).isFalse();
    }
    try (Revisions r = Revisions.materialize(checkout.toString(), base.substring(0, 8), head)) {
      assertThat(r.base().commit()).isEqualTo(base);
    }
    assertThatThrownBy(() -> Revisions.materialize(checkout.toString(), "main..HEAD", "HEAD"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
