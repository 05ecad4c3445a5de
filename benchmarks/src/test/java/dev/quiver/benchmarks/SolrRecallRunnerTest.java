package dev.quiver.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Explanation;
import dev.quiver.Hit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner's recall counts what an exact top k must hold: missing ids lose, ties with the last hit do not. */
class SolrRecallRunnerTest {
  @Test
  void recallIsTheShareOfReferenceHitsFound() {
    List<Hit> reference = List.of(hit("a", 0.9f), hit("b", 0.8f), hit("c", 0.7f), hit("d", 0.6f));
    assertThat(SolrRecallRunner.recall(reference, reference)).isEqualTo(1.0);
    assertThat(SolrRecallRunner.recall(List.of(hit("a", 0.9f), hit("c", 0.7f), hit("x", 0.5f)), reference))
        .isEqualTo(0.5);
    assertThat(SolrRecallRunner.recall(List.of(), reference)).isEqualTo(0.0);
  }

  @Test
  void aHitTiedWithTheReferencesLastCountsAsFoundButALowerOneDoesNot() {
    List<Hit> reference = List.of(hit("a", 0.9f), hit("b", 0.6f));
    assertThat(SolrRecallRunner.recall(List.of(hit("a", 0.9f), hit("tied", 0.6f)), reference)).isEqualTo(1.0);
    assertThat(SolrRecallRunner.recall(List.of(hit("a", 0.9f), hit("lower", 0.59f)), reference)).isEqualTo(0.5);
  }

  @Test
  void anEmptyReferenceIsFullyRecalled() {
    assertThat(SolrRecallRunner.recall(List.of(), List.of())).isEqualTo(1.0);
  }

  @Test
  void percentileReadsTheSortedValues() {
    List<Double> values = List.of(5.0, 1.0, 4.0, 2.0, 3.0);
    assertThat(SolrRecallRunner.percentile(values, 0.5)).isEqualTo(3.0);
    assertThat(SolrRecallRunner.percentile(values, 0.1)).isEqualTo(1.0);
    assertThat(SolrRecallRunner.percentile(values, 0.9)).isEqualTo(5.0);
  }

  private static Hit hit(String id, float cosine) {
    return new Hit(id, cosine, Map.of(), null, null, new Explanation(1, cosine, null, null, cosine), null);
  }
}
