package dev.trueup.model.value;

/**
 * A line for {@code authorized_keys}: an OpenSSH public key {@code type base64 [comment]}, checked
 * like a pinned host key (same algorithms, the blob decodes and holds the type it claims), so a
 * private key, a fingerprint or a truncated paste is refused at validation, not at login time.
 */
public final class PublicKeyLine {
  private PublicKeyLine() {}

  public static Parsed<String> parse(String text) {
    return switch (HostKey.parse(text)) {
      case Parsed.Ok<HostKey> ok -> Parsed.ok(text.strip());
      case Parsed.Invalid<HostKey> bad ->
          Parsed.invalid(
              bad.message().replace("host key", "not an OpenSSH public key: key"),
              "paste one line of the user's ~/.ssh/id_*.pub");
    };
  }
}
