package dev.quiver.internal.search;

import dev.quiver.internal.memory.CodeChunk;

/**
 * A query coded to int8 once per search, for the integer first pass: {@code q = scale * p + r} with {@code p}
 * in [-127, 127] and {@code scale = max|q_i| / 127}, the residual {@code r} defined by that equation. The pass
 * needs {@code ||scale * p||} and {@code ||r||}, both rounded up (see {@link CodeScan}).
 */
final class QueryCode {
  private static final int LARGEST_CODE = 127;

  final byte[] codes;
  final float scale;
  /** {@code ||scale * p||}, rounded up. */
  final float codedNorm;
  /** {@code ||q - scale * p||}, rounded up. */
  final float residualNorm;

  private QueryCode(byte[] codes, float scale, float codedNorm, float residualNorm) {
    this.codes = codes;
    this.scale = scale;
    this.codedNorm = codedNorm;
    this.residualNorm = residualNorm;
  }

  /** Codes {@code query[0, dimensions)}, finite. */
  static QueryCode of(float[] query, int dimensions) {
    float largest = 0;
    for (int i = 0; i < dimensions; i++) {
      largest = Math.max(largest, Math.abs(query[i]));
    }
    float scale = largest / LARGEST_CODE;
    byte[] codes = new byte[dimensions];
    double codedSquared = 0;
    double residualSquared = 0;
    for (int i = 0; i < dimensions; i++) {
      // any code in range keeps the bounds exact: r absorbs whatever the rounding or the clamp left
      int code = scale == 0 ? 0
          : Math.max(-LARGEST_CODE, Math.min(LARGEST_CODE, (int) Math.rint(query[i] / scale)));
      codes[i] = (byte) code;
      double coded = (double) scale * code; // exact: 24 by 8 significant bits
      double residual = query[i] - coded;
      codedSquared += coded * coded;
      residualSquared += residual * residual;
    }
    return new QueryCode(codes, scale, CodeChunk.roundedUp(Math.sqrt(codedSquared)),
        CodeChunk.roundedUp(Math.sqrt(residualSquared)));
  }
}
