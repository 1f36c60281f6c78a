package dev.trueup.validate;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.load.DocumentKind;
import dev.trueup.load.LoadedRepo;
import dev.trueup.load.RepoDocument;
import dev.trueup.load.RepoLoader;
import dev.trueup.resolve.Resolution;
import dev.trueup.resolve.Resolver;
import dev.trueup.validate.schema.SchemaCheck;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * load → schema → resolve, collecting every problem of every stage. Documents that break their
 * schema are left out of resolution (their shape cannot be trusted), but references to them are not
 * reported again as missing.
 */
public final class Validator {
  private final RepoLoader loader;
  private final SchemaCheck schema;
  private final Resolver resolver;

  public Validator(RepoLoader loader, SchemaCheck schema, Resolver resolver) {
    this.loader = loader;
    this.schema = schema;
    this.resolver = resolver;
  }

  public Validator() {
    this(new RepoLoader(), new SchemaCheck(), new Resolver());
  }

  public ValidationReport validate(Path repo) {
    LoadedRepo loaded = loader.load(repo);
    List<Diagnostic> diagnostics = new ArrayList<>(loaded.diagnostics());
    List<RepoDocument> clean = new ArrayList<>();
    Set<String> broken = new HashSet<>(unreadable(loaded));
    List<List<Diagnostic>> perDocument =
        loaded.documents().parallelStream().map(schema::check).toList();
    for (int i = 0; i < loaded.documents().size(); i++) {
      RepoDocument doc = loaded.documents().get(i);
      List<Diagnostic> found = perDocument.get(i);
      diagnostics.addAll(found);
      if (found.stream().anyMatch(Diagnostic::isError)) {
        broken.add(doc.kind().label() + ":" + doc.stem());
      } else {
        clean.add(doc);
      }
    }
    boolean fleetUsable = clean.stream().anyMatch(d -> d.kind() == DocumentKind.FLEET);
    Optional<dev.trueup.model.DesiredState> state = Optional.empty();
    if (fleetUsable) {
      Resolution resolution =
          resolver.resolve(new LoadedRepo(loaded.root(), clean, List.of()), broken);
      diagnostics.addAll(resolution.diagnostics());
      state = resolution.state();
    }
    List<Diagnostic> sorted = diagnostics.stream().distinct().sorted(Diagnostic.BY_PLACE).toList();
    boolean anyError = sorted.stream().anyMatch(Diagnostic::isError);
    return new ValidationReport(
        loaded.root(), loaded.documents().size(), anyError ? Optional.empty() : state, sorted);
  }

  /** Documents that exist but could not be parsed, as "kind:name". */
  private static Set<String> unreadable(LoadedRepo loaded) {
    Set<String> out = new HashSet<>();
    for (Diagnostic d : loaded.diagnostics()) {
      String file = d.location().file();
      for (DocumentKind kind : DocumentKind.values()) {
        String dir = kind.directory().orElse(null);
        if (dir != null && file.startsWith(dir + "/") && file.endsWith(".yaml")) {
          out.add(kind.label() + ":" + file.substring(dir.length() + 1, file.length() - 5));
        }
      }
    }
    return out;
  }
}
