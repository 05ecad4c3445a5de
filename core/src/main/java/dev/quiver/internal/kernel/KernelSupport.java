package dev.quiver.internal.kernel;

/**
 * One implementation of the scan kernels. Internal: not part of Quiver's API.
 *
 * <p>Core code calls {@link VectorKernels}, never this interface. It is public only so the
 * benchmarks module can pit the two implementations against each other in one JVM (through
 * {@link VectorKernels#scalar()} and {@link VectorKernels#simdOrNull()}); it is sealed so nothing
 * outside this package can add a third ({@link PackageKernels}, package-private, is how the tests
 * add deliberately wrong ones). Implementations do not check arguments: the facade does.
 * Permitting {@code SimdKernels} here does not load it; the JVM only consults the list when a
 * subclass is loaded.
 */
public sealed interface KernelSupport permits ScalarKernels, SimdKernels, PackageKernels {

  /** {@code sum a[aOffset+i] * b[bOffset+i]} for {@code i < length}; ranges already checked. */
  float dot(float[] a, int aOffset, float[] b, int bOffset, int length);

  /** {@code sum (a[aOffset+i] - b[bOffset+i])^2} for {@code i < length}; ranges already checked. */
  float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int length);

  /**
   * Scores {@code count} consecutive vectors of {@code dimensions} floats, the first at
   * {@code vectors[firstOffset]}, against {@code query[0, dimensions)}: {@code out[outOffset+j] =
   * dot(query, 0, vectors, firstOffset + j * dimensions, dimensions)}. Ranges already checked.
   */
  default void dotMany(float[] query, float[] vectors, int firstOffset, int count, int dimensions,
      float[] out, int outOffset) {
    for (int j = 0, offset = firstOffset; j < count; j++, offset += dimensions) {
      out[outOffset + j] = dot(query, 0, vectors, offset, dimensions);
    }
  }

  /** As {@link #dotMany}, with {@link #squareDistance}. */
  default void squareDistanceMany(float[] query, float[] vectors, int firstOffset, int count,
      int dimensions, float[] out, int outOffset) {
    for (int j = 0, offset = firstOffset; j < count; j++, offset += dimensions) {
      out[outOffset + j] = squareDistance(query, 0, vectors, offset, dimensions);
    }
  }

  /**
   * Scores {@code count} consecutive int8-coded vectors of {@code dimensions} bytes, the first at
   * {@code codes[firstOffset]}: {@code out[outOffset+j] = sum query[i] * codes[firstOffset + j *
   * dimensions + i]}. The caller scales the sums; ranges already checked.
   */
  void dotCodesMany(float[] query, byte[] codes, int firstOffset, int count, int dimensions,
      float[] out, int outOffset);

  /**
   * Scores {@code count} consecutive int8 codes of {@code dimensions} bytes, the first at
   * {@code codes[firstOffset]}, against an int8 query: {@code out[outOffset+j] = sum query[i] *
   * codes[firstOffset + j * dimensions + i]}, exact in int arithmetic for any bytes (the facade
   * keeps {@code dimensions} small enough that the sum cannot overflow). Ranges already checked.
   */
  void dotInt8Many(byte[] query, byte[] codes, int firstOffset, int count, int dimensions,
      int[] out, int outOffset);

  /** A short human description, e.g. {@code "SIMD (Vector API, 512-bit)"} or {@code "scalar"}. */
  String description();
}
