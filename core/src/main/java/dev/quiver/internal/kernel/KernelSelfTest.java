package dev.quiver.internal.kernel;

import java.util.Arrays;
import java.util.Random;

/**
 * A short check, run once before {@link KernelProvider} adopts the SIMD kernels, that every kernel
 * agrees with the scalar twin on this JVM and CPU: the preferred vector shape, the byte-to-float
 * widening, and the loops for the last whole vectors and the last few floats. {@code
 * KernelAgreementTest} is the thorough version; this one guards the machines the tests never ran
 * on.
 *
 * <p>Each kernel runs at lengths 1, 7, 17, 93, 384 and 385, from offsets that are not zero: 1 and 7
 * are shorter than a 256-bit vector; 17 is one or more whole vectors and a scalar tail; 93 runs the
 * four-vector loop, then single vectors, then a scalar tail, at every width from 128 to 512 bits;
 * 384 is a multiple of every width, and 385 one float more. The chunk kernels score five vectors
 * (one pass of four, then one more). Two passes:
 *
 * <ul>
 *   <li><b>Exact</b>: odd integers against even ones, at most 8 in magnitude (codes: odd bytes), so
 *       no term is zero and every partial sum is an integer below 2<sup>24</sup>. Float arithmetic
 *       is then exact in any order, the answers must be equal, and a term dropped, repeated or read
 *       from the wrong index changes the sum.
 *   <li><b>Rounded</b>: floats in [-1, 1), where the summation order matters. Each kernel's error
 *       is at most about {@code n * 2^-24 * sum|term|} for {@code n} terms, so the two may differ by
 *       twice that; the bound is the test's tolerance.
 * </ul>
 *
 * <p>The integer kernel runs once, on random bytes with -128 and 127 planted among them, and must
 * agree exactly.
 *
 * <p>This runs before the JIT has compiled the kernels, so it checks the Vector API's results on
 * this machine, not C2's code for them; the inputs are fixed, so a JVM fails it every time or never.
 */
final class KernelSelfTest {
  static final int[] LENGTHS = {1, 7, 17, 93, 384, 385};
  /** Vectors per chunk: one pass of the four-at-a-time loop, then one in the remainder loop. */
  static final int COUNT = 5;
  private static final double UNIT_ROUNDOFF = 0x1p-24;

  private final KernelSupport candidate;
  private final KernelSupport reference;
  private final Random random = new Random(0x5eed_1c0deL);
  private boolean exact;
  /** The kernel call in progress, for the message if it throws. */
  private String step = "setup";

  private KernelSelfTest(KernelSupport candidate, KernelSupport reference) {
    this.candidate = candidate;
    this.reference = reference;
  }

  /**
   * Runs every kernel of {@code candidate} against {@code reference}.
   *
   * @return null if they agree everywhere; otherwise one clause naming the first disagreement, or
   *     the exception and the call that threw it
   */
  static String run(KernelSupport candidate, KernelSupport reference) {
    KernelSelfTest test = new KernelSelfTest(candidate, reference);
    try {
      return test.run();
    } catch (RuntimeException | LinkageError e) {
      return test.step + " threw " + e;
    }
  }

  private String run() {
    for (boolean exactPass : new boolean[] {true, false}) {
      exact = exactPass;
      for (int length : LENGTHS) {
        String failure = pairKernels(length);
        if (failure == null) {
          failure = chunkKernels(length);
        }
        if (failure != null) {
          return failure;
        }
      }
    }
    return null;
  }

  private String pairKernels(int n) {
    float[] a = values(2 + n + 1, true);
    float[] b = values(5 + n + 3, false);
    double dotMagnitude = 0;
    double distanceMagnitude = 0;
    for (int i = 0; i < n; i++) {
      dotMagnitude += Math.abs((double) a[2 + i] * b[5 + i]);
      float d = a[2 + i] - b[5 + i]; // the kernels' own float difference
      distanceMagnitude += (double) d * d;
    }
    step = "dot at length " + n + inputs();
    String failure = compare(step, candidate.dot(a, 2, b, 5, n), reference.dot(a, 2, b, 5, n), n,
        dotMagnitude);
    if (failure != null) {
      return failure;
    }
    step = "squareDistance at length " + n + inputs();
    return compare(step, candidate.squareDistance(a, 2, b, 5, n),
        reference.squareDistance(a, 2, b, 5, n), n, distanceMagnitude);
  }

