package dev.trueup.cli;

import java.util.Map;
import java.util.Optional;

/**
 * Who asks or decides, for {@code --by}: the flag, else {@code $USER}, else the OS account running
 * trueup (its name from the system, not the environment), never a made-up "unknown".
 */
record Who(String name, Source source) {

  /** Where the name came from. */
  enum Source {
    FLAG,
    USER_VARIABLE,
    OS_ACCOUNT
  }

  static Who of(String by, Map<String, String> env, String osAccount) {
    if (by != null && !by.isBlank()) {
      return new Who(by.trim(), Source.FLAG);
    }
    String user = env.get("USER");
    if (user != null && !user.isBlank()) {
      return new Who(user.trim(), Source.USER_VARIABLE);
    }
    // The JVM reads the account of the process's user id; "?" when the id has no name.
    if (osAccount != null && !osAccount.isBlank() && !osAccount.equals("?")) {
      return new Who(osAccount, Source.OS_ACCOUNT);
    }
    throw new CommandFailure("cannot tell who this is: $USER is not set; name someone with --by");
  }

  static Who current(String by) {
    return of(by, System.getenv(), System.getProperty("user.name"));
  }

  /** What to tell the user when the name was not given: only the OS fallback is a surprise. */
  Optional<String> note() {
    return source == Source.OS_ACCOUNT
        ? Optional.of(
            "$USER is not set: acting as '"
                + name
                + "', the OS account running trueup (name someone with --by)")
        : Optional.empty();
  }
}
