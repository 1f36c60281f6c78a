package dev.trueup.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A unified diff of two texts (longest common subsequence over lines, after trimming the common
 * head and tail). Bounded: large inputs are refused rather than diffed slowly, long outputs cut.
 */
public final class UnifiedDiff {
  static final int CONTEXT = 3;
  static final long MAX_CELLS = 4_000_000;
  static final int MAX_LINES = 200;

  private UnifiedDiff() {}

  private record Edit(char op, String line, int from, int to) {}

  /** The diff lines (hunk headers and ' '/'-'/'+' lines), or empty when it would be too big. */
  public static Optional<List<String>> lines(String live, String desired) {
    List<String> a = split(live);
    List<String> b = split(desired);
    int head = 0;
    while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
      head++;
    }
    int tail = 0;
    while (tail < a.size() - head
        && tail < b.size() - head
        && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
      tail++;
    }
    int n = a.size() - head - tail;
    int m = b.size() - head - tail;
    if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
      return Optional.empty();
    }
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(head + i).equals(b.get(head + j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<Edit> edits = new ArrayList<>();
    for (int k = 0; k < head; k++) {
      edits.add(new Edit(' ', a.get(k), k, k));
    }
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(head + i).equals(b.get(head + j))) {
        edits.add(new Edit(' ', a.get(head + i), head + i, head + j));
        i++;
        j++;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        // Removals before additions, as diff(1) prints them.
        edits.add(new Edit('-', a.get(head + i), head + i, head + j));
        i++;
      } else {
        edits.add(new Edit('+', b.get(head + j), head + i, head + j));
        j++;
      }
    }
    for (int k = 0; k < tail; k++) {
      edits.add(new Edit(' ', a.get(head + n + k), head + n + k, head + m + k));
    }
    return Optional.of(cap(hunks(edits)));
  }

  private static List<String> hunks(List<Edit> edits) {
    List<String> out = new ArrayList<>();
    int k = 0;
    while (k < edits.size()) {
      if (edits.get(k).op() == ' ') {
        k++;
        continue;
      }
      int start = Math.max(0, k - CONTEXT);
      int end = k;
      int lastChange = k;
      while (end < edits.size()) {
        if (edits.get(end).op() != ' ') {
          lastChange = end;
        } else if (end - lastChange > 2 * CONTEXT) {
          break;
        }
        end++;
      }
      end = Math.min(edits.size(), lastChange + CONTEXT + 1);
      List<Edit> hunk = edits.subList(start, end);
      long fromCount = hunk.stream().filter(e -> e.op() != '+').count();
      long toCount = hunk.stream().filter(e -> e.op() != '-').count();
      Edit first = hunk.getFirst();
      out.add("@@ -" + range(first.from(), fromCount) + " +" + range(first.to(), toCount) + " @@");
      hunk.forEach(e -> out.add(e.op() + e.line()));
      k = end;
    }
    return out;
  }

  private static String range(int start, long count) {
    // Unified format: an empty range names the line before it.
    return count == 0 ? start + ",0" : (start + 1) + (count == 1 ? "" : "," + count);
  }

  private static List<String> cap(List<String> lines) {
    if (lines.size() <= MAX_LINES) {
      return lines;
    }
    List<String> out = new ArrayList<>(lines.subList(0, MAX_LINES));
    out.add("... " + (lines.size() - MAX_LINES) + " more diff lines not shown");
    return out;
  }

  static List<String> split(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
    if (text.endsWith("\n")) {
      out.removeLast();
    }
    return out;
  }
}
