package dev.quiver.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.internal.memory.Arena;
import dev.quiver.internal.memory.Snapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The integer first pass's bound must hold the query's own coding error. Random data rarely shows it (a
 * residual is nearly orthogonal to the vectors near the query), so this case is built for it: the query's
 * second component codes to 0, and the best vector's score comes almost wholly from that component.
 */
class QueryCodeBoundTest {
  @Test
  void aVectorScoredThroughTheQuerysCodingResidualIsStillFound() {
    float[] query = {1f, 0.0039f}; // one code step is 1/127: 0.0039 is under half a step, so it codes to 0
    QueryCode coded = QueryCode.of(query, 2);
    assertThat(coded.codes).containsExactly(127, 0);
    assertThat(coded.residualNorm).isGreaterThan(0.0038f);

    Arena arena = new Arena(2);
    Arena.Batch batch = arena.begin();
    batch.upsert(Item.of("along-residual", null, Map.of()), new float[] {0.0079f, 1f}); // scores 0.0118
    batch.upsert(Item.of("along-code", null, Map.of()), new float[] {0.0117f, 0f}); // scores 0.0117
    batch.publish(1);
    Snapshot snapshot = arena.snapshot();

    for (FirstPass pass : FirstPass.values()) {
      ExactScan.Result result = ExactScan.search(snapshot, query, 1, Filter.all(), Metric.DOT, 1, null, pass);
      assertThat(snapshot.record(result.ordinals()[0]).item().id()).as("%s", pass).isEqualTo("along-residual");
    }
  }

  @Test
  void theZeroQueryCodesToZerosWithNoResidual() {
    QueryCode coded = QueryCode.of(new float[] {0f, -0f, 0f}, 3);
    assertThat(coded.codes).containsExactly(0, 0, 0);
    assertThat(coded.codedNorm).isZero();
    assertThat(coded.residualNorm).isZero();
  }

  @Test
  void theLargestComponentCodesToTheLargestCodeAndTheNormsBoundTheQuery() {
    float[] query = {-0.5f, 0.25f, 0.1f, 0f};
    QueryCode coded = QueryCode.of(query, 4);
    assertThat(coded.codes[0]).isEqualTo((byte) -127);
    assertThat(coded.codes[1]).isEqualTo((byte) 64); // rint(63.5) rounds to even
    double codedSquared = 0;
    double residualSquared = 0;
    for (int i = 0; i < query.length; i++) {
      double c = (double) coded.scale * coded.codes[i];
      codedSquared += c * c;
      residualSquared += (query[i] - c) * (query[i] - c);
    }
    assertThat((double) coded.codedNorm).isGreaterThanOrEqualTo(Math.sqrt(codedSquared));
    assertThat((double) coded.residualNorm).isGreaterThanOrEqualTo(Math.sqrt(residualSquared));
  }
}
