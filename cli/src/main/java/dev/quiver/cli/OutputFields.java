package dev.quiver.cli;

import dev.quiver.Hit;
import dev.quiver.SearchResult;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * {@code search --fields}: the text output as tab-separated columns, one line a hit, so that {@code cut} and
 * {@code awk} can take it apart. A field a hit lacks (no timestamp, no such attribute) is an empty column; tabs
 * and line breaks inside a value become spaces, so a line is always one hit.
 */
final class OutputFields {
  static final String NAMES = "id, rank, score, time (ISO-8601, UTC), attributes (all, as {k=v}), attr.NAME "
      + "(one attribute), text, snippet (the matched passage, else the text's beginning)";

  private final List<BiFunction<Integer, Hit, String>> columns;

  private OutputFields(List<BiFunction<Integer, Hit, String>> columns) {
    this.columns = columns;
  }

  /**
   * The columns {@code names} lists, in their order.
   *
   * @throws IllegalArgumentException naming the first unknown field and the known ones
   */
  static OutputFields parse(List<String> names) {
    List<BiFunction<Integer, Hit, String>> columns = new ArrayList<>();
    for (String given : names) {
      String name = given.strip();
      BiFunction<Integer, Hit, String> column = switch (name) {
        case "id" -> (rank, h) -> h.id();
        case "rank" -> (rank, h) -> Integer.toString(rank);
        case "score" -> (rank, h) -> String.format(Locale.ROOT, "%.4f", h.score());
        case "time", "timestamp" -> (rank, h) -> h.timestamp() == null ? "" : Instant.ofEpochMilli(h.timestamp())
            .toString();
        case "attributes", "attrs" -> (rank, h) -> h.attributes().isEmpty() ? ""
            : new TreeMap<>(h.attributes()).toString();
        case "text" -> (rank, h) -> h.text() == null ? "" : Hits.oneLine(h.text());
        case "snippet" -> (rank, h) -> h.snippet() != null ? Hits.oneLine(h.snippet())
            : h.text() != null ? Hits.snippet(h.text()) : "";
        default -> attribute(name);
      };
      if (column == null) {
        throw new IllegalArgumentException("expected a field among " + NAMES + "; found '" + given + "'");
      }
      columns.add(column);
    }
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("expected at least one field among " + NAMES + "; found none");
    }
    return new OutputFields(columns);
  }

  private static @Nullable BiFunction<Integer, Hit, String> attribute(String name) {
    if (!name.startsWith("attr.") || name.length() == "attr.".length()) {
      return null;
    }
    String key = name.substring("attr.".length());
    return (rank, h) -> {
      Map<String, Object> attributes = h.attributes();
      Object v = attributes.get(key);
      return v == null ? "" : String.valueOf(v);
    };
  }

  /** One line a hit; nothing at all when there are no hits, so a script sees an empty result. */
  void print(PrintWriter out, SearchResult result) {
    int rank = 0;
    for (Hit h : result.hits()) {
      rank++;
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns.size(); i++) {
        if (i > 0) {
          line.append('\t');
        }
        line.append(columns.get(i).apply(rank, h).replaceAll("[\\t\\r\\n]", " "));
      }
      out.println(line);
    }
  }
}
