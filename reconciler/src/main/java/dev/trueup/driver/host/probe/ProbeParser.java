package dev.trueup.driver.host.probe;

import dev.trueup.driver.host.model.HostFacts;
import dev.trueup.live.LiveEntry;
import dev.trueup.live.LiveUnit;
import dev.trueup.live.Reachability;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.ObservationRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the probe's output back into a {@link LiveNode}. Records refer to the request's items by
 * index, in the order {@link ProbeScript#input} sent them; anything out of format is an error, not
 * a guess.
 */
public final class ProbeParser {

  private final List<String> lines;
  private int next;

  /** The fact a busy check's answer is kept under: {@code busy <id>}. */
  public static final String BUSY = "busy ";

  private ProbeParser(String output) {
    this.lines = output.lines().toList();
  }

  public static LiveNode parse(String node, ObservationRequest request, String output) {
    return new ProbeParser(output).read(node, request);
  }

  private LiveNode read(String node, ObservationRequest request) {
    List<String> paths = List.copyOf(request.paths());
    List<String> units = List.copyOf(request.units());
    List<String> dirs = List.copyOf(request.managedDirectories());
    List<String> facts = List.copyOf(request.facts());
    SortedMap<String, List<String>> factLines = new TreeMap<>();
    expect("trueup-probe 1");
    boolean systemd =
        switch (take()) {
          case "systemd 1" -> true;
          case "systemd 0" -> false;
          default -> throw bad("expected the systemd line");
        };
    SortedMap<String, LiveEntry> entries = new TreeMap<>();
    SortedMap<String, LiveUnit> liveUnits = new TreeMap<>();
    SortedSet<String> managed = new TreeSet<>();
    while (true) {
      String line = take();
      if (line.equals("end")) {
        break;
      }
      String[] f = line.split(" ", 3);
      if (f.length < 2) {
        throw bad("unexpected record");
      }
      String rest = f.length > 2 ? f[2] : "";
      switch (f[0]) {
        case "N" -> entries.put(item(paths, f[1]), new LiveEntry.Missing());
        case "X" -> entries.put(item(paths, f[1]), new LiveEntry.Other(rest));
        case "D" -> entries.put(item(paths, f[1]), directory(rest));
        case "F" -> entries.put(item(paths, f[1]), file(rest));
        case "U" -> {
          String unit = item(units, f[1]);
          liveUnits.put(unit, unit(unit));
        }
        case "M" -> {
          String dir = item(dirs, f[1]);
          while (peek("m ")) {
            managed.add(dir + "/" + decode(take().substring(2)));
          }
        }
        case "K" -> {
          String fact = item(facts, f[1]);
          List<String> said = new java.util.ArrayList<>();
          while (peek("k ")) {
            said.add(take().substring(2));
          }
          factLines.put(fact, List.copyOf(said));
        }
        case "B" -> {
          if (!request.busyChecks().containsKey(f[1]) || !peek("b ")) {
            throw bad("unexpected busy check record");
          }
          String said = take().substring(2);
          if (!said.matches("busy|idle|timeout")) {
            throw bad("unexpected busy check answer");
          }
          factLines.put(BUSY + f[1], List.of(said));
        }
        default -> throw bad("unexpected record");
      }
    }
    if (factLines.size() != facts.size() + request.busyChecks().size()) {
      throw bad("described " + factLines.size() + " of " + facts.size() + " facts");
    }
    if (entries.size() != paths.size()) {
      throw bad("described " + entries.size() + " of " + paths.size() + " paths");
    }
    LiveNode live =
        new LiveNode(node, new Reachability.Observed(), systemd, entries, liveUnits, managed);
    // Only a node asked for facts carries the part: every other fingerprint stays as it was.
    return factLines.isEmpty() ? live : live.with(new HostFacts(factLines));
  }

  private LiveEntry directory(String mode) {
    return new LiveEntry.Directory(mode(mode), take(), take());
  }

  /** {@code F i <sha256> <marker 0|1> <size> <mode>}, then owner, group, optional content. */
  private LiveEntry file(String rest) {
    String[] f = rest.split(" ");
    if (f.length != 4 || !f[0].matches("[0-9a-f]{64}") || !f[1].matches("[01]")) {
      throw bad("malformed file record");
    }
    long size = number(f[2]);
    String mode = mode(f[3]);
    String owner = take();
    String group = take();
    Optional<byte[]> content = Optional.empty();
    if (peek("C ")) {
      content = Optional.of(base64(take().substring(2)));
    }
    return new LiveEntry.File(f[0], size, mode, owner, group, f[1].equals("1"), content);
  }

  private LiveUnit unit(String name) {
    Map<String, String> props = new HashMap<>();
    while (peek("u ")) {
      String kv = take().substring(2);
      int eq = kv.indexOf('=');
      if (eq > 0) {
        props.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    String load = props.getOrDefault("LoadState", "not-found");
    return new LiveUnit(
        name,
        !load.equals("not-found") && !load.isEmpty(),
        props.getOrDefault("UnitFileState", ""),
        props.getOrDefault("ActiveState", ""));
  }

  private static String item(List<String> items, String index) {
    long i = number(index);
    if (i >= items.size()) {
      throw bad("record for item " + index + " of " + items.size());
    }
    return items.get((int) i);
  }

  private static long number(String text) {
    if (!text.matches("[0-9]{1,18}")) {
      throw bad("a count or size is not a number");
    }
    return Long.parseLong(text);
  }

  /** stat prints {@code 644}; trueup writes modes as four digits ({@code 0644}). */
  private static String mode(String text) {
    if (!text.matches("[0-7]{1,4}")) {
      throw bad("a mode is not octal");
    }
    return String.format("%04o", Integer.parseInt(text, 8));
  }

  private static byte[] base64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw bad("content is not base64");
    }
  }

  private static String decode(String text) {
    return new String(base64(text), StandardCharsets.UTF_8);
  }

  private void expect(String line) {
    String got = take();
    if (!got.equals(line)) {
      throw bad("does not start with \"" + line + "\" (not the trueup probe answering?)");
    }
  }

  private boolean peek(String prefix) {
    return next < lines.size() && lines.get(next).startsWith(prefix);
  }

  private String take() {
    if (next >= lines.size()) {
      throw bad("output ends early (truncated or cut off)");
    }
    return lines.get(next++);
  }

  /** Messages never quote the output: a misread line could be a file's (secret) content. */
  private static ProbeFormatException bad(String message) {
    return new ProbeFormatException("probe output: " + message);
  }
}
