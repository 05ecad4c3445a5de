package dev.quiver.internal.hybrid;

import dev.quiver.Explanation;
import dev.quiver.Fusion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the vector and keyword candidate windows into one ranking. Raw scores are never added across
 * sides: reciprocal rank fusion uses ranks only; the weighted sum first normalises each side over its own
 * window (z-score or min-max). A candidate missing from one side gets that side's lowest normalised value,
 * so being found by one side never beats being found by both at equal strength. Ties go to the smaller id.
 */
public final class Fuser {
  private Fuser() {}

  /**
   * @param vector the vector side's candidates, best first, or null when that side did not answer
   * @param keyword the keyword side's candidates, best first, or null when that side did not answer
   */
  public static List<Fused> fuse(List<Candidate> vector, List<Candidate> keyword, Fusion fusion, int limit) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    collect(vector, entries, true);
    collect(keyword, entries, false);
    if (vector == null || keyword == null) {
      // one side: its own order and score, no fusion
      for (Entry e : entries.values()) {
        e.fused = e.vectorRank != null ? e.vectorScore : e.keywordScore;
      }
    } else if (fusion instanceof Fusion.Rrf rrf) {
      for (Entry e : entries.values()) {
        e.fused = rrfTerm(rrf.k(), e.vectorRank) + rrfTerm(rrf.k(), e.keywordRank);
      }
    } else if (fusion instanceof Fusion.WeightedSum sum) {
      Map<String, Double> v = normalise(vector, sum.normalization());
      Map<String, Double> k = normalise(keyword, sum.normalization());
      double vFloor = v.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
      double kFloor = k.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
      for (Entry e : entries.values()) {
        e.fused = sum.vectorWeight() * v.getOrDefault(e.id, vFloor)
            + (1 - sum.vectorWeight()) * k.getOrDefault(e.id, kFloor);
      }
    }
    List<Entry> ranked = new ArrayList<>(entries.values());
    ranked.sort(Comparator.comparingDouble((Entry e) -> -e.fused).thenComparing(e -> e.id));
    List<Fused> out = new ArrayList<>(Math.min(limit, ranked.size()));
    for (Entry e : ranked.subList(0, Math.min(limit, ranked.size()))) {
      out.add(new Fused(e.id, new Explanation(e.vectorRank, e.vectorScore, e.keywordRank, e.keywordScore, e.fused)));
    }
    return out;
  }

  private static double rrfTerm(int k, Integer rank) {
    return rank == null ? 0 : 1.0 / (k + rank);
  }

  private static void collect(List<Candidate> side, Map<String, Entry> entries, boolean isVector) {
    if (side == null) {
      return;
    }
    for (int i = 0; i < side.size(); i++) {
      Candidate c = side.get(i);
      Entry e = entries.computeIfAbsent(c.id(), Entry::new);
      if (isVector && e.vectorRank == null) {
        e.vectorRank = i + 1;
        e.vectorScore = c.score();
      } else if (!isVector && e.keywordRank == null) {
        e.keywordRank = i + 1;
        e.keywordScore = c.score();
      }
    }
  }

  static Map<String, Double> normalise(List<Candidate> side, Fusion.Normalization how) {
    Map<String, Double> out = new HashMap<>();
    if (side.isEmpty()) {
      return out;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double mean = 0;
    for (Candidate c : side) {
      min = Math.min(min, c.score());
      max = Math.max(max, c.score());
      mean += c.score();
    }
    mean /= side.size();
    double variance = 0;
    for (Candidate c : side) {
      variance += (c.score() - mean) * (c.score() - mean);
    }
    double std = Math.sqrt(variance / side.size());
    for (Candidate c : side) {
      double n;
      if (how == Fusion.Normalization.MIN_MAX) {
        n = max == min ? 1 : (c.score() - min) / (max - min);
      } else {
        n = std == 0 ? 0 : (c.score() - mean) / std;
      }
      out.putIfAbsent(c.id(), n);
    }
    return out;
  }

  private static final class Entry {
    final String id;
    Integer vectorRank;
    Float vectorScore;
    Integer keywordRank;
    Float keywordScore;
    double fused;

    Entry(String id) {
      this.id = id;
    }
  }
}
