package dev.quiver.internal.hybrid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Fusion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Fusion never punishes being found. The inputs are drawn as plain values (each item's score on each side, or
 * none), not from a seed, so a failure shrinks to a few items with small scores. Small integer scores make
 * ties and tied sides common; wide floats make outliers.
 */
class FuserPropertyTest {
  /** One item of the candidate universe: its vector score and its keyword score, each null when not returned. */
  record Scores(Float vector, Float keyword) {}

  @Provide
  Arbitrary<Float> score() {
    return Arbitraries.oneOf(Arbitraries.integers().between(-4, 4).map(Integer::floatValue),
        Arbitraries.floats().between(-1000f, 1000f));
  }

  @Provide
  Arbitrary<Scores> item() {
    return Combinators.combine(score().injectNull(0.4), score().injectNull(0.4)).as(Scores::new);
  }

  @Provide
  Arbitrary<Fusion> fusion() {
    return Arbitraries.oneOf(Arbitraries.integers().between(0, 80).map(Fusion::rrf),
        Arbitraries.of(0.0, 0.3, 0.5, 0.7, 1.0).map(Fusion::zScore),
        Arbitraries.of(0.0, 0.3, 0.5, 0.7, 1.0).map(Fusion::minMax));
  }

  @Property(tries = 2000)
  void addingAKeywordHitNeverLowersAnItemsFusedRank(@ForAll @Size(min = 1, max = 12) List<@From("item") Scores> items,
      @ForAll @IntRange(min = 0, max = 11) int pick, @ForAll("score") float keywordScore,
      @ForAll @IntRange(min = 0, max = 5) int spareSlots, @ForAll("fusion") Fusion fusion) {
    int x = pick % items.size();
    List<Scores> before = new ArrayList<>(items);
    before.set(x, new Scores(items.get(x).vector(), null));
    List<Scores> after = new ArrayList<>(items);
    after.set(x, new Scores(items.get(x).vector(), keywordScore));
    List<Candidate> vector = side(before, true);
    List<Candidate> keywordBefore = side(before, false);
    List<Candidate> keywordAfter = side(after, false);
    // both keyword lists fit the window, so the hit could really have been added
    int window = Math.max(vector.size(), keywordAfter.size()) + spareSlots;

    int rankBefore = rank(Fuser.fuse(vector, keywordBefore, fusion, window, items.size()), id(x));
    int rankAfter = rank(Fuser.fuse(vector, keywordAfter, fusion, window, items.size()), id(x));
    assertThat(rankAfter).as("rank of %s with its keyword hit, against %s without", id(x), rankBefore)
        .isLessThanOrEqualTo(rankBefore);
  }

  @Property(tries = 2000)
  void aMissingItemScoresBelowEveryHitOfThatSide(@ForAll @Size(max = 12) List<@From("score") Float> scores,
      @ForAll @IntRange(min = 0, max = 5) int spareSlots, @ForAll Fusion.Normalization how) {
    List<Candidate> hits = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      hits.add(new Candidate(id(i), scores.get(i)));
    }
    hits.sort(Comparator.comparingDouble((Candidate c) -> -c.score()));
    Fuser.Normalised n = Fuser.normalise(hits, how, hits.size() + spareSlots);
    for (int i = 0; i < hits.size(); i++) {
      double value = n.byId().get(hits.get(i).id());
      assertThat(value).as("hit %d of %s", i, hits).isFinite().isGreaterThan(n.missing());
      if (i > 0) {
        assertThat(value).as("order kept at hit %d of %s", i, hits)
            .isLessThanOrEqualTo(n.byId().get(hits.get(i - 1).id()));
      }
    }
  }

  /** The side's hits, best first as a real side returns them; ties in id order. */
  private static List<Candidate> side(List<Scores> items, boolean vectorSide) {
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Float s = vectorSide ? items.get(i).vector() : items.get(i).keyword();
      if (s != null) {
        out.add(new Candidate(id(i), s));
      }
    }
    out.sort(Comparator.comparingDouble((Candidate c) -> -c.score()).thenComparing(Candidate::id));
    return out;
  }

  /** 1-based rank, or past the end when fusion did not return it (it was on neither side). */
  private static int rank(List<Fused> fused, String id) {
    for (int i = 0; i < fused.size(); i++) {
      if (fused.get(i).id().equals(id)) {
        return i + 1;
      }
    }
    return Integer.MAX_VALUE;
  }

  private static String id(int i) {
    return String.format(java.util.Locale.ROOT, "i%02d", i);
  }
}
