package dev.quiver.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The integer code kernel: SIMD and scalar return the same ints as a long sum, for every byte value. Inputs
 * come from shrinking generators (lengths around every lane count, bytes weighted to -128, -127 and 127), so
 * a failure shrinks to the shortest chunk and the fewest non-zero bytes that still disagree.
 */
class Int8KernelPropertyTest {
  private static KernelSupport simd;
  private static final KernelSupport scalar = VectorKernels.scalar();

  @BeforeContainer
  static void requireSimd() {
    simd = VectorKernels.simdOrNull();
    assertThat(simd).as("SIMD kernels must load under surefire").isNotNull();
  }

  /** One call's inputs: the codes of {@code count} vectors start at {@code firstOffset}. */
  record Chunk(byte[] query, byte[] codes, int dimensions, int count, int firstOffset, int outOffset) {
    @Override
    public String toString() {
      return "dims=" + dimensions + " count=" + count + " firstOffset=" + firstOffset + " outOffset=" + outOffset
          + " query=" + Arrays.toString(query) + " codes=" + Arrays.toString(codes);
    }
  }

  @Provide
  Arbitrary<Chunk> chunks() {
    // below, at and above 8, 16, 32 and 64 (the steps of 256- and 512-bit lanes, single and paired), and the
    // sizes the other kernel tests use
    Arbitrary<Integer> dimensions = Arbitraries.oneOf(
        Arbitraries.of(1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 207, 383, 384, 385, 1021),
        Arbitraries.integers().between(0, 1100));
    Arbitrary<Byte> value = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.bytes()),
        Tuple.of(3, Arbitraries.of(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) -127)));
    return dimensions.flatMap(dims -> Combinators.combine(
        Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 37),
        Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 4))
        .flatAs((count, first, out, spare) -> Combinators.combine(
            value.array(byte[].class).ofSize(dims + spare),
            value.array(byte[].class).ofSize(first + count * dims + spare))
            .as((query, codes) -> new Chunk(query, codes, dims, count, first, out))));
  }

  @Property(tries = 300)
  void simdAndScalarIntegerKernelsReturnTheExactSumForEveryVector(@ForAll("chunks") Chunk chunk) {
    int[] expected = reference(chunk);
    for (KernelSupport kernels : new KernelSupport[] {simd, scalar}) {
      int[] out = new int[chunk.outOffset + chunk.count + 2];
      Arrays.fill(out, 0x5eed);
      kernels.dotInt8Many(chunk.query, chunk.codes, chunk.firstOffset, chunk.count, chunk.dimensions, out,
          chunk.outOffset);
      assertThat(Arrays.copyOfRange(out, chunk.outOffset, chunk.outOffset + chunk.count))
          .as(kernels.description()).containsExactly(expected);
      for (int i = 0; i < out.length; i++) {
        if (i < chunk.outOffset || i >= chunk.outOffset + chunk.count) {
          assertThat(out[i]).as("%s out[%d]", kernels.description(), i).isEqualTo(0x5eed);
        }
      }
    }
  }

  /** Every product at its largest, 16,384, over the most dimensions the facade takes: the sum still fits. */
  @Example
  void mostNegativeBytesOverTheLargestDimensionCountDoNotOverflow() {
    int dims = VectorKernels.MAX_INT8_DIMENSIONS;
    byte[] query = new byte[dims];
    byte[] codes = new byte[5 * dims];
    Arrays.fill(query, Byte.MIN_VALUE);
    Arrays.fill(codes, Byte.MIN_VALUE);
    for (KernelSupport kernels : new KernelSupport[] {simd, scalar}) {
      int[] out = new int[5];
      kernels.dotInt8Many(query, codes, 0, 5, dims, out, 0);
      assertThat(out).as(kernels.description()).containsOnly(dims * 16_384);
    }
    int[] out = new int[5];
    VectorKernels.dotInt8Many(query, codes, 0, 5, dims, out, 0);
    assertThat(out).containsOnly(dims * 16_384);
  }

  @Example
  void facadeRefusesMoreDimensionsThanAnIntSumHolds() {
    int dims = VectorKernels.MAX_INT8_DIMENSIONS + 1;
    assertThatThrownBy(() -> VectorKernels.dotInt8Many(new byte[dims], new byte[dims], 0, 1, dims, new int[1], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("integer code kernels take at most 131071 dimensions; found 131072");
  }

  @Example
  void facadeRefusesCodesOutsideTheChunkNamingBothSizes() {
    assertThatThrownBy(() -> VectorKernels.dotInt8Many(new byte[4], new byte[7], 0, 2, 4, new int[2], 0))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("2 vectors of 4 dimensions need 8 elements; the chunk has 7");
  }

  private static int[] reference(Chunk chunk) {
    int[] sums = new int[chunk.count];
    for (int j = 0; j < chunk.count; j++) {
      long sum = 0;
      for (int i = 0; i < chunk.dimensions; i++) {
        sum += (long) chunk.query[i] * chunk.codes[chunk.firstOffset + j * chunk.dimensions + i];
      }
      sums[j] = Math.toIntExact(sum);
    }
    return sums;
  }
}
