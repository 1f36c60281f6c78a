package dev.trueup.model;

import java.util.List;
import java.util.Optional;

/**
 * A local user account, created with a locked password (trueup never sets one).
 *
 * @param primaryGroup the login group; empty: the distribution's default for new users
 * @param groups supplementary groups, exactly these
 * @param present false for {@code state: absent}: the account is removed, its home only when {@code
 *     removeHome}
 * @param keys what its {@code ~/.ssh/authorized_keys} holds, when desired state says
 */
public record UserAccount(
    String name,
    Optional<Integer> uid,
    Optional<String> primaryGroup,
    boolean system,
    Optional<String> shell,
    Optional<String> home,
    List<String> groups,
    boolean present,
    boolean removeHome,
    Optional<AuthorizedKeys> keys,
    Origins origins) {

  public UserAccount {
    groups = List.copyOf(groups);
  }

  /**
   * Keys for a login.
   *
   * @param exclusive the file holds exactly these keys; otherwise only trueup's marked block in it
   *     is managed and every other line is kept
   */
  public record AuthorizedKeys(List<String> keys, boolean exclusive) {
    public AuthorizedKeys {
      keys = List.copyOf(keys);
    }
  }
}
