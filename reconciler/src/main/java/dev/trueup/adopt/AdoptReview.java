package dev.trueup.adopt;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.model.DesiredState;
import dev.trueup.model.FileContent;
import dev.trueup.model.ManagedFile;
import dev.trueup.model.Node;
import dev.trueup.model.SecretRef;
import dev.trueup.secrets.SecretResolver;
import dev.trueup.secrets.SecretValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How an adoption is told: the line per change, the Conventional Commit, the pull request; and the
 * two questions the planner asks of the fleet (which secrets a live value holds, which other nodes
 * a repository file feeds).
 */
public final class AdoptReview {
  /** Values this short match too much text to say a file holds them. */
  private static final int SHORTEST_SECRET = 6;

  private AdoptReview() {}

  /** The edits of every adoption that has some, in order. */
  public static List<RepoEdit> edits(List<Adoption> adoptions) {
    List<RepoEdit> out = new ArrayList<>();
    for (Adoption a : adoptions) {
      if (a instanceof Adoption.Edits e) {
        out.addAll(e.edits());
      }
    }
    return out;
  }

  /** {@code adopt file /etc/motd -> files/motd.txt} or {@code refused file ...: why}. */
  public static String line(Adoption a) {
    return switch (a) {
      case Adoption.Edits e ->
          "adopt "
              + a.subject()
              + " -> "
              + String.join(", ", e.edits().stream().map(AdoptReview::where).toList())
              + (e.notes().isEmpty() ? "" : " (" + String.join("; ", e.notes()) + ")");
      case Adoption.Refused r -> "refused " + a.subject() + ": " + r.why();
    };
  }

  private static String where(RepoEdit edit) {
    return switch (edit) {
      case RepoEdit.WriteFile w -> w.path();
      case RepoEdit.ReplaceScalar r -> r.path() + ":" + r.line();
    };
  }

  public static String title(String node) {
    return "fix(adopt): take live state of " + node + " into desired state";
  }

  /** A Conventional Commit: a fix, since desired state now says what the node already runs. */
  public static String commitMessage(String node, List<Adoption> adoptions) {
    StringBuilder sb = new StringBuilder(title(node)).append("\n\n");
    for (Adoption a : adoptions) {
      sb.append("- ").append(line(a)).append('\n');
    }
    sb.append("\nWritten by trueup adopt from what ").append(node).append(" runs now.\n");
    return sb.toString();
  }

  public static String pullRequestBody(String node, List<Adoption> adoptions) {
    StringBuilder sb = new StringBuilder();
    sb.append("Live state of **")
        .append(node)
        .append("** moved outside trueup; this takes it into desired state.\n\n");
    for (Adoption a : adoptions) {
      sb.append("- ").append(line(a).replace("|", "\\|")).append('\n');
    }
    boolean exact = adoptions.stream().allMatch(a -> a instanceof Adoption.Edits e && e.exact());
    sb.append('\n')
        .append(
            exact
                ? "Once merged, the plan for this node shows no change to live state."
                : "Some values could not be written back exactly (see above): the plan after"
                    + " merging still shows them until they are folded in by hand.")
        .append('\n');
    return sb.toString();
  }

  /**
   * Which of the node's secrets a text holds the value of: each one that resolves here (one that
   * does not cannot be compared, and is skipped).
   */
  public static Function<String, Optional<String>> secretFinder(Node node, DesiredState state) {
    SecretResolver resolver = SecretResolver.of(state.secretProviders());
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : node.secrets().keySet()) {
      try {
        SecretValue v = resolver.resolve(node, new SecretRef(name));
        String text = v.reveal().strip();
        if (text.length() >= SHORTEST_SECRET) {
          values.put(name, text);
        }
      } catch (RuntimeException e) {
        // Not resolvable on this machine: nothing to compare with.
      }
    }
    return text ->
        values.entrySet().stream()
            .filter(e -> text.contains(e.getValue()))
            .map(Map.Entry::getKey)
            .findFirst();
  }

  /** The other nodes a repository file also feeds, by name. */
  public static List<String> sharedWith(DesiredState state, Node node, SourceLocation at) {
    String file = at.file();
    List<String> out = new ArrayList<>();
    for (Node other : state.nodes().values()) {
      if (other.name().equals(node.name())) {
        continue;
      }
      boolean shares =
          file.equals("fleet.yaml")
              || (file.startsWith("services/") && other.services().containsKey(stem(file)))
              || (file.startsWith("groups/") && other.groups().contains(stem(file)))
              || other.files().values().stream().anyMatch(f -> sourceIs(f, file));
      if (shares) {
        out.add(other.name());
      }
    }
    return out;
  }

  private static boolean sourceIs(ManagedFile f, String file) {
    return f.content() instanceof FileContent.Source s && s.source().equals(file);
  }

  private static String stem(String file) {
    String base = file.substring(file.lastIndexOf('/') + 1);
    int dot = base.lastIndexOf('.');
    return dot < 0 ? base : base.substring(0, dot);
  }
}
