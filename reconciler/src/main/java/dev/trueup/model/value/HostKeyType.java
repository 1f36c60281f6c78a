package dev.trueup.model.value;

/** The SSH host-key algorithms trueup pins; each knows the type string inside its key blob. */
public enum HostKeyType {
  ED25519("ssh-ed25519"),
  ECDSA_P256("ecdsa-sha2-nistp256"),
  ECDSA_P384("ecdsa-sha2-nistp384"),
  ECDSA_P521("ecdsa-sha2-nistp521"),
  RSA("ssh-rsa");

  private final String wireName;

  HostKeyType(String wireName) {
    this.wireName = wireName;
  }

  /** The type string embedded in the key blob and written in known_hosts. */
  public String wireName() {
    return wireName;
  }

  /**
   * The key type for a name as written on a key line. The RSA signature algorithm names
   * (rsa-sha2-256/512) denote the same ssh-rsa key.
   */
  public static HostKeyType fromName(String name) {
    for (HostKeyType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    return switch (name) {
      case "rsa-sha2-256", "rsa-sha2-512" -> RSA;
      default -> null;
    };
  }
}
