package dev.quiver.internal.kernel;

/**
 * The scalar twin of {@link SimdKernels}: plain Java, used when the Vector API is not readable or
 * {@code -Dquiver.kernels=scalar} is set, and as the reference the SIMD kernels are tested against.
 *
 * <p>Four independent accumulators: HotSpot does not vectorise a float reduction (it may not
 * reorder the additions), so a single accumulator serialises every add behind the previous one's
 * latency (about 4 cycles). Four chains keep the FP units busy; {@code KernelBenchmark} measures
 * the effect. The summation order therefore differs from a naive loop (and from the SIMD
 * kernels): results agree to a relative tolerance, not bit for bit.
 */
final class ScalarKernels implements KernelSupport {
  static final ScalarKernels INSTANCE = new ScalarKernels();
  /** The float value of each byte, indexed by the byte's unsigned value. */
  private static final float[] CODE_VALUES = new float[256];

  static {
    for (int i = 0; i < CODE_VALUES.length; i++) {
      CODE_VALUES[i] = (byte) i;
    }
  }

  private ScalarKernels() {}

  @Override
  public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
    float acc0 = 0;
    float acc1 = 0;
    float acc2 = 0;
    float acc3 = 0;
    int i = 0;
    for (int bound = length & ~3; i < bound; i += 4) {
      acc0 += a[aOffset + i] * b[bOffset + i];
      acc1 += a[aOffset + i + 1] * b[bOffset + i + 1];
      acc2 += a[aOffset + i + 2] * b[bOffset + i + 2];
      acc3 += a[aOffset + i + 3] * b[bOffset + i + 3];
    }
    for (; i < length; i++) {
      acc0 += a[aOffset + i] * b[bOffset + i];
    }
    return (acc0 + acc1) + (acc2 + acc3);
  }

  @Override
  public float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int length) {
    float acc0 = 0;
    float acc1 = 0;
    float acc2 = 0;
    float acc3 = 0;
    int i = 0;
    for (int bound = length & ~3; i < bound; i += 4) {
      float d0 = a[aOffset + i] - b[bOffset + i];
      float d1 = a[aOffset + i + 1] - b[bOffset + i + 1];
      float d2 = a[aOffset + i + 2] - b[bOffset + i + 2];
      float d3 = a[aOffset + i + 3] - b[bOffset + i + 3];
      acc0 += d0 * d0;
      acc1 += d1 * d1;
      acc2 += d2 * d2;
      acc3 += d3 * d3;
    }
    for (; i < length; i++) {
      float d = a[aOffset + i] - b[bOffset + i];
      acc0 += d * d;
    }
    return (acc0 + acc1) + (acc2 + acc3);
  }

  @Override
  public void dotCodesMany(float[] query, byte[] codes, int firstOffset, int count,
      int dimensions, float[] out, int outOffset) {
    for (int j = 0, offset = firstOffset; j < count; j++, offset += dimensions) {
      out[outOffset + j] = dotCodes(query, codes, offset, dimensions);
    }
  }

  /**
   * Widens each code through a 256-entry table rather than an int-to-float conversion: measured at 384
   * dimensions, the conversion made the loop 3.3x slower than the float dot product, the table none.
   */
  private static float dotCodes(float[] query, byte[] codes, int offset, int length) {
    float acc0 = 0;
    float acc1 = 0;
    float acc2 = 0;
    float acc3 = 0;
    int i = 0;
    for (int bound = length & ~3; i < bound; i += 4) {
      acc0 += query[i] * CODE_VALUES[codes[offset + i] & 0xFF];
      acc1 += query[i + 1] * CODE_VALUES[codes[offset + i + 1] & 0xFF];
      acc2 += query[i + 2] * CODE_VALUES[codes[offset + i + 2] & 0xFF];
      acc3 += query[i + 3] * CODE_VALUES[codes[offset + i + 3] & 0xFF];
    }
    for (; i < length; i++) {
      acc0 += query[i] * CODE_VALUES[codes[offset + i] & 0xFF];
    }
    return (acc0 + acc1) + (acc2 + acc3);
  }

  @Override
  public void dotInt8Many(byte[] query, byte[] codes, int firstOffset, int count, int dimensions,
      int[] out, int outOffset) {
    for (int j = 0, offset = firstOffset; j < count; j++, offset += dimensions) {
      out[outOffset + j] = dotInt8(query, codes, offset, dimensions);
    }
  }

  /** Int sums are exact in any order; the four chains only keep the multipliers busy. */
  private static int dotInt8(byte[] query, byte[] codes, int offset, int length) {
    int acc0 = 0;
    int acc1 = 0;
    int acc2 = 0;
    int acc3 = 0;
    int i = 0;
    for (int bound = length & ~3; i < bound; i += 4) {
      acc0 += query[i] * codes[offset + i];
      acc1 += query[i + 1] * codes[offset + i + 1];
      acc2 += query[i + 2] * codes[offset + i + 2];
      acc3 += query[i + 3] * codes[offset + i + 3];
    }
    for (; i < length; i++) {
      acc0 += query[i] * codes[offset + i];
    }
    return (acc0 + acc1) + (acc2 + acc3);
  }

  @Override
  public String description() {
    return "scalar";
  }
}
