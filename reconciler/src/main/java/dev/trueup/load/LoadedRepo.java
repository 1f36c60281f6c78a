package dev.trueup.load;

import dev.trueup.diagnostic.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Every document of a repository that could be parsed, and every problem met reading them.
 *
 * @param files how many YAML files were read, those that could not be parsed included
 */
public record LoadedRepo(
    Path root, List<RepoDocument> documents, List<Diagnostic> diagnostics, int files) {

  /** The location of a problem with the repository as a whole (its directory). */
  public static final String REPOSITORY = ".";

  public LoadedRepo {
    documents = List.copyOf(documents);
    diagnostics = List.copyOf(diagnostics);
  }

  /** Documents only, each file parsed: the count is theirs. */
  public LoadedRepo(Path root, List<RepoDocument> documents, List<Diagnostic> diagnostics) {
    this(root, documents, diagnostics, documents.size());
  }

  public List<RepoDocument> of(DocumentKind kind) {
    return documents.stream().filter(d -> d.kind() == kind).toList();
  }

  public Optional<RepoDocument> single(DocumentKind kind) {
    return documents.stream().filter(d -> d.kind() == kind).findFirst();
  }
}
