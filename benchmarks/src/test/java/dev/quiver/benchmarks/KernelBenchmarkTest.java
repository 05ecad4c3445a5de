package dev.quiver.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every variant of {@link KernelBenchmark} computes the same answer (Lucene's
 * {@code TestVectorScorerFloat32Benchmark}): a benchmark that is fast because it is wrong is
 * caught here, not in a results table. Sums differ in the order of addition, so the comparison
 * allows {@code 1e-4} of the sum of absolute terms.
 */
class KernelBenchmarkTest {

  @ParameterizedTest
  @ValueSource(ints = {384, 1021})
  void everyVariantReturnsTheSameAnswer(int dimensions) {
    KernelBenchmark bench = new KernelBenchmark();
    bench.dimensions = dimensions;
    bench.setup();

    double dot = 0;
    double dotMagnitude = 0;
    double squareDistance = 0;
    for (int i = 0; i < dimensions; i++) {
      dot += (double) bench.a[i] * bench.b[i];
      dotMagnitude += Math.abs((double) bench.a[i] * bench.b[i]);
      double d = bench.a[i] - bench.b[i];
      squareDistance += d * d;
    }
    assertThat((double) bench.dotScalarOneAccumulator()).isCloseTo(dot, within(1e-4 * dotMagnitude));
    assertThat((double) bench.dotScalar()).isCloseTo(dot, within(1e-4 * dotMagnitude));
    assertThat((double) bench.dotSimd()).isCloseTo(dot, within(1e-4 * dotMagnitude));
    assertThat((double) bench.squareDistanceScalar())
        .isCloseTo(squareDistance, within(1e-4 * squareDistance));
    assertThat((double) bench.squareDistanceSimd())
        .isCloseTo(squareDistance, within(1e-4 * squareDistance));

    float[] loopDots = bench.scanDotLoopSimd().clone();
    float[] manyDots = bench.scanDotManySimd().clone();
    float[] loopDistances = bench.scanSquareDistanceLoopSimd().clone();
    float[] manyDistances = bench.scanSquareDistanceManySimd().clone();
    float[] simdCodes = bench.scanCodesManySimd().clone();
    float[] scalarCodes = bench.scanCodesManyScalar().clone();
    int[] simdInt8 = bench.scanInt8ManySimd().clone();
    int[] scalarInt8 = bench.scanInt8ManyScalar().clone();
    for (int j = 0; j < KernelBenchmark.CHUNK_VECTORS; j++) {
      int offset = j * dimensions;
      double magnitude = 0;
      for (int i = 0; i < dimensions; i++) {
        magnitude += Math.abs((double) bench.a[i] * bench.chunk[offset + i]);
      }
      float expectedDot = bench.scalar.dot(bench.a, 0, bench.chunk, offset, dimensions);
      float expectedDistance =
          bench.scalar.squareDistance(bench.a, 0, bench.chunk, offset, dimensions);
      assertThat((double) loopDots[j]).as("loop dot %d", j)
          .isCloseTo(expectedDot, within(1e-4 * magnitude));
      assertThat((double) manyDots[j]).as("dotMany %d", j)
          .isCloseTo(expectedDot, within(1e-4 * magnitude));
      assertThat((double) loopDistances[j]).as("loop squareDistance %d", j)
          .isCloseTo(expectedDistance, within(1e-4 * expectedDistance));
      assertThat((double) manyDistances[j]).as("squareDistanceMany %d", j)
          .isCloseTo(expectedDistance, within(1e-4 * expectedDistance));
      double codeDot = 0;
      double codeMagnitude = 0;
      for (int i = 0; i < dimensions; i++) {
        codeDot += (double) bench.a[i] * bench.codes[offset + i];
        codeMagnitude += Math.abs((double) bench.a[i] * bench.codes[offset + i]);
      }
      assertThat((double) simdCodes[j]).as("SIMD codes %d", j).isCloseTo(codeDot, within(1e-4 * codeMagnitude));
      assertThat((double) scalarCodes[j]).as("scalar codes %d", j)
          .isCloseTo(codeDot, within(1e-4 * codeMagnitude));
      int int8Dot = 0;
      for (int i = 0; i < dimensions; i++) {
        int8Dot += bench.queryCode[i] * bench.codes[offset + i];
      }
      assertThat(simdInt8[j]).as("SIMD int8 %d", j).isEqualTo(int8Dot);
      assertThat(scalarInt8[j]).as("scalar int8 %d", j).isEqualTo(int8Dot);
    }
  }
}
