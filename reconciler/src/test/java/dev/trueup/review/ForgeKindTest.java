package dev.trueup.review;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForgeKindTest {

  @Test
  void namesAreTakenInAnyCaseAndForgejoIsGitea() {
    assertThat(ForgeKind.named("GitHub")).contains(ForgeKind.GITHUB);
    assertThat(ForgeKind.named(" gitlab ")).contains(ForgeKind.GITLAB);
    assertThat(ForgeKind.named("forgejo")).contains(ForgeKind.GITEA);
    assertThat(ForgeKind.named("githb")).isEmpty();
    assertThat(ForgeKind.named("generic")).as("webhooks only: no comment API").isEmpty();
    assertThat(ForgeKind.names()).isEqualTo("github, gitlab, gitea (forgejo too)");
  }

  @Test
  void eachKindOpensItsOwnApi() {
    String api = "http://127.0.0.1:9";
    assertThat(ForgeKind.GITHUB.open(api, "acme/fleet", 7, "t")).isInstanceOf(GitHubForge.class);
    assertThat(ForgeKind.GITLAB.open(api, "acme/fleet", 7, "t")).isInstanceOf(GitLabForge.class);
    assertThat(ForgeKind.GITEA.open(api, "acme/fleet", 7, "t")).isInstanceOf(GiteaForge.class);
  }
}
