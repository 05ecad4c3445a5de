package dev.quiver.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Fusion;
import dev.quiver.internal.hybrid.Candidate;
import dev.quiver.internal.hybrid.Fused;
import dev.quiver.internal.hybrid.Fuser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The evaluator's fusion of any number of sides ranks two sides as the store's {@link Fuser} does. */
class MultiSideFusionTest {
  private static final int WINDOW = 20;

  @Test
  void twoSidesRankAsTheStoresFuserDoes() {
    Random random = new Random(7);
    for (int round = 0; round < 500; round++) {
      List<Candidate> vector = side(random);
      List<Candidate> keyword = side(random);
      double w = random.nextInt(11) / 10.0;
      List<String> expected = Fuser.fuse(vector, keyword, Fusion.zScore(w), WINDOW, 2 * WINDOW).stream()
          .map(Fused::id).toList();
      assertThat(MultiSideFusion.zScore(List.of(vector, keyword), new double[] {w, 1 - w}, WINDOW))
          .as("round %d, weight %.1f", round, w).isEqualTo(expected);
      assertThat(MultiSideFusion.rrf(List.of(vector, keyword), 60))
          .isEqualTo(Fuser.fuse(vector, keyword, Fusion.rrf(60), WINDOW, 2 * WINDOW).stream().map(Fused::id)
              .toList());
    }
  }

  @Test
  void aThirdSideWithNoHitsChangesNoOrder() {
    Random random = new Random(11);
    List<Candidate> a = side(random);
    List<Candidate> b = side(random);
    assertThat(MultiSideFusion.zScore(List.of(a, b, List.of()), new double[] {0.5, 0.5, 0.3}, WINDOW))
        .isEqualTo(MultiSideFusion.zScore(List.of(a, b), new double[] {0.5, 0.5}, WINDOW));
  }

  /** 1 to WINDOW candidates, best first, drawn from 30 ids (so the sides overlap), with a few tied scores. */
  private static List<Candidate> side(Random random) {
    int n = 1 + random.nextInt(WINDOW);
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add(i);
    }
    java.util.Collections.shuffle(ids, random);
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Candidate("id" + ids.get(i), random.nextInt(4) == 0 ? 0.5f : random.nextFloat()));
    }
    out.sort(Comparator.comparingDouble((Candidate c) -> -c.score()));
    return out;
  }
}
