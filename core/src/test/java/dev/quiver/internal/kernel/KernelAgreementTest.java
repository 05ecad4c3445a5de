package dev.quiver.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * SIMD and scalar kernels against each other and against a double-precision reference, over
 * seeded random inputs of sizes that hit every loop: shorter than one vector (1, 13), the vector
 * tail with and without a scalar tail (207, 383, 385, 1021), and an exact multiple of every
 * vector width up to 512 bits (384).
 *
 * <p>The kernels add in different orders (four accumulators, lane-wise partial sums, FMA), so
 * results are compared with a tolerance of {@code 1e-4 * sum |term|}, a bound on float summation
 * error for up to about 1,600 terms (n * 2^-24 * sum |term|) that does not depend on cancellation.
 * The SIMD kernels come from {@link VectorKernels#simdOrNull()}, so this class tests both
 * implementations whatever {@code -Dquiver.kernels} says.
 */
class KernelAgreementTest {
  private static final double RELATIVE_TOLERANCE = 1e-4;

  private static KernelSupport simd;
  private static final KernelSupport scalar = VectorKernels.scalar();

  @BeforeContainer
  static void requireSimd() {
    simd = VectorKernels.simdOrNull();
    assertThat(simd)
        .as("SIMD kernels must load under surefire, which passes --add-modules jdk.incubator.vector")
        .isNotNull();
  }

  @Provide
  Arbitrary<Integer> sizes() {
    return Arbitraries.of(1, 13, 207, 383, 384, 385, 1021);
  }

  @Property(tries = 300)
  void dotAgreesAcrossImplementationsAndWithReference(@ForAll("sizes") int size,
      @ForAll @IntRange(max = 37) int aOffset, @ForAll @IntRange(max = 37) int bOffset,
      @ForAll long seed) {
    Random random = new Random(seed);
    float[] a = randomValues(random, aOffset + size + random.nextInt(5));
    float[] b = randomValues(random, bOffset + size + random.nextInt(5));

    double exact = 0;
    double magnitude = 0;
    for (int i = 0; i < size; i++) {
      double term = (double) a[aOffset + i] * b[bOffset + i];
      exact += term;
      magnitude += Math.abs(term);
    }
    double tolerance = RELATIVE_TOLERANCE * magnitude;

    float fromSimd = simd.dot(a, aOffset, b, bOffset, size);
    float fromScalar = scalar.dot(a, aOffset, b, bOffset, size);
    assertThat((double) fromSimd).as("SIMD vs scalar, size %d", size)
        .isCloseTo(fromScalar, within(tolerance));
    assertThat((double) fromScalar).as("scalar vs double reference, size %d", size)
        .isCloseTo(exact, within(tolerance));
    assertThat(VectorKernels.dot(a, aOffset, b, bOffset, size))
        .as("facade delegates to the chosen implementation")
        .isEqualTo(VectorKernels.simd() ? fromSimd : fromScalar);
  }

  @Property(tries = 300)
  void squareDistanceAgreesAcrossImplementationsAndWithReference(@ForAll("sizes") int size,
      @ForAll @IntRange(max = 37) int aOffset, @ForAll @IntRange(max = 37) int bOffset,
      @ForAll long seed) {
    Random random = new Random(seed);
    float[] a = randomValues(random, aOffset + size + random.nextInt(5));
    float[] b = randomValues(random, bOffset + size + random.nextInt(5));

    double exact = 0;
    for (int i = 0; i < size; i++) {
      float d = a[aOffset + i] - b[bOffset + i]; // the kernels' own float difference
      exact += (double) d * d;
    }
    double tolerance = RELATIVE_TOLERANCE * exact; // every term is >= 0

    float fromSimd = simd.squareDistance(a, aOffset, b, bOffset, size);
    float fromScalar = scalar.squareDistance(a, aOffset, b, bOffset, size);
    assertThat((double) fromSimd).as("SIMD vs scalar, size %d", size)
        .isCloseTo(fromScalar, within(tolerance));
    assertThat((double) fromScalar).as("scalar vs double reference, size %d", size)
        .isCloseTo(exact, within(tolerance));
    assertThat(VectorKernels.squareDistance(a, aOffset, b, bOffset, size))
        .isEqualTo(VectorKernels.simd() ? fromSimd : fromScalar);
  }

  @Property(tries = 200)
  void manyScoresEveryVectorOfTheChunkAndNothingElse(@ForAll("sizes") int dimensions,
      @ForAll @IntRange(max = 9) int count, @ForAll @IntRange(max = 37) int firstOffset,
      @ForAll @IntRange(max = 5) int outOffset, @ForAll long seed) {
    Random random = new Random(seed);
    float[] query = randomValues(random, dimensions + random.nextInt(3));
    float[] chunk = randomValues(random, firstOffset + count * dimensions + random.nextInt(5));

    for (KernelSupport kernels : new KernelSupport[] {simd, scalar}) {
      float[] dots = filled(outOffset + count + 2);
      float[] distances = filled(outOffset + count + 2);
      kernels.dotMany(query, chunk, firstOffset, count, dimensions, dots, outOffset);
      kernels.squareDistanceMany(query, chunk, firstOffset, count, dimensions, distances,
          outOffset);
      for (int j = 0; j < count; j++) {
        int offset = firstOffset + j * dimensions;
        double dotMagnitude = 0;
        for (int i = 0; i < dimensions; i++) {
          dotMagnitude += Math.abs((double) query[i] * chunk[offset + i]);
        }
        float expectedDot = scalar.dot(query, 0, chunk, offset, dimensions);
        float expectedDistance = scalar.squareDistance(query, 0, chunk, offset, dimensions);
        assertThat((double) dots[outOffset + j]).as("%s dot of vector %d", kernels.description(), j)
            .isCloseTo(expectedDot,
                within(RELATIVE_TOLERANCE * dotMagnitude));
        assertThat((double) distances[outOffset + j])
            .as("%s squareDistance of vector %d", kernels.description(), j)
            .isCloseTo(expectedDistance,
                within(RELATIVE_TOLERANCE * expectedDistance));
      }
      assertUntouchedOutside(dots, outOffset, count);
      assertUntouchedOutside(distances, outOffset, count);
    }
  }

  @Property(tries = 200)
  void codesScoreEveryCodedVectorOfTheChunkAndNothingElse(@ForAll("sizes") int dimensions,
      @ForAll @IntRange(max = 9) int count, @ForAll @IntRange(max = 37) int firstOffset,
      @ForAll @IntRange(max = 5) int outOffset, @ForAll long seed) {
    Random random = new Random(seed);
    float[] query = randomValues(random, dimensions + random.nextInt(3));
    byte[] codes = new byte[firstOffset + count * dimensions + random.nextInt(5)];
    random.nextBytes(codes);

    for (KernelSupport kernels : new KernelSupport[] {simd, scalar}) {
      float[] sums = filled(outOffset + count + 2);
      kernels.dotCodesMany(query, codes, firstOffset, count, dimensions, sums, outOffset);
      for (int j = 0; j < count; j++) {
        int offset = firstOffset + j * dimensions;
        double exact = 0;
        double magnitude = 0;
        for (int i = 0; i < dimensions; i++) {
          double term = (double) query[i] * codes[offset + i];
          exact += term;
          magnitude += Math.abs(term);
        }
        assertThat((double) sums[outOffset + j]).as("%s codes of vector %d", kernels.description(), j)
            .isCloseTo(exact, within(RELATIVE_TOLERANCE * magnitude));
      }
      assertUntouchedOutside(sums, outOffset, count);
    }
  }

  /**
   * Values spread over twelve orders of magnitude, half negative, with some exact zeros: sums
   * with heavy cancellation and terms that dwarf each other, where the order of addition matters
   * most.
   */
  static float[] randomValues(Random random, int length) {
    float[] values = new float[length];
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(10);
      if (kind == 0) {
        values[i] = 0f;
      } else {
        float magnitude = (float) Math.pow(10, random.nextInt(13) - 6); // 1e-6 .. 1e6
        float value = random.nextFloat() * magnitude;
        values[i] = random.nextBoolean() ? value : -value;
      }
    }
    return values;
  }

  private static float[] filled(int length) {
    float[] out = new float[length];
    Arrays.fill(out, Float.NaN);
    return out;
  }

  private static void assertUntouchedOutside(float[] out, int outOffset, int count) {
    for (int i = 0; i < out.length; i++) {
      if (i < outOffset || i >= outOffset + count) {
        assertThat(out[i]).as("out[%d] outside [%d, %d)", i, outOffset, outOffset + count).isNaN();
      }
    }
  }
}
