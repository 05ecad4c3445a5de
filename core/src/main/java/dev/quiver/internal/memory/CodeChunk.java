package dev.quiver.internal.memory;

import java.util.Arrays;

/**
 * The int8 codes of one chunk's vectors, with what a scan needs to bound how far each code's score can be
 * from the vector's. Vector {@code x} is coded as {@code scale * c} with {@code c} in [-127, 127] and
 * {@code scale = max|x_i| / 127}; {@code error} is {@code ||x - scale * c||} and {@code norm} is
 * {@code ||x||}, both rounded up. For any query {@code q}, Cauchy-Schwarz gives
 * {@code |q.x - scale * (q.c)| <= ||q|| * error}, so a scan can read a quarter of the bytes and still
 * know which vectors might be in the exact top k.
 *
 * <p>Append-only like the float chunks: a slot below a published snapshot's size never changes.
 */
public final class CodeChunk {
  private static final int LARGEST_CODE = 127;

  private final int dimensions;
  private final byte[] codes;
  private final float[] scales;
  private final float[] errors;
  private final float[] norms;

  CodeChunk(int slots, int dimensions) {
    this(dimensions, new byte[slots * dimensions], new float[slots], new float[slots], new float[slots]);
  }

  CodeChunk(int dimensions, byte[] codes, float[] scales, float[] errors, float[] norms) {
    this.dimensions = dimensions;
    this.codes = codes;
    this.scales = scales;
    this.errors = errors;
    this.norms = norms;
  }

  /** A copy with room for {@code slots} vectors. */
  CodeChunk grow(int slots) {
    return new CodeChunk(dimensions, Arrays.copyOf(codes, slots * dimensions), Arrays.copyOf(scales, slots),
        Arrays.copyOf(errors, slots), Arrays.copyOf(norms, slots));
  }

  /** Codes {@code vector} (finite, {@code dimensions} long) into {@code slot}. */
  void encode(int slot, float[] vector) {
    float largest = 0;
    for (float v : vector) {
      largest = Math.max(largest, Math.abs(v));
    }
    float scale = largest / LARGEST_CODE;
    int offset = slot * dimensions;
    double errorSquared = 0;
    double normSquared = 0;
    for (int i = 0; i < dimensions; i++) {
      // A scale that underflows to zero codes the vector as zeros; the error is then the whole vector.
      // rint, not round: an intrinsic on JDK 17, where round is not; either nearest code keeps the bounds exact
      int code = scale == 0 ? 0
          : Math.max(-LARGEST_CODE, Math.min(LARGEST_CODE, (int) Math.rint(vector[i] / scale)));
      codes[offset + i] = (byte) code;
      double error = vector[i] - (double) scale * code;
      errorSquared += error * error;
      normSquared += (double) vector[i] * vector[i];
    }
    scales[slot] = scale;
    errors[slot] = roundedUp(Math.sqrt(errorSquared));
    norms[slot] = roundedUp(Math.sqrt(normSquared));
  }

  /** {@code ||vector[0, dimensions)||}, rounded up to a float, as the bounds need. */
  public static float length(float[] vector, int dimensions) {
    double squared = 0;
    for (int i = 0; i < dimensions; i++) {
      squared += (double) vector[i] * vector[i];
    }
    return roundedUp(Math.sqrt(squared));
  }

  /** {@code value} as the nearest float at or above it. */
  public static float roundedUp(double value) {
    float f = (float) value;
    return f < value ? Math.nextUp(f) : f;
  }

  /** The codes, {@code dimensions} bytes per slot. */
  public byte[] codes() {
    return codes;
  }

  public float[] scales() {
    return scales;
  }

  public float[] errors() {
    return errors;
  }

  public float[] norms() {
    return norms;
  }
}
