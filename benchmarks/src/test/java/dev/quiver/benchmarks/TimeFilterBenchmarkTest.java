package dev.quiver.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.internal.search.ExactScan;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** The benchmark's two ways to evaluate a time range agree, and the search answers from the range only. */
class TimeFilterBenchmarkTest {
  @Test
  void bothEvaluationsMatchTheLastTenthAndTheSearchStaysInIt() {
    TimeFilterBenchmark benchmark = new TimeFilterBenchmark();
    benchmark.size = 200_000; // 13 chunks: ten skipped, one straddling, two taken whole
    benchmark.setUp();

    RoaringBitmap fromChunks = benchmark.rangeFromChunkTimes();
    assertThat(fromChunks).isEqualTo(benchmark.rangeFromEveryRecord());
    assertThat(fromChunks).isEqualTo(RoaringBitmap.bitmapOfRange(180_000, 200_000));
    ExactScan.Result result = benchmark.searchLastTenth();
    assertThat(result.count()).isEqualTo(SearchBenchmark.K);
    assertThat(Arrays.stream(result.ordinals(), 0, result.count())).allMatch(o -> o >= 180_000);
  }
}
