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
 * window (z-score or min-max). Ties go to the smaller id.
 *
 * <p><b>Items a side did not return.</b> Such an item scores strictly below every hit of that side. RRF gives
 * it no term. The weighted sum gives it a <em>missing score</em> one window range below the side's lowest hit,
 * {@code min - (max - min)}, and normalises over the window as if every slot the side left empty, and one slot
 * below the window, held that score. So:
 * <ul>
 *   <li>the lowest hit is always above "not found" (min-max: top hit 1, lowest 0.5, missing 0);</li>
 *   <li>a side with one hit or tied hits still counts: under min-max its hits are 1 and missing items 0; under
 *       z-score, with {@code n} hits and {@code p = max(1, window - n)} empty slots, its hits are
 *       {@code sqrt(p / n)} and missing items {@code -sqrt(n / p)}, the z-scores of that padded window; a lone
 *       keyword hit in a window of 100 stands about 10 standard deviations above "not found";</li>
 *   <li>a side that returned fewer hits than its window matched nothing else, and the empty slots say so:
 *       the fewer its hits, the further they stand out.</li>
 * </ul>
 * The range below the lowest hit is the smallest fill that keeps the guarantee {@code FuserPropertyTest}
 * checks for every fusion: adding a keyword hit for an item never lowers its fused rank. Under min-max a
 * smaller gap fails it (a new hit far below the window stretches the range and squeezes the old lowest hit
 * toward "not found"), and the z-score fill was checked against the same property.
 */
public final class Fuser {
  private Fuser() {}

  /**
   * @param vector the vector side's candidates, best first, or null when that side did not answer
   * @param keyword the keyword side's candidates, best first, or null when that side did not answer
   * @param window how many candidates each side was asked for; a side that returned fewer matched no more
   * @param limit how many fused hits to return
   */
  public static List<Fused> fuse(List<Candidate> vector, List<Candidate> keyword, Fusion fusion, int window,
      int limit) {
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
      Normalised v = normalise(vector, sum.normalization(), window);
      Normalised k = normalise(keyword, sum.normalization(), window);
      for (Entry e : entries.values()) {
        e.fused = sum.vectorWeight() * v.byId().getOrDefault(e.id, v.missing())
            + (1 - sum.vectorWeight()) * k.byId().getOrDefault(e.id, k.missing());
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

  /** One side's normalised scores by id, and the value every item that side did not return gets. */
  record Normalised(Map<String, Double> byId, double missing) {}

  /**
   * Normalises one side over its window with the missing slots filled in; see the class note. An empty side
   * gives every item the same value, so it changes no order.
   *
   * @param side the side's hits, best first; scores finite
   * @param window how many candidates the side was asked for; slots it left empty hold the missing score
   */
  static Normalised normalise(List<Candidate> side, Fusion.Normalization how, int window) {
    Map<String, Double> out = new HashMap<>();
    if (side.isEmpty()) {
      return new Normalised(out, 0);
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Candidate c : side) {
      min = Math.min(min, c.score());
      max = Math.max(max, c.score());
    }
    int hits = side.size();
    // at least one slot below the window: the place of an item the side did not return
    int missingSlots = Math.max(1, window - hits);
    double missing;
    if (max == min) {
      // one hit or tied hits: the normalised values do not depend on how far below the missing score lies
      missing = how == Fusion.Normalization.MIN_MAX ? 0 : -Math.sqrt((double) hits / missingSlots);
      double top = how == Fusion.Normalization.MIN_MAX ? 1 : Math.sqrt((double) missingSlots / hits);
      for (Candidate c : side) {
        out.putIfAbsent(c.id(), top);
      }
      return new Normalised(out, missing);
    }
    // one window range below the lowest hit (scores are floats, so this double is exact enough to stay below)
    double below = min - (max - min);
    if (how == Fusion.Normalization.MIN_MAX) {
      for (Candidate c : side) {
        out.putIfAbsent(c.id(), (c.score() - below) / (max - below));
      }
      return new Normalised(out, 0);
    }
    double mean = below * missingSlots;
    for (Candidate c : side) {
      mean += c.score();
    }
    mean /= hits + missingSlots;
    double variance = (below - mean) * (below - mean) * missingSlots;
    for (Candidate c : side) {
      variance += (c.score() - mean) * (c.score() - mean);
    }
    double std = Math.sqrt(variance / (hits + missingSlots));
    for (Candidate c : side) {
      out.putIfAbsent(c.id(), (c.score() - mean) / std);
    }
    return new Normalised(out, (below - mean) / std);
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
