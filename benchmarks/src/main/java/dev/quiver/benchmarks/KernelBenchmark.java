package dev.quiver.benchmarks;

import dev.quiver.internal.kernel.KernelSupport;
import dev.quiver.internal.kernel.VectorKernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scan kernels, scalar against SIMD (after Lucene's {@code VectorUtilBenchmark}).
 *
 * <p>Each pair of methods has the same body and differs only in the implementation it calls:
 * {@link VectorKernels#scalar()} or {@link VectorKernels#simdOrNull()}, both available in one JVM
 * because every fork gets {@code --add-modules=jdk.incubator.vector}. JMH forks once per method,
 * so each call site sees one implementation and is inlined as production's would be.
 *
 * <p>Sizes: 384 (MiniLM's dimension; a multiple of every vector width, no scalar tail) and 1021
 * (a prime: with 512-bit vectors it leaves 3 whole vectors after the unrolled loop and 13 floats
 * for the scalar tail). The {@code scan*} methods score a chunk of {@value #CHUNK_VECTORS} stored
 * vectors, once with a loop over {@code dot} and once with {@code dotMany}, to decide whether the
 * batched kernel earns its place.
 *
 * <p>All inputs are built in {@link #setup()}, never in a timed method.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
// Warm-up: the Vector API is only fast once C2 has compiled the loop and intrinsified the
// FloatVector operations; before that (interpreter, C1) every vector is a heap object and a call is
// 10-100x slower. A call takes tens of nanoseconds, so C2 compiles within the first tens of
// milliseconds; three 2-second iterations also let the scalar loop's OSR and final compilations
// settle. Measurement iterations then show a flat line (check the raw data for a slow first one).
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// Two forks: code layout and JIT decisions vary from one JVM to the next by a few percent.
@Fork(value = 2, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class KernelBenchmark {
  /** Stored vectors per chunk in the scan benchmarks: 1.5 MB of floats at 384 dimensions. */
  static final int CHUNK_VECTORS = 1024;

  @Param({"384", "1021"})
  public int dimensions;

  float[] a;
  float[] b;
  float[] chunk;
  byte[] codes;
  float[] scores;
  /** {@link #a} coded to int8 as a search codes its query, for the integer kernel. */
  byte[] queryCode;
  int[] intScores;
  KernelSupport scalar;
  KernelSupport simd;

  @Setup(Level.Trial)
  public void setup() {
    Random random = new Random(42);
    a = randomVector(random, dimensions);
    b = randomVector(random, dimensions);
    chunk = randomVector(random, CHUNK_VECTORS * dimensions);
    codes = new byte[CHUNK_VECTORS * dimensions];
    random.nextBytes(codes);
    scores = new float[CHUNK_VECTORS];
    queryCode = int8(a);
    intScores = new int[CHUNK_VECTORS];
    scalar = VectorKernels.scalar();
    simd = VectorKernels.simdOrNull();
    if (simd == null) {
      throw new IllegalStateException("SIMD kernels unavailable in this JVM (" + Runtime.version()
          + "); run forks with --add-modules=jdk.incubator.vector on a CPU with 128-bit or wider"
          + " vectors");
    }
  }

  /** {@code v / (max|v_i| / 127)}, rounded: the first pass's query code. */
  static byte[] int8(float[] v) {
    float largest = 0;
    for (float x : v) {
      largest = Math.max(largest, Math.abs(x));
    }
    byte[] code = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      code[i] = (byte) Math.max(-127, Math.min(127, Math.rint(v[i] * 127 / largest)));
    }
    return code;
  }

  private static float[] randomVector(Random random, int length) {
    float[] vector = new float[length];
    for (int i = 0; i < length; i++) {
      vector[i] = random.nextFloat() * 2 - 1;
    }
    return vector;
  }

  /** The one-accumulator loop that was core's placeholder: what four accumulators buy. */
  @Benchmark
  public float dotScalarOneAccumulator() {
    float sum = 0;
    for (int i = 0; i < dimensions; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  @Benchmark
  public float dotScalar() {
    return scalar.dot(a, 0, b, 0, dimensions);
  }

  @Benchmark
  public float dotSimd() {
    return simd.dot(a, 0, b, 0, dimensions);
  }

  @Benchmark
  public float squareDistanceScalar() {
    return scalar.squareDistance(a, 0, b, 0, dimensions);
  }

  @Benchmark
  public float squareDistanceSimd() {
    return simd.squareDistance(a, 0, b, 0, dimensions);
  }

  /** A chunk scored one {@code dot} call per vector (what a scan without dotMany does). */
  @Benchmark
  public float[] scanDotLoopSimd() {
    for (int j = 0; j < CHUNK_VECTORS; j++) {
      scores[j] = simd.dot(a, 0, chunk, j * dimensions, dimensions);
    }
    return scores;
  }

  @Benchmark
  public float[] scanDotManySimd() {
    simd.dotMany(a, chunk, 0, CHUNK_VECTORS, dimensions, scores, 0);
    return scores;
  }

  @Benchmark
  public float[] scanSquareDistanceLoopSimd() {
    for (int j = 0; j < CHUNK_VECTORS; j++) {
      scores[j] = simd.squareDistance(a, 0, chunk, j * dimensions, dimensions);
    }
    return scores;
  }

  @Benchmark
  public float[] scanSquareDistanceManySimd() {
    simd.squareDistanceMany(a, chunk, 0, CHUNK_VECTORS, dimensions, scores, 0);
    return scores;
  }

  /** The first pass of a search: the same chunk as int8 codes, a quarter of the bytes of its floats. */
  @Benchmark
  public float[] scanCodesManySimd() {
    simd.dotCodesMany(a, codes, 0, CHUNK_VECTORS, dimensions, scores, 0);
    return scores;
  }

  @Benchmark
  public float[] scanCodesManyScalar() {
    scalar.dotCodesMany(a, codes, 0, CHUNK_VECTORS, dimensions, scores, 0);
    return scores;
  }

  /**
   * The integer first pass: the same chunk of codes against the int8-coded query, byte-to-short multiplies
   * and int sums. Beside {@link #scanCodesManySimd()}, the float-widening kernel it would replace.
   */
  @Benchmark
  public int[] scanInt8ManySimd() {
    simd.dotInt8Many(queryCode, codes, 0, CHUNK_VECTORS, dimensions, intScores, 0);
    return intScores;
  }

  @Benchmark
  public int[] scanInt8ManyScalar() {
    scalar.dotInt8Many(queryCode, codes, 0, CHUNK_VECTORS, dimensions, intScores, 0);
    return intScores;
  }
}
