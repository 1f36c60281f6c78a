package dev.trueup.contract;

/** The back ends the contract runs against; each is one node of its own fleet. */
enum Where {
  /** A local node confined to a temporary root directory. */
  LOCAL,
  /** A real sshd node of the fleet lab, through sudo. */
  SSH,
  /** A local node whose containers run on the lab's real podman engine. */
  DOCKER,
  /** A namespace of fabric8's mock API server. */
  KUBERNETES;

  /** The node's name in its fleet: fixed, so that ids in the kind table can name it. */
  String node() {
    return "contract-" + name().toLowerCase(java.util.Locale.ROOT);
  }
}
