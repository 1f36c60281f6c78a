package dev.trueup.model;

import dev.trueup.model.value.HostKey;
import java.util.List;
import java.util.Optional;

/** How trueup reaches a node. The driver is chosen by the variant. */
public sealed interface Connection {

  String driver();

  Origins origins();

  /** A machine reached over SSH with pinned host keys and a key taken from a secret. */
  record Ssh(
      String host,
      int port,
      String user,
      boolean sudo,
      List<HostKey> hostKeys,
      SecretRef identity,
      Origins origins)
      implements Connection {
    public Ssh {
      hostKeys = List.copyOf(hostKeys);
    }

    @Override
    public String driver() {
      return "ssh";
    }
  }

  /**
   * The machine trueup runs on, optionally confined to a directory that stands in for {@code /}
   * (demos and tests manage a sandbox, not the real system).
   */
  record Local(Optional<String> root, Origins origins) implements Connection {
    @Override
    public String driver() {
      return "local";
    }
  }

  /**
   * One namespace of a Kubernetes cluster, reached through a context of a kubeconfig file or the
   * service account of the pod trueup runs in.
   *
   * @param jobImage the image schedule CronJobs run their command in
   */
  record Kubernetes(ClusterAccess access, String namespace, String jobImage, Origins origins)
      implements Connection {
    public static final String DEFAULT_JOB_IMAGE = "busybox:1.36";

    @Override
    public String driver() {
      return "kubernetes";
    }
  }
}
