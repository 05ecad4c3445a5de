package dev.quiver.benchmarks;

import dev.quiver.datasets.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A runner's results as CSV, for the chart renderer: {@code # key: value} lines first (JDK, CPU, flags,
 * commit, load), then a header row and one row per measurement. Fields holding a comma or a quote are quoted
 * as RFC 4180 does.
 */
record ResultCsv(Map<String, String> metadata, List<String> header, List<List<String>> rows) {
  ResultCsv {
    metadata = new LinkedHashMap<>(metadata);
    header = List.copyOf(header);
    rows = rows.stream().map(List::copyOf).toList();
  }

  /** The column named {@code name} of every row. */
  List<String> column(String name) {
    int index = index(name);
    return rows.stream().map(r -> r.get(index)).toList();
  }

  int index(String name) {
    int index = header.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("no column '" + name + "'; the header is " + header);
    }
    return index;
  }

  /** A metadata value, or {@code fallback} when the file has none. */
  String meta(String key, String fallback) {
    return metadata.getOrDefault(key, fallback);
  }

  void write(Path file) throws IOException {
    StringBuilder s = new StringBuilder();
    metadata.forEach((k, v) -> s.append("# ").append(k).append(": ").append(v.replace('\n', ' ')).append('\n'));
    s.append(line(header));
    rows.forEach(r -> s.append(line(r)));
    Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
  }

  private static String line(List<String> fields) {
    List<String> quoted = new ArrayList<>(fields.size());
    for (String f : fields) {
      quoted.add(f.contains(",") || f.contains("\"") ? '"' + f.replace("\"", "\"\"") + '"' : f);
    }
    return String.join(",", quoted) + "\n";
  }

  /**
   * Reads a file written by {@link #write}, or by hand in the same form.
   *
   * @throws InputException naming the file and line when a row's field count differs from the header's, a
   *     quote is not closed, or there is no header
   */
  static ResultCsv read(Path file) throws IOException {
    Map<String, String> metadata = new LinkedHashMap<>();
    List<String> header = null;
    List<List<String>> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int n = 0; n < lines.size(); n++) {
      String l = lines.get(n);
      if (l.isBlank()) {
        continue;
      }
      if (l.startsWith("#")) {
        int colon = l.indexOf(':');
        if (colon > 0) {
          metadata.put(l.substring(1, colon).trim(), l.substring(colon + 1).trim());
        }
        continue;
      }
      List<String> fields = split(l, file, n + 1);
      if (header == null) {
        header = fields;
      } else if (fields.size() != header.size()) {
        throw invalid(file, n + 1, "expected " + header.size() + " fields as in the header; found "
            + fields.size());
      } else {
        rows.add(fields);
      }
    }
    if (header == null) {
      throw invalid(file, lines.size(), "expected a header row; found none");
    }
    return new ResultCsv(metadata, header, rows);
  }

  private static List<String> split(String l, Path file, int lineNumber) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < l.length(); i++) {
      char c = l.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < l.length() && l.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw invalid(file, lineNumber, "expected a closing quote; found the end of the line");
    }
    fields.add(field.toString());
    return fields;
  }

  private static InputException invalid(Path file, int line, String message) {
    return new InputException(file + " line " + line + ": " + message);
  }
}
