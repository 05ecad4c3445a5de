package dev.quiver.internal.kernel;

/**
 * The scan kernels: a thin facade over the implementation chosen once per JVM (SIMD where
 * {@code jdk.incubator.vector} is readable, scalar otherwise).
 */
public final class VectorKernels {
  private VectorKernels() {}

  /** {@code sum a[aOffset+i] * b[bOffset+i]} for {@code i < length}. */
  public static float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
    float sum = 0;
    for (int i = 0; i < length; i++) {
      sum += a[aOffset + i] * b[bOffset + i];
    }
    return sum;
  }

  /** {@code sum (a[aOffset+i] - b[bOffset+i])^2} for {@code i < length}. */
  public static float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int length) {
    float sum = 0;
    for (int i = 0; i < length; i++) {
      float d = a[aOffset + i] - b[bOffset + i];
      sum += d * d;
    }
    return sum;
  }

  /** Whether the Vector API implementation is in use. */
  public static boolean simd() {
    return false;
  }
}
