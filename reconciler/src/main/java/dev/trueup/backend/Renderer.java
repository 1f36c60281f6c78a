package dev.trueup.backend;

import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.model.SecretRef;
import dev.trueup.observe.ObservationRequest;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.Marker;
import dev.trueup.render.RenderContext;
import dev.trueup.render.RepoFiles;
import dev.trueup.render.Resources;
import dev.trueup.render.SecretFile;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a resolved node into the exact resources trueup manages there, by asking each back end of
 * {@link BackEnds#ALL} that manages the node for its kinds. Reads templates and source files only
 * through the injected {@link RepoFiles}; a broken template is a render error of that node, never
 * an exception.
 */
public final class Renderer {
  private final RenderContext context;

  /**
   * @param repo the desired-state repository's files ({@code templates/}, {@code files/})
   * @param builtins trueup's own templates (normally {@link RepoFiles#classpath()})
   */
  public Renderer(RepoFiles repo, RepoFiles builtins) {
    this.context = new RenderContext(repo, builtins);
  }

  public Renderer(RepoFiles repo) {
    this(repo, RepoFiles.classpath());
  }

  public DesiredNode render(Node node, DesiredState fleet) {
    Resources out = new Resources();
    for (BackEnd b : BackEnds.ALL) {
      if (b.renderer().renders(node)) {
        b.renderer().render(node, context, out);
      }
    }
    return new DesiredNode(
        node.name(), node.environment(), node.groups(), out.resources(), out.errors());
  }

  /** What the driver must look at on the node to diff it against {@code desired}. */
  public static ObservationRequest request(DesiredNode desired) {
    TreeSet<String> paths = new TreeSet<>();
    TreeSet<String> units = new TreeSet<>();
    TreeSet<String> containers = new TreeSet<>();
    TreeMap<String, SecretRef> secretFiles = new TreeMap<>();
    TreeSet<String> facts = new TreeSet<>();
    for (DesiredResource r : desired.resources()) {
      if (r instanceof DesiredResource.DesiredFile f) {
        SecretFile.parse(f).ifPresent(ref -> secretFiles.put(f.path(), ref));
      }
      switch (r.kind()) {
        case UNIT -> units.add(r.id());
        case CONTAINER -> containers.add(r.id());
        case KUBERNETES_OBJECT -> {}
        case DIRECTORY, FILE, SCHEDULE, ALERT_RULES, UNIT_FILE -> paths.add(r.id());
        case PACKAGE, GROUP, USER, AUTHORIZED_KEYS, CRONTAB, SYSCTL, FIREWALL -> {}
      }
      facts.addAll(r.observedFacts());
    }
    desired.errors().forEach(e -> e.path().ifPresent(paths::add));
    BackEnds.ALL.forEach(b -> paths.addAll(b.differ().alsoObserved(desired)));
    return new ObservationRequest(
        paths, units, new TreeSet<>(Marker.MANAGED_DIRECTORIES), containers, secretFiles, facts);
  }
}
