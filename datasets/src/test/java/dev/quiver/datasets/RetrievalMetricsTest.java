package dev.quiver.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values computed by hand (and checked with a calculator); trec_eval's definitions, linear gain. */
class RetrievalMetricsTest {
  /** d1 and d4 relevant (grade 1), d2 highly relevant (grade 2), d9 judged not relevant. */
  static final Map<String, Integer> JUDGED = Map.of("d1", 1, "d2", 2, "d4", 1, "d9", 0);
  static final List<String> RANKED = List.of("d3", "d1", "d5", "d2");

  @Test
  void reciprocalRankIsOneOverTheRankOfTheFirstRelevantDocument() {
    assertThat(RetrievalMetrics.reciprocalRank(RANKED, JUDGED, 10)).isEqualTo(0.5);
    assertThat(RetrievalMetrics.reciprocalRank(List.of("d2"), JUDGED, 10)).isEqualTo(1.0);
  }

  @Test
  void reciprocalRankIsZeroWhenTheFirstRelevantDocumentIsBelowTheCutOff() {
    assertThat(RetrievalMetrics.reciprocalRank(RANKED, JUDGED, 1)).isZero();
    assertThat(RetrievalMetrics.reciprocalRank(List.of("d9", "d3"), JUDGED, 10)).isZero();
  }

  @Test
  void ndcgUsesLinearGainOverTheIdealOrderOfAllJudgedRelevantDocuments() {
    // DCG = 1/log2(3) + 2/log2(5) = 0.630930 + 0.861353 = 1.492283
    // IDCG over grades 2, 1, 1 = 2/log2(2) + 1/log2(3) + 1/log2(4) = 2 + 0.630930 + 0.5 = 3.130930
    assertThat(RetrievalMetrics.ndcg(RANKED, JUDGED, 10)).isCloseTo(0.476626, within(1e-6));
  }

  @Test
  void ndcgIsOneForTheIdealRanking() {
    assertThat(RetrievalMetrics.ndcg(List.of("d2", "d1", "d4"), JUDGED, 10)).isCloseTo(1.0, within(1e-12));
    assertThat(RetrievalMetrics.ndcg(List.of("d2", "d4", "d1", "x"), JUDGED, 10)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void ndcgCountsARepeatedDocumentAtItsFirstRankOnly() {
    // top 2 distinct: d1, d2. DCG = 1 + 2/log2(3) = 2.261860; IDCG@2 = 2 + 1/log2(3) = 2.630930
    assertThat(RetrievalMetrics.ndcg(List.of("d1", "d1", "d2"), JUDGED, 2)).isCloseTo(0.859719, within(1e-6));
  }

  @Test
  void recallIsTheShareOfRelevantDocumentsFoundWithinTheCutOff() {
    assertThat(RetrievalMetrics.recall(RANKED, JUDGED, 10)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(RetrievalMetrics.recall(RANKED, JUDGED, 2)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(RetrievalMetrics.recall(List.of(), JUDGED, 100)).isZero();
  }

  @Test
  void everyMetricIsZeroWithoutRelevantDocuments() {
    Map<String, Integer> none = Map.of("d9", 0);
    assertThat(RetrievalMetrics.reciprocalRank(RANKED, none, 10)).isZero();
    assertThat(RetrievalMetrics.ndcg(RANKED, none, 10)).isZero();
    assertThat(RetrievalMetrics.recall(RANKED, none, 10)).isZero();
  }

  @Test
  void cutOffBelowOneIsRejected() {
    assertThatThrownBy(() -> RetrievalMetrics.recall(RANKED, JUDGED, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found 0");
  }

  @Test
  void meanLeavesOutQueriesWithoutRelevantDocuments() {
    RetrievalMetrics.Mean mean = new RetrievalMetrics.Mean();
    mean.add(RANKED, JUDGED);                         // RR 0.5, recall@10 2/3
    mean.add(List.of("a", "b"), Map.of("b", 1));      // RR 0.5, nDCG 1/log2(3), recall 1
    mean.add(List.of("a"), Map.of("a", 0));           // no relevant document: left out
    assertThat(mean.queries()).isEqualTo(2);
    assertThat(mean.mrr10()).isEqualTo(0.5);
    assertThat(mean.recall10()).isCloseTo((2.0 / 3 + 1) / 2, within(1e-12));
    assertThat(mean.recall100()).isCloseTo((2.0 / 3 + 1) / 2, within(1e-12));
    assertThat(mean.ndcg10()).isCloseTo((0.476626 + 0.630930) / 2, within(1e-6));
  }

  @Test
  void knownItemAtRankThreeAndAtRankTwelve() {
    // The dev set's shape: one relevant document per query.
    List<String> ranked = new java.util.ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      ranked.add("x" + i);
    }
    Map<String, Integer> atThree = Map.of("x3", 1);
    assertThat(RetrievalMetrics.reciprocalRank(ranked, atThree, 10)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(RetrievalMetrics.ndcg(ranked, atThree, 10)).isCloseTo(0.5, within(1e-12)); // 1/log2(4)
    Map<String, Integer> atTwelve = Map.of("x12", 1);
    assertThat(RetrievalMetrics.reciprocalRank(ranked, atTwelve, 10)).isZero();
    assertThat(RetrievalMetrics.recall(ranked, atTwelve, 10)).isZero();
    assertThat(RetrievalMetrics.recall(ranked, atTwelve, 100)).isEqualTo(1.0);
  }
}
