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
 * it no term. The weighted sum normalises each side over its hits alone (z-score: mean and population standard
 * deviation; min-max: lowest hit 0, top hit 1; one hit or tied hits: z 0, min-max 1) and gives every item the
 * side did not return a <em>missing score</em> a gap below the bottom of the side's scale (its lowest hit; under
 * min-max, 0 even for a lone hit). The gap is derived from the window, the number of candidates the side was
 * asked for:
 * <ul>
 *   <li><b>A side that returned fewer hits than its window</b> matched nothing else. Its gap is the widest
 *       spread any window of hits can have in normalised units: one range under min-max (missing items at -1),
 *       {@code sqrt(2 * window)} standard deviations under z-score (two hits at the extremes, the rest at the
 *       mean). A lone keyword hit in a window of 100 stands about 14 standard deviations above "not
 *       found".</li>
 *   <li><b>A full window</b> was cut at its last slot, so the next item lies just below its lowest hit: its gap
 *       is {@code 1 / window} of the widest spread (one window slot). Items one side did not find are not
 *       pushed far behind items both sides found.</li>
 * </ul>
 * Why the widest spread: it is what keeps the guarantee {@code FuserPropertyTest} checks for every fusion,
 * adding a keyword hit for an item never lowers its fused rank. Adding a hit makes the side hold at most its
 * window, so afterwards no two of its hits differ by more than the widest spread; beforehand the new hit's item
 * stood at least that far below every hit. A full window cannot take one more hit, so its small gap is never
 * the "before" of such a step.
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

  /**
   * One side's normalised scores by id, and the value every item that side did not return gets. Public for the
   * benchmarks' evaluator, which fuses more than two sides by the same rule.
   */
  public record Normalised(Map<String, Double> byId, double missing) {}

  /**
   * Normalises one side's hits over the hits alone and puts the missing score below them; see the class note.
   * An empty side gives every item the same value, so it changes no order.
   *
   * @param side the side's hits, best first; scores finite
   * @param window how many candidates the side was asked for; a side that returned fewer matched no more
   */
  public static Normalised normalise(List<Candidate> side, Fusion.Normalization how, int window) {
    Map<String, Double> out = new HashMap<>();
    if (side.isEmpty()) {
      return new Normalised(out, 0);
    }
    int hits = side.size();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double mean = 0;
    for (Candidate c : side) {
      min = Math.min(min, c.score());
      max = Math.max(max, c.score());
      mean += c.score();
    }
    mean /= hits;
    // centre and scale: z-score (mean, population standard deviation) or min-max (min, range)
    double centre;
    double scale;
    // the widest spread, in normalised units, that any window of hits can have: sqrt(2 * window) standard
    // deviations (two hits at the extremes, the rest at the mean), or one range
    double widest;
    if (how == Fusion.Normalization.MIN_MAX) {
      centre = min;
      scale = max - min;
      widest = 1;
    } else {
      double variance = 0;
      for (Candidate c : side) {
        variance += (c.score() - mean) * (c.score() - mean);
      }
      centre = mean;
      scale = Math.sqrt(variance / hits);
      widest = Math.sqrt(2.0 * Math.max(window, hits));
    }
    double lowest = Double.POSITIVE_INFINITY;
    for (Candidate c : side) {
      // one hit or tied hits: all at the same value (min-max 1, z-score 0)
      double value = scale > 0 ? (c.score() - centre) / scale : how == Fusion.Normalization.MIN_MAX ? 1 : 0;
      out.putIfAbsent(c.id(), value);
      lowest = Math.min(lowest, value);
    }
    // A full window was cut at its last slot: the next item lies just below it, 1 / window of the widest
    // spread. A side that returned fewer matched nothing else: the widest spread below the bottom of its scale,
    // which is its lowest hit, except that min-max puts one hit or tied hits at the top of [0, 1].
    if (hits >= window) {
      return new Normalised(out, lowest - widest / window);
    }
    double bottom = how == Fusion.Normalization.MIN_MAX ? 0 : lowest;
    return new Normalised(out, bottom - widest);
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
