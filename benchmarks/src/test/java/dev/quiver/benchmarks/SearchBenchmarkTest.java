package dev.quiver.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.internal.search.ExactScan;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every variant of {@link SearchBenchmark} answers the same query with the same top 10. */
class SearchBenchmarkTest {
  @Test
  void oneThreadAndAllCoresReturnTheSameTopTenFilteredOrNot() {
    for (boolean filtered : new boolean[] {false, true}) {
      SearchBenchmark benchmark = new SearchBenchmark();
      benchmark.size = 140_000; // above the size from which a scan is split across cores
      benchmark.filtered = filtered;
      benchmark.setUp();
      ExactScan.Result one = benchmark.simd();
      ExactScan.Result all = benchmark.simdAllCores();
      assertThat(one.count()).isEqualTo(SearchBenchmark.K);
      assertThat(Arrays.copyOf(all.ordinals(), all.count())).containsExactly(Arrays.copyOf(one.ordinals(), one.count()));
      for (ExactScan.Result int8 : new ExactScan.Result[] {benchmark.simdInt8(), benchmark.simdAllCoresInt8()}) {
        assertThat(Arrays.copyOf(int8.ordinals(), int8.count())).containsExactly(Arrays.copyOf(one.ordinals(), one.count()));
        assertThat(Arrays.copyOf(int8.scores(), int8.count())).containsExactly(Arrays.copyOf(one.scores(), one.count()));
      }
      if (filtered) {
        assertThat(Arrays.stream(one.ordinals(), 0, one.count())).allMatch(o -> o % 10 == 0);
      }
      // the reference variants run over the same snapshot: the last block's scores are cosines of unit vectors
      float[] lastBlock = benchmark.kernelOnly();
      for (float score : lastBlock) {
        assertThat(score).isBetween(-1.0001f, 1.0001f);
      }
      assertThat(benchmark.streamFloor()).isFinite();
      assertThat(benchmark.int8KernelOnly()).isNotNull();
    }
  }
}