  private String chunkKernels(int n) {
    float[] query = values(n + 2, true);
    float[] vectors = values(3 + COUNT * n + 1, false);
    byte[] codes = codes(3 + COUNT * n + 1);
    double[] dotMagnitudes = new double[COUNT];
    double[] distanceMagnitudes = new double[COUNT];
    double[] codeMagnitudes = new double[COUNT];
    for (int j = 0; j < COUNT; j++) {
      for (int i = 0, offset = 3 + j * n; i < n; i++) {
        dotMagnitudes[j] += Math.abs((double) query[i] * vectors[offset + i]);
        float d = query[i] - vectors[offset + i];
        distanceMagnitudes[j] += (double) d * d;
        codeMagnitudes[j] += Math.abs((double) query[i] * codes[offset + i]);
      }
    }

    step = "dotMany of " + COUNT + " vectors at length " + n + inputs();
    float[] got = sentinels();
    float[] want = sentinels();
    candidate.dotMany(query, vectors, 3, COUNT, n, got, 1);
    reference.dotMany(query, vectors, 3, COUNT, n, want, 1);
    String failure = compareChunk(got, want, n, dotMagnitudes);
    if (failure != null) {
      return failure;
    }

    step = "squareDistanceMany of " + COUNT + " vectors at length " + n + inputs();
    got = sentinels();
    want = sentinels();
    candidate.squareDistanceMany(query, vectors, 3, COUNT, n, got, 1);
    reference.squareDistanceMany(query, vectors, 3, COUNT, n, want, 1);
    failure = compareChunk(got, want, n, distanceMagnitudes);
    if (failure != null) {
      return failure;
    }

    step = "dotCodesMany of " + COUNT + " vectors at length " + n + inputs();
    got = sentinels();
    want = sentinels();
    candidate.dotCodesMany(query, codes, 3, COUNT, n, got, 1);
    reference.dotCodesMany(query, codes, 3, COUNT, n, want, 1);
    failure = compareChunk(got, want, n, codeMagnitudes);
    if (failure != null || !exact) {
      return failure;
    }
    return int8Kernel(n, codes);
  }

  /**
   * Integer sums are exact, so equal or wrong, whatever the inputs: run once, with the extremes
   * -128 and 127 among random bytes (every pair of them sums past a short).
   */
  private String int8Kernel(int n, byte[] codes) {
    byte[] query = new byte[n + 2];
    random.nextBytes(query);
    for (int i = 0; i < query.length; i += 3) {
      query[i] = Byte.MIN_VALUE;
    }
    byte[] extremes = codes.clone();
    for (int i = 0; i < extremes.length; i += 2) {
      extremes[i] = i % 4 == 0 ? Byte.MIN_VALUE : Byte.MAX_VALUE;
    }
    step = "dotInt8Many of " + COUNT + " vectors at length " + n;
    int[] got = new int[COUNT + 2];
    Arrays.fill(got, -1);
    int[] want = got.clone();
    candidate.dotInt8Many(query, extremes, 3, COUNT, n, got, 1);
    reference.dotInt8Many(query, extremes, 3, COUNT, n, want, 1);
    if (got[0] != -1 || got[COUNT + 1] != -1) {
      return step + " wrote outside out[1.." + COUNT + "]";
    }
    for (int j = 1; j <= COUNT; j++) {
      if (got[j] != want[j]) {
        return step + ", vector " + (j - 1) + " gave " + got[j] + " where the scalar kernels give "
            + want[j];
      }
    }
    return null;
  }

  /** Results land in {@code [1, 1 + COUNT)}; the NaN on either side must survive. */
  private String compareChunk(float[] got, float[] want, int n, double[] magnitudes) {
    if (!Float.isNaN(got[0]) || !Float.isNaN(got[COUNT + 1])) {
      return step + " wrote outside out[1.." + COUNT + "]";
    }
    for (int j = 0; j < COUNT; j++) {
      String failure = compare(step + ", vector " + j, got[1 + j], want[1 + j], n, magnitudes[j]);
      if (failure != null) {
        return failure;
      }
    }
    return null;
  }

  private String compare(String what, float got, float want, int n, double magnitude) {
    // The exact pass needs equality; '==' also fails a NaN, and counts -0 as 0.
    double tolerance = exact ? 0 : 2.0 * (n + 1) * UNIT_ROUNDOFF * magnitude;
    if (Float.isFinite(got) && Math.abs((double) got - want) <= tolerance) {
      return null;
    }
    return what + " gave " + got + " where the scalar kernels give " + want
        + (exact ? "" : " (tolerance " + (float) tolerance + ")");
  }

  private String inputs() {
    return exact ? " (integer inputs)" : " (fractional inputs)";
  }

  /** Exact pass: odd values if {@code odd}, even ones otherwise, in [-8, 8]; else [-1, 1). */
  private float[] values(int length, boolean odd) {
    float[] values = new float[length];
    for (int i = 0; i < length; i++) {
      if (exact) {
        int magnitude = 2 * random.nextInt(4) + (odd ? 1 : 2); // 1, 3, 5, 7 or 2, 4, 6, 8
        values[i] = random.nextBoolean() ? magnitude : -magnitude;
      } else {
        values[i] = random.nextFloat() * 2 - 1;
      }
    }
    return values;
  }

  /** Odd bytes, so no code is zero; products with the exact pass's queries stay below 1,000. */
  private byte[] codes(int length) {
    byte[] codes = new byte[length];
    random.nextBytes(codes);
    for (int i = 0; i < length; i++) {
      codes[i] |= 1;
    }
    return codes;
  }

  private static float[] sentinels() {
    float[] out = new float[COUNT + 2];
    Arrays.fill(out, Float.NaN);
    return out;
  }
}
