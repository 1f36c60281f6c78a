package dev.trueup.adopt;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.diff.FieldChange;
import dev.trueup.live.LiveEntry;
import dev.trueup.model.FileContent;
import dev.trueup.model.ManagedDirectory;
import dev.trueup.model.ManagedFile;
import dev.trueup.model.Node;
import dev.trueup.model.Origins;
import dev.trueup.model.Service;
import dev.trueup.observe.LiveNode;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Works out, for each change of a node's plan, how desired state would say what live says: a plain
 * source's bytes into files/, a field's value at the place (file, line, column) validation found
 * it, the live file beside a template it cannot invert. Refuses what must not or cannot go into
 * Git: anything that is or holds a secret, a deletion or a creation, a value only a person can
 * place. Pure: the live observation and a secret finder come in.
 */
public final class AdoptPlanner {
  private static final Set<String> ATTRIBUTES = Set.of("mode", "owner", "group");

  private final Node node;
  private final LiveNode live;
  private final Function<String, Optional<String>> secretIn;
  private final Function<SourceLocation, List<String>> sharedWith;

  /**
   * @param secretIn the name of a secret of the node whose value the text holds, if any
   * @param sharedWith the other nodes a repository file also feeds (a service, a group, the fleet's
   *     defaults), so the review says an edit there changes them too
   */
  public AdoptPlanner(
      Node node,
      LiveNode live,
      Function<String, Optional<String>> secretIn,
      Function<SourceLocation, List<String>> sharedWith) {
    this.node = node;
    this.live = live;
    this.secretIn = secretIn;
    this.sharedWith = sharedWith;
  }

  public List<Adoption> plan(List<Change> changes) {
    return changes.stream().map(this::adopt).toList();
  }

  private Adoption adopt(Change c) {
    if (c.action() != Action.UPDATE) {
      return new Adoption.Refused(
          c,
          c.action() == Action.CREATE
              ? "live has no "
                  + c.kind().label()
                  + " "
                  + c.id()
                  + ": to adopt its absence, remove it from desired state by hand"
              : "live has a "
                  + c.kind().label()
                  + " desired state does not know: declare it by hand to keep it");
    }
    return switch (c.kind()) {
      case FILE -> file(c);
      case DIRECTORY -> directory(c);
      case CONTAINER -> container(c);
      default ->
          new Adoption.Refused(
              c,
              "adopt takes files, directories and container images into Git; a "
                  + c.kind().label()
                  + " is changed by hand in desired state");
    };
  }

  private Adoption file(Change c) {
    ManagedFile f = node.files().get(c.id());
    if (f == null) {
      return new Adoption.Refused(
          c,
          "trueup generates this file from the node's settings: adopt the setting, not the file");
    }
    if (f.content() instanceof FileContent.Secret s) {
      return new Adoption.Refused(
          c, "it holds secret " + s.ref().name() + ": secrets are never written into Git");
    }
    List<RepoEdit> edits = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean exact = true;
    for (FieldChange field : c.fields()) {
      if (field.field().equals("content")) {
        Optional<String> text = liveText(c.id());
        if (text.isEmpty()) {
          return new Adoption.Refused(
              c,
              "its live content did not come back as text (larger than the probe's 256 KiB, or"
                  + " not UTF-8): copy it into the repository by hand");
        }
        Optional<String> secret = secretIn.apply(text.get());
        if (secret.isPresent()) {
          return new Adoption.Refused(
              c,
              "its live content holds the value of secret "
                  + secret.get()
                  + ": secrets are never written into Git");
        }
        switch (f.content()) {
          case FileContent.Source s -> {
            edits.add(
                new RepoEdit.WriteFile(s.source(), text.get().getBytes(StandardCharsets.UTF_8)));
            notes.addAll(shared(SourceLocation.ofFile(s.source()), s.source()));
          }
          case FileContent.Inline i -> {
            Optional<RepoEdit> edit =
                scalar(f.origins(), "content", YamlScalarEdit.quoted(text.get()));
            if (edit.isEmpty()) {
              return unplaceable(c, f.origins(), "content");
            }
            edits.add(edit.get());
            notes.addAll(shared(f.origins().of("content"), "its content"));
          }
          case FileContent.Template t -> {
            String copy = "adopted/" + node.name() + c.id();
            edits.add(new RepoEdit.WriteFile(copy, text.get().getBytes(StandardCharsets.UTF_8)));
            notes.add(
                "rendered from template "
                    + t.template()
                    + ", which trueup cannot invert: the live file is at "
                    + copy
                    + "; fold what changed into the template (or its vars) before merging");
            exact = false;
          }
          case FileContent.Secret s -> throw new IllegalStateException("refused above");
        }
      } else if (ATTRIBUTES.contains(field.field()) && field.live().isPresent()) {
        Optional<RepoEdit> edit =
            scalar(f.origins(), field.field(), YamlScalarEdit.quoted(field.live().get()));
        if (edit.isEmpty()) {
          return unplaceable(c, f.origins(), field.field());
        }
        edits.add(edit.get());
        notes.addAll(shared(f.origins().of(field.field()), "its " + field.field()));
      } else {
        return new Adoption.Refused(
            c, "its " + field.field() + " changed, which adopt does not take: change it by hand");
      }
    }
    return new Adoption.Edits(c, edits, notes, exact);
  }

