package dev.trueup.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceRepositoryTest {
  @Test
  void aGitUrlNamesTheRepositoryByItsPath() {
    for (String url :
        List.of(
            "https://github.com/acme/fleet.git",
            "https://github.com/acme/fleet",
            "https://github.com/Acme/Fleet/",
            "ssh://git@github.com/acme/fleet.git",
            "ssh://git@ssh.github.com:443/acme/fleet.git",
            "git@github.com:acme/fleet.git",
            "github.com:acme/fleet",
            "http://127.0.0.1:8080/acme/fleet.git")) {
      assertThat(SourceRepository.ofGitUrl(url))
          .as(url)
          .isEqualTo(SourceRepository.of("acme/fleet"));
    }
    assertThat(SourceRepository.ofGitUrl("https://gitlab.example.org/group/sub/fleet.git"))
        .isEqualTo(new SourceRepository.Path("group/sub/fleet"));
  }

  @Test
  void aLocalPathNamesNone() {
    assertThat(SourceRepository.ofGitUrl("/srv/git/fleet.git"))
        .isInstanceOf(SourceRepository.Unknown.class);
    assertThat(SourceRepository.ofGitUrl("file:///srv/git/fleet.git"))
        .isInstanceOf(SourceRepository.Unknown.class);
    assertThat(SourceRepository.ofGitUrl("https://host/"))
        .isInstanceOf(SourceRepository.Unknown.class);
  }

  @Test
  void anyFormThePayloadGivesMayMatchButOnlyTheWholePath() {
    SourceRepository fleet = SourceRepository.of("acme/fleet");
    assertThat(fleet.matches(List.of("acme/fleet"))).isTrue();
    assertThat(fleet.matches(List.of("other/x", "git@h:acme/fleet.git"))).isTrue();
    assertThat(fleet.matches(List.of("acme/fleet-2"))).isFalse();
    assertThat(fleet.matches(List.of("evil/acme/fleet"))).isFalse();
    assertThat(fleet.matches(List.of("fleet"))).isFalse();
    assertThat(fleet.matches(List.of())).isFalse();
    assertThat(new SourceRepository.Unknown("no").matches(List.of("acme/fleet"))).isTrue();
  }

  @Test
  void anEmptyRepositoryIsRefused() {
    assertThatThrownBy(() -> SourceRepository.of(" / ")).hasMessageContaining("empty");
  }
}
