package dev.trueup.review;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The drift-reports directory: {@code <yyyy-MM-dd>-<short revision>.md} with its {@code .json}
 * beside it for pull-request reviews, {@code <yyyy-MM-dd>-drift-<short revision>-<HHmm>.md} and
 * {@code .json} for scheduled drift checks, and {@code index.md} listing every report, newest
 * first, rebuilt from the JSON files alone (so the index is the same whoever writes it, whatever
 * the order).
 */
public final class Archive {
  private final Path dir;

  public Archive(Path dir) {
    this.dir = dir;
  }

  /** Writes both files and the index; returns the Markdown file. */
  public Path write(Review review, String markdown, LocalDate date) {
    String name = date + "-" + review.head().shortCommit();
    try {
      Files.createDirectories(dir);
      Path md = dir.resolve(name + ".md");
      atomic(dir.resolve(name + ".json"), review.json());
      atomic(md, markdown);
      atomic(dir.resolve("index.md"), index());
      return md;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a scheduled drift check's report ({@code name}.json, then {@code name}.md rendered from
   * it) and the index; returns both files, Markdown first.
   */
  public List<Path> writeDrift(String name, String json, String markdown) {
    if (!name.matches("\\d{4}-\\d{2}-\\d{2}-drift-[A-Za-z0-9]+-\\d{4}")) {
      throw new IllegalArgumentException("not a drift report name: " + name);
    }
    try {
      Files.createDirectories(dir);
      Path md = dir.resolve(name + ".md");
      Path js = dir.resolve(name + ".json");
      atomic(js, json);
      atomic(md, markdown);
      atomic(dir.resolve("index.md"), index());
      return List.of(md, js);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String index() throws IOException {
    List<Path> reports = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      list.filter(p -> p.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}-.*\\.json"))
          .forEach(reports::add);
    }
    reports.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
    StringBuilder out =
        new StringBuilder(
            "# Drift reports\n\nOne report per reviewed revision, newest first (written by"
                + " `trueup report --out`).\n\n| report | base | head | on merge |\n"
                + "|---|---|---|---|\n");
    for (Path p : reports) {
      String base = p.getFileName().toString().replaceFirst("\\.json$", "");
      JsonNode tree;
      try {
        tree = Review.MAPPER.readTree(Files.readString(p));
      } catch (RuntimeException e) {
        continue;
      }
      if (!tree.has("head")) {
        continue;
      }
      out.append("| [")
          .append(base)
          .append("](")
          .append(base)
          .append(".md) | `")
          .append(tree.get("base").get("ref").asString())
          .append("` ")
          .append(tree.get("base").get("short").asString())
          .append(" | `")
          .append(tree.get("head").get("ref").asString())
          .append("` ")
          .append(tree.get("head").get("short").asString())
          .append(" | ")
          .append(Review.headlineOf(tree))
          .append(" |\n");
    }
    drift(reports, out);
    return out.toString();
  }

  /** The scheduled drift checks' section, present once one was written. */
  private static void drift(List<Path> reports, StringBuilder out) {
    StringBuilder rows = new StringBuilder();
    for (Path p : reports) {
      String base = p.getFileName().toString().replaceFirst("\\.json$", "");
      JsonNode tree;
      try {
        tree = Review.MAPPER.readTree(Files.readString(p));
      } catch (IOException | RuntimeException e) {
        continue;
      }
      if (!"trueup-drift/1".equals(tree.path("format").asString())) {
        continue;
      }
      rows.append("| [")
          .append(base)
          .append("](")
          .append(base)
          .append(".md) | ")
          .append(tree.path("shortRevision").asString())
          .append(" | ")
          .append(tree.path("detectedAt").asString())
          .append(" | ")
          .append(tree.path("headline").asString())
          .append(" |\n");
    }
    if (!rows.isEmpty()) {
      out.append(
              "\n"
                  + "## Scheduled drift checks\n\n"
                  + "Live state that departed from the applied revision, newest first (written by"
                  + " `trueup drift --out` and `trueup serve --drift-every`).\n\n"
                  + "| report | revision | detected | found |\n"
                  + "|---|---|---|---|\n")
          .append(rows);
    }
  }

  private static void atomic(Path target, String text) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), ".report-", ".tmp");
    Files.writeString(temp, text);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