  private Adoption directory(Change c) {
    ManagedDirectory d = node.directories().get(c.id());
    if (d == null) {
      return new Adoption.Refused(c, "trueup generates this directory: nothing to adopt");
    }
    List<RepoEdit> edits = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (FieldChange field : c.fields()) {
      if (!ATTRIBUTES.contains(field.field()) || field.live().isEmpty()) {
        return new Adoption.Refused(
            c, "its " + field.field() + " changed, which adopt does not take: change it by hand");
      }
      Optional<RepoEdit> edit =
          scalar(d.origins(), field.field(), YamlScalarEdit.quoted(field.live().get()));
      if (edit.isEmpty()) {
        return unplaceable(c, d.origins(), field.field());
      }
      edits.add(edit.get());
      notes.addAll(shared(d.origins().of(field.field()), "its " + field.field()));
    }
    return new Adoption.Edits(c, edits, notes, true);
  }

  private Adoption container(Change c) {
    Optional<Service> service =
        node.services().values().stream()
            .filter(
                s ->
                    c.id()
                        .equals(dev.trueup.driver.docker.model.DesiredContainer.PREFIX + s.name()))
            .findFirst();
    if (service.isEmpty()) {
      return new Adoption.Refused(c, "no service of the node runs this container");
    }
    List<RepoEdit> edits = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (FieldChange field : c.fields()) {
      if (!field.field().equals("image") || field.live().isEmpty()) {
        return new Adoption.Refused(
            c,
            "its "
                + field.field()
                + " changed; adopt takes a container's image only: change the rest by hand");
      }
      Optional<RepoEdit> edit =
          scalar(service.get().origins(), "image", YamlScalarEdit.quoted(field.live().get()));
      if (edit.isEmpty()) {
        return unplaceable(c, service.get().origins(), "image");
      }
      edits.add(edit.get());
      notes.addAll(shared(service.get().origins().of("image"), "its image"));
    }
    return new Adoption.Edits(c, edits, notes, true);
  }

  /** The edit of a field's scalar where validation found it; empty when it was defaulted. */
  private static Optional<RepoEdit> scalar(Origins origins, String field, String yaml) {
    SourceLocation at = origins.of(field);
    if (at.equals(origins.self()) || at.line() <= 0) {
      return Optional.empty();
    }
    return Optional.of(new RepoEdit.ReplaceScalar(at.file(), at.line(), at.column(), yaml));
  }

  private static Adoption unplaceable(Change c, Origins origins, String field) {
    SourceLocation at = origins.of(field);
    return new Adoption.Refused(
        c,
        "its "
            + field
            + " has no single place to write back to ("
            + at.file()
            + (at.line() > 0 ? ":" + at.line() : "")
            + "): change it by hand");
  }

  private List<String> shared(SourceLocation at, String what) {
    List<String> others = sharedWith.apply(at);
    return others.isEmpty()
        ? List.of()
        : List.of(
            what
                + " comes from "
                + at.file()
                + ", which nodes "
                + String.join(", ", others)
                + " share: merging changes them too");
  }

  private Optional<String> liveText(String path) {
    if (!(live.paths().get(path) instanceof LiveEntry.File f) || f.content().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(f.content().get()))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
