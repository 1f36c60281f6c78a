package dev.trueup.model;

/** How a service runs on a node. */
public enum Runtime {
  CONTAINER("container"),
  SYSTEMD("systemd");

  private final String yaml;

  Runtime(String yaml) {
    this.yaml = yaml;
  }

  public String yaml() {
    return yaml;
  }

  public static Runtime fromYaml(String text) {
    for (Runtime r : values()) {
      if (r.yaml.equals(text)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown runtime " + text);
  }
}
