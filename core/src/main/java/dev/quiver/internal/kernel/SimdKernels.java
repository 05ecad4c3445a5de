package dev.quiver.internal.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels. Loaded only by {@link KernelProvider}, reflectively and only after it has
 * found {@code jdk.incubator.vector} in the boot layer: no other class may name this one, or core
 * would fail to link on a JVM started without {@code --add-modules jdk.incubator.vector}.
 *
 * <p>Shape of every kernel (Lucene's {@code PanamaVectorUtilSupport}): a main loop over four
 * vectors at a time into four independent accumulators with fused multiply-add, so the loop is
 * bounded by loads and FMA throughput rather than by one accumulator's FMA latency (4 cycles on
 * current x86); then one vector at a time for the last whole vectors (with 512-bit vectors a
 * 1021-float input has 3 of them after the unrolled loop); one {@code reduceLanes} at the end,
 * which is the expensive horizontal step; and a scalar loop for the final {@code length % lanes}
 * floats. The additions happen in a different order than in {@link ScalarKernels}, so the two
 * agree to a relative tolerance, not bit for bit.
 *
 * <p>{@link #dotMany} scores four stored vectors per pass, loading each query slice once for four
 * FMAs instead of once per FMA, and pays the call and range-check overhead once per chunk.
 */
final class SimdKernels implements KernelSupport {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  /**
   * Bytes that widen to exactly one float vector (16 bytes for 512-bit floats); null below 256-bit
   * floats, where no byte shape is small enough and the scalar loop scores codes instead.
   */
  private static final VectorSpecies<Byte> CODE_SPECIES =
      LANES >= 8 ? VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * Byte.SIZE)) : null;

  /** Int lanes of the preferred shape (16 at 512 bits). */
  private static final VectorSpecies<Integer> INT_SPECIES = IntVector.SPECIES_PREFERRED;
  private static final int INT_LANES = INT_SPECIES.length();
  /**
   * Shorts and bytes of as many lanes as {@link #INT_SPECIES}, so one product vector widens to one
   * int vector (part 0 only: other parts are slow on JDK 17); null below 256-bit ints, where the
   * byte shape would be under 64 bits and the scalar loop scores instead.
   */
  private static final VectorSpecies<Short> PRODUCT_SPECIES =
      INT_LANES >= 8 ? VectorSpecies.of(short.class, VectorShape.forBitSize(INT_LANES * Short.SIZE)) : null;
  private static final VectorSpecies<Byte> INT8_SPECIES =
      INT_LANES >= 8 ? VectorSpecies.of(byte.class, VectorShape.forBitSize(INT_LANES * Byte.SIZE)) : null;
  /**
   * Two byte products sum to [-32512, 32768]; 256 less fits a short, so the pair is added in short
   * lanes (wrapping, then exact) before the one widening to int, and the bias is added back at the end.
   */
  private static final int PAIR_BIAS = 256;

  /**
   * Called reflectively by {@link KernelProvider}.
   *
   * @throws UnsupportedOperationException if the preferred vector is narrower than 128 bits (no
   *     SIMD unit the JIT can use, where the Vector API falls back to slow Java code)
   */
  SimdKernels() {
    if (SPECIES.vectorBitSize() < 128) {
      throw new UnsupportedOperationException("the Vector API's preferred species is "
          + SPECIES.vectorBitSize() + "-bit on this CPU; SIMD kernels need at least 128-bit");
    }
  }

  @Override
  public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
    int i = 0;
    float sum = 0;
    int bound = SPECIES.loopBound(length);
    if (bound > 0) {
      FloatVector acc0 = FloatVector.zero(SPECIES);
      FloatVector acc1 = FloatVector.zero(SPECIES);
      FloatVector acc2 = FloatVector.zero(SPECIES);
      FloatVector acc3 = FloatVector.zero(SPECIES);
      for (int unrolledBound = bound - 3 * LANES; i < unrolledBound; i += 4 * LANES) {
        acc0 = FloatVector.fromArray(SPECIES, a, aOffset + i)
            .fma(FloatVector.fromArray(SPECIES, b, bOffset + i), acc0);
        acc1 = FloatVector.fromArray(SPECIES, a, aOffset + i + LANES)
            .fma(FloatVector.fromArray(SPECIES, b, bOffset + i + LANES), acc1);
        acc2 = FloatVector.fromArray(SPECIES, a, aOffset + i + 2 * LANES)
            .fma(FloatVector.fromArray(SPECIES, b, bOffset + i + 2 * LANES), acc2);
        acc3 = FloatVector.fromArray(SPECIES, a, aOffset + i + 3 * LANES)
            .fma(FloatVector.fromArray(SPECIES, b, bOffset + i + 3 * LANES), acc3);
      }
      for (; i < bound; i += LANES) {
        acc0 = FloatVector.fromArray(SPECIES, a, aOffset + i)
            .fma(FloatVector.fromArray(SPECIES, b, bOffset + i), acc0);
      }
      sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
    }
    for (; i < length; i++) {
      sum += a[aOffset + i] * b[bOffset + i];
    }
    return sum;
  }

  @Override
  public float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int length) {
    int i = 0;
    float sum = 0;
    int bound = SPECIES.loopBound(length);
    if (bound > 0) {
      FloatVector acc0 = FloatVector.zero(SPECIES);
      FloatVector acc1 = FloatVector.zero(SPECIES);
      FloatVector acc2 = FloatVector.zero(SPECIES);
      FloatVector acc3 = FloatVector.zero(SPECIES);
      for (int unrolledBound = bound - 3 * LANES; i < unrolledBound; i += 4 * LANES) {
        FloatVector d0 = FloatVector.fromArray(SPECIES, a, aOffset + i)
            .sub(FloatVector.fromArray(SPECIES, b, bOffset + i));
        FloatVector d1 = FloatVector.fromArray(SPECIES, a, aOffset + i + LANES)
            .sub(FloatVector.fromArray(SPECIES, b, bOffset + i + LANES));
        FloatVector d2 = FloatVector.fromArray(SPECIES, a, aOffset + i + 2 * LANES)
            .sub(FloatVector.fromArray(SPECIES, b, bOffset + i + 2 * LANES));
        FloatVector d3 = FloatVector.fromArray(SPECIES, a, aOffset + i + 3 * LANES)
            .sub(FloatVector.fromArray(SPECIES, b, bOffset + i + 3 * LANES));
        acc0 = d0.fma(d0, acc0);
        acc1 = d1.fma(d1, acc1);
        acc2 = d2.fma(d2, acc2);
        acc3 = d3.fma(d3, acc3);
      }
      for (; i < bound; i += LANES) {
        FloatVector d = FloatVector.fromArray(SPECIES, a, aOffset + i)
            .sub(FloatVector.fromArray(SPECIES, b, bOffset + i));
        acc0 = d.fma(d, acc0);
      }
      sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
    }
    for (; i < length; i++) {
      float d = a[aOffset + i] - b[bOffset + i];
      sum += d * d;
    }
    return sum;
  }

  @Override
  public void dotMany(float[] query, float[] vectors, int firstOffset, int count, int dimensions,
      float[] out, int outOffset) {
    int bound = SPECIES.loopBound(dimensions);
    int j = 0;
    for (; j + 3 < count; j += 4) {
      int o0 = firstOffset + j * dimensions;
      int o1 = o0 + dimensions;
      int o2 = o1 + dimensions;
      int o3 = o2 + dimensions;
      FloatVector acc0 = FloatVector.zero(SPECIES);
      FloatVector acc1 = FloatVector.zero(SPECIES);
      FloatVector acc2 = FloatVector.zero(SPECIES);
      FloatVector acc3 = FloatVector.zero(SPECIES);
      int i = 0;
      for (; i < bound; i += LANES) {
        FloatVector q = FloatVector.fromArray(SPECIES, query, i);
        acc0 = q.fma(FloatVector.fromArray(SPECIES, vectors, o0 + i), acc0);
        acc1 = q.fma(FloatVector.fromArray(SPECIES, vectors, o1 + i), acc1);
        acc2 = q.fma(FloatVector.fromArray(SPECIES, vectors, o2 + i), acc2);
        acc3 = q.fma(FloatVector.fromArray(SPECIES, vectors, o3 + i), acc3);
      }
      float s0 = acc0.reduceLanes(VectorOperators.ADD);
      float s1 = acc1.reduceLanes(VectorOperators.ADD);
      float s2 = acc2.reduceLanes(VectorOperators.ADD);
      float s3 = acc3.reduceLanes(VectorOperators.ADD);
      for (; i < dimensions; i++) {
        float q = query[i];
        s0 += q * vectors[o0 + i];
        s1 += q * vectors[o1 + i];
        s2 += q * vectors[o2 + i];
        s3 += q * vectors[o3 + i];
      }
      out[outOffset + j] = s0;
      out[outOffset + j + 1] = s1;
      out[outOffset + j + 2] = s2;
      out[outOffset + j + 3] = s3;
    }
    for (; j < count; j++) {
      out[outOffset + j] = dot(query, 0, vectors, firstOffset + j * dimensions, dimensions);
    }
  }

  @Override
  public void squareDistanceMany(float[] query, float[] vectors, int firstOffset, int count,
      int dimensions, float[] out, int outOffset) {
    int bound = SPECIES.loopBound(dimensions);
    int j = 0;
    for (; j + 3 < count; j += 4) {
      int o0 = firstOffset + j * dimensions;
      int o1 = o0 + dimensions;
      int o2 = o1 + dimensions;
      int o3 = o2 + dimensions;
      FloatVector acc0 = FloatVector.zero(SPECIES);
      FloatVector acc1 = FloatVector.zero(SPECIES);
      FloatVector acc2 = FloatVector.zero(SPECIES);
      FloatVector acc3 = FloatVector.zero(SPECIES);
      int i = 0;
      for (; i < bound; i += LANES) {
        FloatVector q = FloatVector.fromArray(SPECIES, query, i);
        FloatVector d0 = q.sub(FloatVector.fromArray(SPECIES, vectors, o0 + i));
        FloatVector d1 = q.sub(FloatVector.fromArray(SPECIES, vectors, o1 + i));
        FloatVector d2 = q.sub(FloatVector.fromArray(SPECIES, vectors, o2 + i));
        FloatVector d3 = q.sub(FloatVector.fromArray(SPECIES, vectors, o3 + i));
        acc0 = d0.fma(d0, acc0);
        acc1 = d1.fma(d1, acc1);
        acc2 = d2.fma(d2, acc2);
        acc3 = d3.fma(d3, acc3);
      }
      float s0 = acc0.reduceLanes(VectorOperators.ADD);
      float s1 = acc1.reduceLanes(VectorOperators.ADD);
      float s2 = acc2.reduceLanes(VectorOperators.ADD);
      float s3 = acc3.reduceLanes(VectorOperators.ADD);
      for (; i < dimensions; i++) {
        float q = query[i];
        float d0 = q - vectors[o0 + i];
        float d1 = q - vectors[o1 + i];
        float d2 = q - vectors[o2 + i];
        float d3 = q - vectors[o3 + i];
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
      }
      out[outOffset + j] = s0;
      out[outOffset + j + 1] = s1;
      out[outOffset + j + 2] = s2;
      out[outOffset + j + 3] = s3;
    }
    for (; j < count; j++) {
      out[outOffset + j] =
          squareDistance(query, 0, vectors, firstOffset + j * dimensions, dimensions);
    }
  }

  /**
   * Like {@link #dotMany} over int8 codes: each load of {@code LANES} bytes widens to one float
   * vector ({@code B2F}), so a pass reads a quarter of the memory a float scan reads, for the same
   * number of FMAs. Measured at 384 dimensions on a Xeon with AVX-512: 1M codes in 38-43 ms,
   * against 114-125 ms for the same number of floats, on JDK 17 and 25.
   */
  @Override
  public void dotCodesMany(float[] query, byte[] codes, int firstOffset, int count,
      int dimensions, float[] out, int outOffset) {
    if (CODE_SPECIES == null) {
      ScalarKernels.INSTANCE.dotCodesMany(query, codes, firstOffset, count, dimensions, out,
          outOffset);
      return;
    }
    int bound = SPECIES.loopBound(dimensions);
    int j = 0;
    for (; j + 3 < count; j += 4) {
      int o0 = firstOffset + j * dimensions;
      int o1 = o0 + dimensions;
      int o2 = o1 + dimensions;
      int o3 = o2 + dimensions;
      FloatVector acc0 = FloatVector.zero(SPECIES);
      FloatVector acc1 = FloatVector.zero(SPECIES);
      FloatVector acc2 = FloatVector.zero(SPECIES);
      FloatVector acc3 = FloatVector.zero(SPECIES);
      int i = 0;
      for (; i < bound; i += LANES) {
        FloatVector q = FloatVector.fromArray(SPECIES, query, i);
        acc0 = widen(codes, o0 + i).fma(q, acc0);
        acc1 = widen(codes, o1 + i).fma(q, acc1);
        acc2 = widen(codes, o2 + i).fma(q, acc2);
        acc3 = widen(codes, o3 + i).fma(q, acc3);
      }
      float s0 = acc0.reduceLanes(VectorOperators.ADD);
      float s1 = acc1.reduceLanes(VectorOperators.ADD);
      float s2 = acc2.reduceLanes(VectorOperators.ADD);
      float s3 = acc3.reduceLanes(VectorOperators.ADD);
      for (; i < dimensions; i++) {
        float q = query[i];
        s0 += q * codes[o0 + i];
        s1 += q * codes[o1 + i];
        s2 += q * codes[o2 + i];
        s3 += q * codes[o3 + i];
      }
      out[outOffset + j] = s0;
      out[outOffset + j + 1] = s1;
      out[outOffset + j + 2] = s2;
      out[outOffset + j + 3] = s3;
    }
    for (; j < count; j++) {
      int offset = firstOffset + j * dimensions;
      FloatVector acc = FloatVector.zero(SPECIES);
      int i = 0;
      for (; i < bound; i += LANES) {
        acc = widen(codes, offset + i).fma(FloatVector.fromArray(SPECIES, query, i), acc);
      }
      float sum = acc.reduceLanes(VectorOperators.ADD);
      for (; i < dimensions; i++) {
        sum += query[i] * codes[offset + i];
      }
      out[outOffset + j] = sum;
    }
  }

  /**
   * Integer dot products, four codes per pass (the query slice widened once for the four). Each step
   * takes two slices of {@code INT_LANES} bytes per code: byte-to-short widening, short multiplies
   * (every product of two bytes fits a short), the two products added in short lanes with a bias, then
   * one short-to-int widening and an int add, so the int work is halved. Sums are exact, so they equal
   * {@link ScalarKernels}' bit for bit.
   */
  @Override
  public void dotInt8Many(byte[] query, byte[] codes, int firstOffset, int count, int dimensions,
      int[] out, int outOffset) {
    if (INT8_SPECIES == null) {
      ScalarKernels.INSTANCE.dotInt8Many(query, codes, firstOffset, count, dimensions, out, outOffset);
      return;
    }
    int pairBound = dimensions - dimensions % (2 * INT_LANES);
    int bound = dimensions - dimensions % INT_LANES;
    // each pair step biased every short lane by -PAIR_BIAS
    int bias = PAIR_BIAS * pairBound / 2;
    ShortVector biasVector = ShortVector.broadcast(PRODUCT_SPECIES, (short) PAIR_BIAS);
    int j = 0;
    for (; j + 3 < count; j += 4) {
      int o0 = firstOffset + j * dimensions;
      int o1 = o0 + dimensions;
      int o2 = o1 + dimensions;
      int o3 = o2 + dimensions;
      IntVector acc0 = IntVector.zero(INT_SPECIES);
      IntVector acc1 = IntVector.zero(INT_SPECIES);
      IntVector acc2 = IntVector.zero(INT_SPECIES);
      IntVector acc3 = IntVector.zero(INT_SPECIES);
      int i = 0;
      for (; i < pairBound; i += 2 * INT_LANES) {
        ShortVector qa = shorts(query, i);
        ShortVector qb = shorts(query, i + INT_LANES);
        acc0 = acc0.add(pair(qa, qb, codes, o0 + i, biasVector));
        acc1 = acc1.add(pair(qa, qb, codes, o1 + i, biasVector));
        acc2 = acc2.add(pair(qa, qb, codes, o2 + i, biasVector));
        acc3 = acc3.add(pair(qa, qb, codes, o3 + i, biasVector));
      }
      for (; i < bound; i += INT_LANES) {
        ShortVector q = shorts(query, i);
        acc0 = acc0.add(single(q, codes, o0 + i));
        acc1 = acc1.add(single(q, codes, o1 + i));
        acc2 = acc2.add(single(q, codes, o2 + i));
        acc3 = acc3.add(single(q, codes, o3 + i));
      }
      int s0 = acc0.reduceLanes(VectorOperators.ADD) + bias;
      int s1 = acc1.reduceLanes(VectorOperators.ADD) + bias;
      int s2 = acc2.reduceLanes(VectorOperators.ADD) + bias;
      int s3 = acc3.reduceLanes(VectorOperators.ADD) + bias;
      for (; i < dimensions; i++) {
        int q = query[i];
        s0 += q * codes[o0 + i];
        s1 += q * codes[o1 + i];
        s2 += q * codes[o2 + i];
        s3 += q * codes[o3 + i];
      }
      out[outOffset + j] = s0;
      out[outOffset + j + 1] = s1;
      out[outOffset + j + 2] = s2;
      out[outOffset + j + 3] = s3;
    }
    for (; j < count; j++) {
      int offset = firstOffset + j * dimensions;
      IntVector acc = IntVector.zero(INT_SPECIES);
      int i = 0;
      for (; i < pairBound; i += 2 * INT_LANES) {
        acc = acc.add(pair(shorts(query, i), shorts(query, i + INT_LANES), codes, offset + i, biasVector));
      }
      for (; i < bound; i += INT_LANES) {
        acc = acc.add(single(shorts(query, i), codes, offset + i));
      }
      int sum = acc.reduceLanes(VectorOperators.ADD) + bias;
      for (; i < dimensions; i++) {
        sum += query[i] * codes[offset + i];
      }
      out[outOffset + j] = sum;
    }
  }

  private static ShortVector shorts(byte[] bytes, int offset) {
    return (ShortVector) ByteVector.fromArray(INT8_SPECIES, bytes, offset)
        .convertShape(VectorOperators.B2S, PRODUCT_SPECIES, 0);
  }

  /** {@code qa * c[offset..] + qb * c[offset + INT_LANES..] - PAIR_BIAS}, lane by lane, as ints. */
  private static IntVector pair(ShortVector qa, ShortVector qb, byte[] codes, int offset,
      ShortVector biasVector) {
    ShortVector sum = qa.mul(shorts(codes, offset)).add(qb.mul(shorts(codes, offset + INT_LANES)))
        .sub(biasVector);
    return (IntVector) sum.convertShape(VectorOperators.S2I, INT_SPECIES, 0);
  }

  private static IntVector single(ShortVector q, byte[] codes, int offset) {
    return (IntVector) q.mul(shorts(codes, offset)).convertShape(VectorOperators.S2I, INT_SPECIES, 0);
  }

  private static FloatVector widen(byte[] codes, int offset) {
    return (FloatVector) ByteVector.fromArray(CODE_SPECIES, codes, offset)
        .convertShape(VectorOperators.B2F, SPECIES, 0);
  }

  @Override
  public String description() {
    return "SIMD (Vector API, " + SPECIES.vectorBitSize() + "-bit)";
  }
}
