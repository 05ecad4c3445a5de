package dev.quiver;

import dev.quiver.internal.hybrid.Candidate;
import dev.quiver.internal.hybrid.Fused;
import dev.quiver.internal.hybrid.Fuser;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Quiver's hybrid fusion as a public entry point, for a backend that ranks each side elsewhere (a search
 * cluster) and must fuse, break ties and explain exactly as the embedded store does.
 */
public final class HybridRanking {
  private HybridRanking() {}

  /** One side's hit before fusion: an id and that side's raw score (cosine similarity, or BM25). */
  public record Scored(String id, float score) {}

  /** A fused hit: its id and the explanation with every rank and score. */
  public record Ranked(String id, Explanation explanation) {}

  /**
   * Fuses the two sides' candidates, each listed best first, as {@link Quiver#search(SearchRequest)} does.
   *
   * @param vector the vector side's candidates, or null when that side did not answer
   * @param keyword the keyword side's candidates, or null when that side did not answer
   * @param window how many candidates each side was asked for; a side that returned fewer matched no more
   * @param limit how many fused hits to return
   */
  public static List<Ranked> fuse(@Nullable List<Scored> vector, @Nullable List<Scored> keyword, Fusion fusion,
      int window, int limit) {
    Preconditions.requireArgument(fusion, "fusion");
    List<Ranked> out = new ArrayList<>();
    for (Fused f : Fuser.fuse(candidates(vector), candidates(keyword), fusion, window, limit)) {
      out.add(new Ranked(f.id(), f.explanation()));
    }
    return out;
  }

  private static @Nullable List<Candidate> candidates(@Nullable List<Scored> side) {
    if (side == null) {
      return null;
    }
    List<Candidate> out = new ArrayList<>(side.size());
    for (Scored s : side) {
      out.add(new Candidate(s.id(), s.score()));
    }
    return out;
  }
}
