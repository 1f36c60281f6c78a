package dev.trueup.driver.host.probe;

import dev.trueup.driver.host.model.HostFacts;
import dev.trueup.live.LiveEntry;
import dev.trueup.live.LiveUnit;
import dev.trueup.live.Reachability;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.ObservationRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    // Listed files the request also asked about: their marker is in their own record, which may
    // come later.
    List<String> listedPaths = new ArrayList<>();
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
        case "G" -> entries.put(item(paths, f[1]), sentFile(rest));
        case "U" -> {
          String unit = item(units, f[1]);
          liveUnits.put(unit, unit(unit));
        }
        case "M" -> {
          String dir = item(dirs, f[1]);
          while (peek("m ") || peek("m= ")) {
            String m = take();
            if (m.startsWith("m= ")) {
              String path = item(paths, m.substring(3));
              if (!path.startsWith(dir + "/") || path.indexOf('/', dir.length() + 1) >= 0) {
                throw bad("a listed file is not in its directory");
              }
              listedPaths.add(path);
            } else {
              managed.add(dir + "/" + decode(m.substring(2)));
            }
          }
        }
        case "K" -> {
          String fact = item(facts, f[1]);
          List<String> said = new ArrayList<>();
          while (peek("k ")) {
            said.add(factLine(take().substring(2)));
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
    for (String path : listedPaths) {
      if (entries.get(path) instanceof LiveEntry.File file && file.managed()) {
        managed.add(path);
      }
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

  private static final Pattern RAW_FACT = Pattern.compile("([a-z]+)= (.*)");

  /**
   * The probe prints a printable one-line value as it is ({@code passwd= root:x:0:0:...}) to save
   * starting base64 on the node; the fact keeps the one form the rest of trueup reads.
   */
  private static String factLine(String line) {
    Matcher m = RAW_FACT.matcher(line);
    if (!m.matches()) {
      return line;
    }
    return m.group(1)
        + " "
        + Base64.getEncoder().encodeToString(m.group(2).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code G i <mode>}, then owner, group and the content: a file the probe sent whole, whose
   * digest, size and marker are its bytes' own. The content is {@code C <base64>}, or for short
   * text {@code T <lines> <last line ends in a line break 0|1>} and the lines as {@code c <line>}.
   */
  private LiveEntry sentFile(String rest) {
    String mode = mode(rest);
    String owner = take();
    String group = take();
    byte[] content;
    if (peek("C ")) {
      content = base64(take().substring(2));
    } else if (peek("T ")) {
      content = text(take().substring(2));
    } else {
      throw bad("a sent file without its content");
    }
    return new LiveEntry.File(
        sha256(content), content.length, mode, owner, group, marked(content), Optional.of(content));
  }

  private byte[] text(String header) {
    String[] h = header.split(" ");
    if (h.length != 2 || !h[1].matches("[01]")) {
      throw bad("malformed text record");
    }
    long count = number(h[0]);
    StringBuilder sb = new StringBuilder();
    for (long i = 0; i < count; i++) {
      if (!peek("c ")) {
        throw bad("text ends early");
      }
      if (i > 0) {
        sb.append('\n');
      }
      sb.append(take(), 2, lines.get(next - 1).length());
    }
    if (count > 0 && h[1].equals("1")) {
      sb.append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static final byte[] MARKER = "managed by trueup".getBytes(StandardCharsets.US_ASCII);

  /**
   * The marker counts on the first line only, and only within the first 1024 bytes: the same test
   * the probe makes with {@code head -c 1024 | head -n 1} for a file it does not send.
   */
  static boolean marked(byte[] content) {
    int end = Math.min(content.length, 1024);
    for (int i = 0; i < end; i++) {
      if (content[i] == '\n') {
        end = i;
        break;
      }
    }
    outer:
    for (int i = 0; i + MARKER.length <= end; i++) {
      for (int j = 0; j < MARKER.length; j++) {
        if (content[i + j] != MARKER[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
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
