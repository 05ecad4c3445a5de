package dev.quiver.cli;

import dev.quiver.Explanation;
import dev.quiver.Degradation;
import dev.quiver.Hit;
import dev.quiver.SearchResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** How search results are printed: for people, or as JSON. */
final class Hits {
  private static final int SNIPPET = 160;

  private Hits() {}

  static void printText(PrintWriter out, SearchResult result, boolean explain) {
    List<Hit> hits = result.hits();
    if (hits.isEmpty()) {
      out.println("(no hits)");
    }
    for (int i = 0; i < hits.size(); i++) {
      Hit h = hits.get(i);
      out.printf(Locale.ROOT, "%2d. %s  %.4f%s%s%n", i + 1, h.id(), h.score(),
          h.timestamp() == null ? "" : "  " + java.time.Instant.ofEpochMilli(h.timestamp()),
          h.attributes().isEmpty() ? "" : "  " + new TreeMap<>(h.attributes()));
      // the keyword side's passage with the matched terms marked, else the text's beginning
      if (h.snippet() != null) {
        out.println("    " + oneLine(h.snippet()));
      } else if (h.text() != null) {
        out.println("    " + snippet(h.text()));
      }
      if (explain && h.explanation() != null) {
        out.println("    " + h.explanation());
      }
    }
  }

  static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  static String snippet(String text) {
    String oneLine = oneLine(text);
    return oneLine.length() <= SNIPPET ? oneLine : oneLine.substring(0, SNIPPET - 1) + "…";
  }

  static Map<String, Object> toJson(String query, Mode mode, SearchResult result, boolean explain) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("query", query);
    json.put("mode", mode.name());
    json.put("answered", result.answered().stream().map(s -> s.name().toLowerCase(Locale.ROOT)).sorted().toList());
    List<Map<String, Object>> degradations = new ArrayList<>();
    for (Degradation d : result.degradations()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("side", d.side().name().toLowerCase(Locale.ROOT));
      one.put("reason", d.reason().name().toLowerCase(Locale.ROOT));
      one.put("detail", d.detail());
      degradations.add(one);
    }
    json.put("degradations", degradations);
    List<Map<String, Object>> hits = new ArrayList<>();
    int rank = 0;
    for (Hit h : result.hits()) {
      Map<String, Object> hit = new LinkedHashMap<>();
      hit.put("rank", ++rank);
      hit.put("id", h.id());
      hit.put("score", h.score());
      hit.put("attributes", new TreeMap<>(h.attributes()));
      hit.put("timestamp", h.timestamp());
      hit.put("text", h.text());
      hit.put("snippet", h.snippet());
      if (explain && h.explanation() != null) {
        Explanation e = h.explanation();
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("vectorRank", e.vectorRank());
        x.put("vectorScore", e.vectorScore());
        x.put("keywordRank", e.keywordRank());
        x.put("keywordScore", e.keywordScore());
        x.put("fusedScore", e.fusedScore());
        hit.put("explanation", x);
      }
      hits.add(hit);
    }
    json.put("hits", hits);
    return json;
  }
}
