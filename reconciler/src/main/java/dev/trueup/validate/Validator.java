package dev.trueup.validate;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.load.DocumentKind;
import dev.trueup.load.LoadedRepo;
import dev.trueup.load.RepoDocument;
import dev.trueup.load.RepoLoader;
import dev.trueup.render.RepoFiles;
import dev.trueup.render.TemplateCheck;
import dev.trueup.resolve.Resolution;
import dev.trueup.resolve.Resolver;
import dev.trueup.validate.schema.SchemaCheck;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * load → schema → resolve → render templates, collecting every problem of every stage at once.
 * Every document that parsed is resolved, even one that broke its schema (the binder trusts no
 * shape), so semantic problems show up in the same run; a place the schema already reported is not
 * reported again. Documents that did not parse are left out, and references to them are not
 * reported as missing. Templates are rendered once a state resolved: a plan must not be the first
 * to find that one never ends ({@link TemplateCheck}).
 */
public final class Validator {

  private final RepoLoader loader;
  private final SchemaCheck schema;
  private final Resolver resolver;
  private final Clock clock;
  private final PromQlCheck promql;

  public Validator(RepoLoader loader, SchemaCheck schema, Resolver resolver) {
    this(loader, schema, resolver, Clock.systemUTC(), PromQlCheck.installed());
  }

  private Validator(
      RepoLoader loader, SchemaCheck schema, Resolver resolver, Clock clock, PromQlCheck promql) {
    this.loader = loader;
    this.schema = schema;
    this.resolver = resolver;
    this.clock = clock;
    this.promql = promql;
  }

  /** A validator that checks hand-written PromQL with this promtool (empty: none installed). */
  public static Validator withPromtool(java.util.Optional<java.nio.file.Path> promtool) {
    return new Validator(
        new RepoLoader(),
        new SchemaCheck(),
        new Resolver(Clock.systemUTC()),
        Clock.systemUTC(),
        new PromQlCheck(promtool));
  }

  public Validator() {
    this(Clock.systemUTC());
  }

  /**
   * @param clock today, for checks that depend on it (see {@link Resolver#Resolver(Clock)})
   */
  public Validator(Clock clock) {
    this(new RepoLoader(), new SchemaCheck(), new Resolver(clock), clock, PromQlCheck.installed());
  }

  /** The clock validation reads today from; planning decides maintenance windows by it too. */
  public Clock clock() {
    return clock;
  }

  public ValidationReport validate(Path repo) {
    LoadedRepo loaded = loader.load(repo);
    List<Diagnostic> diagnostics = new ArrayList<>(loaded.diagnostics());
    List<RepoDocument> parsed = new ArrayList<>();
    Set<String> broken = new HashSet<>(unreadable(loaded));
    Set<String> unparsable = filesWithErrors(loaded.diagnostics());
    List<List<Diagnostic>> perDocument =
        loaded.documents().parallelStream()
            .map(d -> unparsable.contains(d.file()) ? List.<Diagnostic>of() : schema.check(d))
            .toList();
    List<Diagnostic> schemaFindings = new ArrayList<>();
    for (int i = 0; i < loaded.documents().size(); i++) {
      RepoDocument doc = loaded.documents().get(i);
      schemaFindings.addAll(perDocument.get(i));
      if (unparsable.contains(doc.file())) {
        broken.add(doc.kind().label() + ":" + doc.stem());
      } else {
        parsed.add(doc);
      }
    }
    List<Diagnostic> resolverFindings = List.of();
    Optional<dev.trueup.model.DesiredState> state = Optional.empty();
    if (parsed.stream().anyMatch(d -> d.kind() == DocumentKind.FLEET)) {
      Resolution resolution =
          resolver.resolve(new LoadedRepo(loaded.root(), parsed, List.of()), broken);
      resolverFindings = resolution.diagnostics();
      state = resolution.state();
    }
    diagnostics.addAll(oneFindingPerPlace(schemaFindings, resolverFindings));
    state.ifPresent(
        s -> diagnostics.addAll(new TemplateCheck(RepoFiles.directory(loaded.root())).check(s)));
    state.ifPresent(s -> diagnostics.addAll(promql.check(s)));
    List<Diagnostic> sorted = diagnostics.stream().distinct().sorted(Diagnostic.BY_PLACE).toList();
    boolean anyError = sorted.stream().anyMatch(Diagnostic::isError);
    return new ValidationReport(
        loaded.root(), loaded.files(), anyError ? Optional.empty() : state, sorted);
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

  private static Set<String> filesWithErrors(List<Diagnostic> diagnostics) {
    Set<String> out = new HashSet<>();
    diagnostics.stream().filter(Diagnostic::isError).forEach(d -> out.add(d.location().file()));
    return out;
  }

  /**
   * Where the schema and the resolver both object to one value, keep one: the resolver's when the
   * schema only saw a pattern mismatch (the value parser says exactly what is wrong, "hour 24 is
   * out of range 0-23"), the schema's otherwise (wrong type, unknown field).
   */
  private static List<Diagnostic> oneFindingPerPlace(
      List<Diagnostic> schemaFindings, List<Diagnostic> resolverFindings) {
    Set<SourceLocation> resolverPlaces = new HashSet<>();
    resolverFindings.forEach(d -> resolverPlaces.add(d.location()));
    Set<SourceLocation> schemaPlaces = new HashSet<>();
    List<Diagnostic> out = new ArrayList<>();
    for (Diagnostic d : schemaFindings) {
      if (d.code().equals("schema.pattern") && resolverPlaces.contains(d.location())) {
        continue;
      }
      schemaPlaces.add(d.location());
      out.add(d);
    }
    resolverFindings.stream().filter(d -> !schemaPlaces.contains(d.location())).forEach(out::add);
    return out;
  }
}
