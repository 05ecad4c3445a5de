package dev.quiver.benchmarks;

import dev.quiver.internal.hybrid.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rank fusions the store does not offer, for measuring them before offering one: reciprocal rank fusion with a
 * weight per side ({@code w / (k + rank)}), and with an item a side did not return ranked just past that side's
 * window ({@code rank = window + 1}) instead of getting no term. Ties go to the smaller id, as in the store.
 */
record RankFusion(int k, double vectorWeight, boolean fillMissing) {

  /** The variants measured, by name. */
  static Map<String, RankFusion> all() {
    Map<String, RankFusion> out = new LinkedHashMap<>();
    for (int k : new int[] {1, 5, 20, 30, 100}) {
      out.put("rrf k=" + k, new RankFusion(k, 0.5, false));
    }
    for (int k : new int[] {10, 60}) {
      for (double w : new double[] {0.3, 0.4, 0.6}) {
        out.put(String.format(Locale.ROOT, "rrf k=%d w=%.1f", k, w), new RankFusion(k, w, false));
      }
      out.put("rrf k=" + k + " fill", new RankFusion(k, 0.5, true));
    }
    return out;
  }

  List<String> fuse(List<Candidate> vector, List<Candidate> keyword, int window) {
    Map<String, Integer> vectorRanks = ranks(vector);
    Map<String, Integer> keywordRanks = ranks(keyword);
    Map<String, Double> fused = new HashMap<>();
    for (String id : union(vector, keyword)) {
      fused.put(id, vectorWeight * term(vectorRanks.get(id), window)
          + (1 - vectorWeight) * term(keywordRanks.get(id), window));
    }
    List<String> ids = new ArrayList<>(fused.keySet());
    ids.sort(Comparator.comparingDouble((String id) -> -fused.get(id)).thenComparing(id -> id));
    return ids;
  }

  private double term(Integer rank, int window) {
    if (rank == null) {
      return fillMissing ? 1.0 / (k + window + 1) : 0;
    }
    return 1.0 / (k + rank);
  }

  private static Map<String, Integer> ranks(List<Candidate> side) {
    Map<String, Integer> ranks = new HashMap<>();
    for (int i = 0; i < side.size(); i++) {
      ranks.putIfAbsent(side.get(i).id(), i + 1);
    }
    return ranks;
  }

  private static List<String> union(List<Candidate> a, List<Candidate> b) {
    LinkedHashMap<String, Boolean> ids = new LinkedHashMap<>();
    a.forEach(c -> ids.put(c.id(), true));
    b.forEach(c -> ids.put(c.id(), true));
    return new ArrayList<>(ids.keySet());
  }
}
