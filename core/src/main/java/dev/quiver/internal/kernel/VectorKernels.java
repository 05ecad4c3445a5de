package dev.quiver.internal.kernel;

import java.util.Objects;

/**
 * The scan kernels: a thin facade over the implementation chosen once per JVM (SIMD where
 * {@code jdk.incubator.vector} is readable, C2 compiles it and the SIMD kernels pass a self-test
 * against the scalar ones; scalar otherwise; see {@link KernelProvider}, {@link #reason()}).
 *
 * <p>Like Lucene's {@code VectorUtil}, the facade checks ranges and delegates; the implementations
 * trust their arguments. The checks are {@link Objects#checkFromIndexSize}, which the JIT
 * intrinsifies, and they make a bad offset fail with the range and array length in the message
 * instead of an index deep inside a vector loop. Results are float sums in an
 * implementation-defined order: SIMD and scalar agree to a relative tolerance, not bit for bit.
 */
public final class VectorKernels {
  private VectorKernels() {}

  /**
   * {@code sum a[aOffset+i] * b[bOffset+i]} for {@code i < length}; 0 when {@code length} is 0.
   *
   * @throws IndexOutOfBoundsException if either range is outside its array or length is negative
   */
  public static float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
    Objects.checkFromIndexSize(aOffset, length, a.length);
    Objects.checkFromIndexSize(bOffset, length, b.length);
    return KernelProvider.Holder.INSTANCE.dot(a, aOffset, b, bOffset, length);
  }

  /**
   * {@code sum (a[aOffset+i] - b[bOffset+i])^2} for {@code i < length}; 0 when {@code length} is
   * 0.
   *
   * @throws IndexOutOfBoundsException if either range is outside its array or length is negative
   */
  public static float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int length) {
    Objects.checkFromIndexSize(aOffset, length, a.length);
    Objects.checkFromIndexSize(bOffset, length, b.length);
    return KernelProvider.Holder.INSTANCE.squareDistance(a, aOffset, b, bOffset, length);
  }

  /**
   * Scores {@code count} consecutive vectors of a contiguous chunk against one query:
   * {@code out[outOffset+j] = dot(query, 0, vectors, firstOffset + j*dimensions, dimensions)} for
   * {@code j < count}. The SIMD implementation scores four vectors per pass, loading each query
   * slice once; prefer this to a loop over {@link #dot} when scanning a chunk.
   *
   * @throws IllegalArgumentException if {@code count} or {@code dimensions} is negative
   * @throws IndexOutOfBoundsException if {@code query} is shorter than {@code dimensions}, or the
   *     vectors or the output range lie outside their arrays
   */
  public static void dotMany(float[] query, float[] vectors, int firstOffset, int count,
      int dimensions, float[] out, int outOffset) {
    checkMany(query, vectors.length, firstOffset, count, dimensions, out, outOffset);
    KernelProvider.Holder.INSTANCE.dotMany(query, vectors, firstOffset, count, dimensions, out,
        outOffset);
  }

  /**
   * As {@link #dotMany}, with {@link #squareDistance}: {@code out[outOffset+j] =
   * squareDistance(query, 0, vectors, firstOffset + j*dimensions, dimensions)}.
   *
   * @throws IllegalArgumentException if {@code count} or {@code dimensions} is negative
   * @throws IndexOutOfBoundsException if {@code query} is shorter than {@code dimensions}, or the
   *     vectors or the output range lie outside their arrays
   */
  public static void squareDistanceMany(float[] query, float[] vectors, int firstOffset, int count,
      int dimensions, float[] out, int outOffset) {
    checkMany(query, vectors.length, firstOffset, count, dimensions, out, outOffset);
    KernelProvider.Holder.INSTANCE.squareDistanceMany(query, vectors, firstOffset, count,
        dimensions, out, outOffset);
  }

  /**
   * As {@link #dotMany} over int8 codes: {@code out[outOffset+j] = sum query[i] *
   * codes[firstOffset + j*dimensions + i]} for {@code j < count}, unscaled.
   *
   * @throws IllegalArgumentException if {@code count} or {@code dimensions} is negative
   * @throws IndexOutOfBoundsException if {@code query} is shorter than {@code dimensions}, or the
   *     codes or the output range lie outside their arrays
   */
  public static void dotCodesMany(float[] query, byte[] codes, int firstOffset, int count,
      int dimensions, float[] out, int outOffset) {
    checkMany(query, codes.length, firstOffset, count, dimensions, out, outOffset);
    KernelProvider.Holder.INSTANCE.dotCodesMany(query, codes, firstOffset, count, dimensions, out,
        outOffset);
  }

  /**
   * The most dimensions {@link #dotInt8Many} takes: {@code 131,071 * 128 * 128} is below
   * {@code 2^31}, so no int sum of byte products can overflow.
   */
  public static final int MAX_INT8_DIMENSIONS = 131_071;

  /**
   * Integer dot products of an int8 query with int8 codes: {@code out[outOffset+j] = sum query[i] *
   * codes[firstOffset + j*dimensions + i]} for {@code j < count}. Exact for every byte value, so
   * the SIMD and scalar implementations return the same ints.
   *
   * @throws IllegalArgumentException if {@code count} or {@code dimensions} is negative, or
   *     {@code dimensions} is above {@link #MAX_INT8_DIMENSIONS}
   * @throws IndexOutOfBoundsException if {@code query} is shorter than {@code dimensions}, or the
   *     codes or the output range lie outside their arrays
   */
  public static void dotInt8Many(byte[] query, byte[] codes, int firstOffset, int count,
      int dimensions, int[] out, int outOffset) {
    if (dimensions > MAX_INT8_DIMENSIONS) {
      throw new IllegalArgumentException("integer code kernels take at most " + MAX_INT8_DIMENSIONS
          + " dimensions; found " + dimensions);
    }
    checkRanges(query.length, codes.length, firstOffset, count, dimensions, out.length, outOffset);
    KernelProvider.Holder.INSTANCE.dotInt8Many(query, codes, firstOffset, count, dimensions, out,
        outOffset);
  }

  /** Whether the Vector API implementation is in use. */
  public static boolean simd() {
    return KernelProvider.Holder.INSTANCE != ScalarKernels.INSTANCE;
  }

  /** The implementation in use, e.g. {@code "SIMD (Vector API, 256-bit)"} or {@code "scalar"}. */
  public static String description() {
    return KernelProvider.Holder.INSTANCE.description();
  }

  /**
   * Why this JVM runs the kernels it runs, in one sentence: for scalar kernels, the line logged
   * when they were chosen (e.g. {@code "C2 is not available (-XX:TieredStopAtLevel=1), and without
   * it the Vector API runs slower than scalar code; scalar kernels in use"}); for SIMD, what was
   * checked. Chooses the kernels if nothing has yet.
   */
  public static String reason() {
    return KernelProvider.Holder.CHOICE.reason();
  }

  /** {@link #reason()} as a value, for callers that branch or report on it. */
  public static KernelReason reasonCode() {
    return KernelProvider.Holder.CHOICE.code();
  }

  /**
   * Internal, for benchmarks and tests only: the scalar kernels, whatever this JVM chose. Not part
   * of Quiver's API; core code calls the static methods above.
   */
  public static KernelSupport scalar() {
    return ScalarKernels.INSTANCE;
  }

  /**
   * Internal, for benchmarks and tests only: the SIMD kernels even under
   * {@code -Dquiver.kernels=scalar}, without C2, or after a failed self-test; null only where the
   * Vector API is unavailable (module absent, or no usable vector unit). Not part of Quiver's API.
   */
  public static KernelSupport simdOrNull() {
    return KernelProvider.simdOrNull();
  }

  private static void checkMany(float[] query, int chunkLength, int firstOffset, int count,
      int dimensions, float[] out, int outOffset) {
    checkRanges(query.length, chunkLength, firstOffset, count, dimensions, out.length, outOffset);
  }

  private static void checkRanges(int queryLength, int chunkLength, int firstOffset, int count,
      int dimensions, int outLength, int outOffset) {
    if (count < 0 || dimensions < 0) {
      throw new IllegalArgumentException("count and dimensions must be >= 0; found count=" + count
          + " dimensions=" + dimensions);
    }
    Objects.checkFromIndexSize(0, dimensions, queryLength);
    long span = (long) count * dimensions;
    if (span > chunkLength) {
      throw new IndexOutOfBoundsException(count + " vectors of " + dimensions
          + " dimensions need " + span + " elements; the chunk has " + chunkLength);
    }
    Objects.checkFromIndexSize(firstOffset, (int) span, chunkLength);
    Objects.checkFromIndexSize(outOffset, count, outLength);
  }
}
