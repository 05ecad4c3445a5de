package dev.quiver.internal.hybrid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Fusion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The missing-side rule, pinned on small cases: the fusion flaw of issue 11, where an item a side did not
 * return got that side's lowest normalised score, so the lowest hit tied with "not found", and a side with
 * one hit or tied hits added nothing (z-score: every z is 0; min-max: the hit and every missing item are 1).
 */
class FuserTest {
  static Stream<Fusion> fusions() {
    return Stream.of(Fusion.rrf(60), Fusion.rrf(10), Fusion.zScore(0.5), Fusion.zScore(0.3), Fusion.minMax(0.5),
        Fusion.minMax(0.7));
  }

  static Stream<Fusion> weightedSums() {
    return Stream.of(Fusion.zScore(0.5), Fusion.zScore(0.3), Fusion.zScore(0.7), Fusion.minMax(0.5),
        Fusion.minMax(0.3), Fusion.minMax(0.7));
  }

  private static List<Candidate> side(Object... idScore) {
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < idScore.length; i += 2) {
      out.add(new Candidate((String) idScore[i], ((Number) idScore[i + 1]).floatValue()));
    }
    return out;
  }

  private static List<String> ids(List<Fused> fused) {
    return fused.stream().map(Fused::id).toList();
  }

  private static double fusedScore(List<Fused> fused, String id) {
    return fused.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow().explanation().fusedScore();
  }

  @ParameterizedTest
  @MethodSource("fusions")
  void lowestKeywordHitOutranksAnItemTheKeywordSideMissed(Fusion fusion) {
    // a and b stand level on the vector side; only b was found by keywords, as that side's lowest hit
    List<Fused> fused = Fuser.fuse(side("r", 0.9, "a", 0.5, "b", 0.5), side("r", 4.0, "b", 1.0), fusion, 10, 10);
    assertThat(fusedScore(fused, "b")).isGreaterThan(fusedScore(fused, "a"));
    assertThat(ids(fused)).containsSubsequence("b", "a");
  }

  @ParameterizedTest
  @MethodSource("weightedSums")
  void aLoneKeywordHitStillCounts(Fusion fusion) {
    // x is the vector side's second hit and the keyword side's only hit: both sides back it
    List<Fused> fused = Fuser.fuse(side("a", 0.9, "x", 0.5, "c", 0.1), side("x", 7.3), fusion, 10, 10);
    assertThat(ids(fused)).startsWith("x");
  }

  @ParameterizedTest
  @MethodSource("weightedSums")
  void tiedKeywordHitsStillCount(Fusion fusion) {
    List<Fused> fused = Fuser.fuse(side("a", 0.9, "x", 0.5, "y", 0.5, "c", 0.1), side("x", 2.0, "y", 2.0), fusion,
        10, 10);
    assertThat(ids(fused)).startsWith("x", "y");
  }

  @ParameterizedTest
  @MethodSource("weightedSums")
  void aLoneVectorHitStillCounts(Fusion fusion) {
    List<Fused> fused = Fuser.fuse(side("x", 0.42), side("a", 9.0, "x", 5.0, "c", 1.0), fusion, 10, 10);
    assertThat(ids(fused)).startsWith("x");
  }

  /** Fusions that do not lean toward the vector side; leaning on it is a choice to trust it over keywords. */
  static Stream<Fusion> evenFusions() {
    return Stream.of(Fusion.rrf(60), Fusion.rrf(10), Fusion.zScore(0.5), Fusion.minMax(0.5));
  }

  @ParameterizedTest
  @MethodSource("evenFusions")
  void aRareTokensOnlyKeywordHitReachesTheTopThreeAgainstAFullVectorWindow(Fusion fusion) {
    // the demo's "OpenTaal" case: a hundred vector hits that keywords did not find, and one keyword hit
    // that the vector side did not return
    Object[] vector = new Object[200];
    for (int i = 0; i < 100; i++) {
      vector[2 * i] = String.format(java.util.Locale.ROOT, "v%03d", i);
      vector[2 * i + 1] = 0.7 - 0.4 * i / 99.0;
    }
    List<Fused> fused = Fuser.fuse(side(vector), side("x", 11.2), fusion, 100, 101);
    assertThat(ids(fused).indexOf("x")).isBetween(0, 2);
  }

  @ParameterizedTest
  @MethodSource("weightedSums")
  void anEmptySideChangesNoOrder(Fusion fusion) {
    List<Fused> fused = Fuser.fuse(side("b", 0.9, "a", 0.5), side(), fusion, 10, 10);
    assertThat(ids(fused)).containsExactly("b", "a");
  }

  @ParameterizedTest
  @MethodSource("fusions")
  void oneSideAloneKeepsItsOrderAndRawScores(Fusion fusion) {
    List<Fused> fused = Fuser.fuse(null, side("k", 3.0, "j", 1.0), fusion, 10, 10);
    assertThat(ids(fused)).containsExactly("k", "j");
    assertThat(fused.get(0).explanation().fusedScore()).isEqualTo(3.0);
  }

  @org.junit.jupiter.api.Test
  void missingScoresBelowTheLowestHitInEveryNormalisation() {
    for (Fusion.Normalization how : Fusion.Normalization.values()) {
      for (List<Candidate> hits : List.of(side("a", 3.0), side("a", 2.0, "b", 2.0), side("a", 5.0, "b", 1.0))) {
        Fuser.Normalised n = Fuser.normalise(hits, how, 10);
        assertThat(n.byId().values()).allSatisfy(v -> assertThat(v).isGreaterThan(n.missing()));
      }
    }
    assertThat(Fuser.normalise(side("a", 3.0), Fusion.Normalization.MIN_MAX, 10).byId())
        .isEqualTo(Map.of("a", 1.0));
  }
}
