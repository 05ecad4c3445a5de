package dev.quiver.benchmarks;

import dev.quiver.Fusion;
import dev.quiver.internal.hybrid.Candidate;
import dev.quiver.internal.hybrid.Fuser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuses any number of sides (two vector models and BM25, say) by the store's own rules, side by side: a weighted
 * sum of each side's z-scores, where an item a side did not return gets that side's missing score
 * ({@link Fuser#normalise}); or reciprocal rank fusion, where it gets no term. With two sides it ranks as
 * {@link Fuser#fuse} does. Ties go to the smaller id.
 */
final class MultiSideFusion {
  private MultiSideFusion() {}

  /**
   * @param sides each side's candidates, best first
   * @param weights one weight per side
   * @param window how many candidates each side was asked for
   */
  static List<String> zScore(List<List<Candidate>> sides, double[] weights, int window) {
    List<Fuser.Normalised> normalised = new ArrayList<>();
    for (List<Candidate> side : sides) {
      normalised.add(Fuser.normalise(side, Fusion.Normalization.Z_SCORE, window));
    }
    Map<String, Double> fused = new HashMap<>();
    for (String id : union(sides)) {
      double sum = 0;
      for (int i = 0; i < sides.size(); i++) {
        Fuser.Normalised n = normalised.get(i);
        sum += weights[i] * n.byId().getOrDefault(id, n.missing());
      }
      fused.put(id, sum);
    }
    return ranked(fused);
  }

  static List<String> rrf(List<List<Candidate>> sides, int k) {
    Map<String, Double> fused = new HashMap<>();
    for (List<Candidate> side : sides) {
      Set<String> seen = new java.util.HashSet<>();
      for (int i = 0; i < side.size(); i++) {
        if (seen.add(side.get(i).id())) {
          fused.merge(side.get(i).id(), 1.0 / (k + i + 1), Double::sum);
        }
      }
    }
    return ranked(fused);
  }

  private static Set<String> union(List<List<Candidate>> sides) {
    Set<String> ids = new LinkedHashSet<>();
    sides.forEach(side -> side.forEach(c -> ids.add(c.id())));
    return ids;
  }

  private static List<String> ranked(Map<String, Double> fused) {
    List<Map.Entry<String, Double>> entries = new ArrayList<>(fused.entrySet());
    entries.sort(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -e.getValue())
        .thenComparing(Map.Entry::getKey));
    return entries.stream().map(Map.Entry::getKey).toList();
  }
}
