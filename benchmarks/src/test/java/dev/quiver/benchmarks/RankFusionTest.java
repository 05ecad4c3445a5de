package dev.quiver.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Fusion;
import dev.quiver.internal.hybrid.Candidate;
import dev.quiver.internal.hybrid.Fused;
import dev.quiver.internal.hybrid.Fuser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The harness's rank fusions: equal weights rank as the store's RRF, and a weight favours its side. */
class RankFusionTest {
  private static final int WINDOW = 20;

  @Test
  void equalWeightsWithoutFillRankAsTheStoresRrf() {
    Random random = new Random(3);
    for (int round = 0; round < 300; round++) {
      List<Candidate> vector = side(random);
      List<Candidate> keyword = side(random);
      for (int k : new int[] {0, 10, 60}) {
        assertThat(new RankFusion(k, 0.5, false).fuse(vector, keyword, WINDOW)).as("round %d, k %d", round, k)
            .isEqualTo(Fuser.fuse(vector, keyword, Fusion.rrf(k), WINDOW, 2 * WINDOW).stream().map(Fused::id)
                .toList());
      }
    }
  }

  @Test
  void aLowerVectorWeightPutsTheKeywordSidesTopFirst() {
    List<Candidate> vector = List.of(new Candidate("v", 0.9f), new Candidate("k", 0.1f));
    List<Candidate> keyword = List.of(new Candidate("k", 9f), new Candidate("v", 1f));
    assertThat(new RankFusion(60, 0.5, false).fuse(vector, keyword, WINDOW)).containsExactly("k", "v"); // tie: id
    assertThat(new RankFusion(60, 0.6, false).fuse(vector, keyword, WINDOW)).containsExactly("v", "k");
    assertThat(new RankFusion(60, 0.4, false).fuse(vector, keyword, WINDOW)).containsExactly("k", "v");
  }

  @Test
  void fillRanksAnItemASideMissedJustPastItsWindow() {
    // k 1, window 3: "b" second on both sides scores 2/3; "a" and "c", first on one side, score 1/2, plus 1/5
    // with fill (rank 4 on the side that missed them), which puts them ahead of b
    List<Candidate> vector = List.of(new Candidate("a", 0.9f), new Candidate("b", 0.8f));
    List<Candidate> keyword = List.of(new Candidate("c", 5f), new Candidate("b", 4f));
    assertThat(new RankFusion(1, 0.5, false).fuse(vector, keyword, 3)).containsExactly("b", "a", "c");
    assertThat(new RankFusion(1, 0.5, true).fuse(vector, keyword, 3)).containsExactly("a", "c", "b");
  }

  private static List<Candidate> side(Random random) {
    int n = 1 + random.nextInt(WINDOW);
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add(i);
    }
    Collections.shuffle(ids, random);
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Candidate("id" + ids.get(i), 1f - i / (float) WINDOW));
    }
    return out;
  }
}
