package dev.trueup.contract;

import dev.trueup.testing.RealPart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A local node (files in a temporary root) whose containers run on the lab's podman engine. */
record DockerBackEnd(Path root, Path socket) implements BackEnd {

  static Path labSocket() {
    String host =
        System.getenv()
            .getOrDefault("TRUEUP_LAB_DOCKER_HOST", "unix:///run/trueup-lab/podman.sock");
    Path socket = Path.of(host.replaceFirst("^unix://", ""));
    RealPart.PODMAN.require(Files.exists(socket));
    return socket;
  }

  @Override
  public Where where() {
    return Where.DOCKER;
  }

  @Override
  public String nodeHeader() {
    return "connection: {driver: local, root: %s}\ndocker: {socket: %s}\n".formatted(root, socket);
  }

  @Override
  public Hands hands() {
    EngineApi engine = new EngineApi(socket);
    return new Hands() {
      @Override
      public EngineApi engine() {
        return engine;
      }
    };
  }

  private static final Pattern CONTRACT_CONTAINER =
      Pattern.compile("/(trueup-contract-[a-z0-9-]+)\"");

  /** Every container named for a service of the contract, kept ones ({@code -previous-n}) too. */
  @Override
  public void clean() {
    EngineApi engine = hands().engine();
    Matcher m = CONTRACT_CONTAINER.matcher(engine.names());
    while (m.find()) {
      engine.remove(m.group(1));
    }
  }
}
