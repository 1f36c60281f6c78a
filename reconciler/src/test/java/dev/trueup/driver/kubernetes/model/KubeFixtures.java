package dev.trueup.driver.kubernetes.model;

import dev.trueup.model.EnvValue;
import dev.trueup.model.HealthCheck;
import dev.trueup.model.Runtime;
import dev.trueup.model.SecretRef;
import dev.trueup.model.Service;
import dev.trueup.model.value.ImageRef;
import dev.trueup.model.value.PortMapping;
import dev.trueup.testing.fixtures.Nodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Model objects for the kubernetes driver's tests. */
public final class KubeFixtures {
  public static final String NODE = "kube-prod";
  public static final String NAMESPACE = "apps";

  private KubeFixtures() {}

  public static Service web(String image) {
    return web(image, Map.of("MODE", EnvValue.literal("prod")));
  }

  public static Service web(String image, Map<String, EnvValue> env) {
    return new Service(
        "web",
        "",
        Runtime.CONTAINER,
        Optional.of(ImageRef.parse(image).value()),
        List.of(),
        List.of(PortMapping.parse("8080:80").value()),
        env,
        List.of(),
        "always",
        Optional.empty(),
        Optional.of(
            new HealthCheck.Http(
                "http://localhost:80/healthz", Duration.ofSeconds(10), Duration.ofSeconds(2))),
        Nodes.at("services/web.yaml", 1));
  }

  public static final Map<String, EnvValue> WITH_SECRET =
      Map.of(
          "MODE",
          EnvValue.literal("prod"),
          "DB_PASSWORD",
          new EnvValue.Secret(new SecretRef("db/password")));
}
