package dev.trueup.load;

import dev.trueup.diagnostic.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Every document of a repository that could be parsed, and every problem met reading them. */
public record LoadedRepo(Path root, List<RepoDocument> documents, List<Diagnostic> diagnostics) {

  public LoadedRepo {
    documents = List.copyOf(documents);
    diagnostics = List.copyOf(diagnostics);
  }

  public List<RepoDocument> of(DocumentKind kind) {
    return documents.stream().filter(d -> d.kind() == kind).toList();
  }

  public Optional<RepoDocument> single(DocumentKind kind) {
    return documents.stream().filter(d -> d.kind() == kind).findFirst();
  }
}
