package dev.quiver.benchmarks;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.internal.kernel.VectorKernels;
import dev.quiver.internal.memory.Arena;
import dev.quiver.internal.memory.Snapshot;
import dev.quiver.internal.search.ExactScan;
import dev.quiver.internal.search.FirstPass;
import java.util.Map;
import java.util.SplittableRandom;
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
 * Exact top-10 cosine search over the in-memory arena, one thread, SIMD against the scalar twin. The
 * arena is what a search reads (the SQLite file is not on the query path), so it is built directly in
 * {@code @Setup}: a million rows through SQLite would only slow the setup down.
 *
 * <p>Run: {@code benchmarks/run-jmh.sh SearchBenchmark}. Warm-up: 3 x 2 s lets C2 compile the scan loop and
 * the Vector API intrinsics; one million vectors at 384 dimensions is 1.5 GB of floats, hence {@code -Xmx6g}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SearchBenchmark {
  static final int DIMENSIONS = 384;
  static final int K = 10;

  @Param({"1375", "100000", "1000000"})
  int size;

  /** Every tenth item has room=ops: the filtered search scores only the filter bitmap's members. */
  @Param({"false", "true"})
  boolean filtered;

  private Snapshot snapshot;
  private float[] query;
  private Filter filter;
  private final float[] scores = new float[1024];
  private final int[] intScores = new int[1024];
  private byte[] queryCode;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    Arena arena = new Arena(DIMENSIONS);
    Arena.Batch batch = arena.begin();
    for (int i = 0; i < size; i++) {
      batch.upsert(Item.of("doc:" + i, null, i % 10 == 0 ? Map.of("room", "ops") : Map.of()),
          unitVector(random));
    }
    batch.publish(size);
    snapshot = arena.snapshot();
    query = unitVector(random);
    queryCode = KernelBenchmark.int8(query);
    filter = filtered ? Filter.eq("room", "ops") : Filter.all();
  }

  static float[] unitVector(SplittableRandom random) {
    float[] v = new float[DIMENSIONS];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= scale;
    }
    return v;
  }

  @Benchmark
  @Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
  public ExactScan.Result simd() {
    return ExactScan.search(snapshot, query, K, filter, Metric.COSINE);
  }

  @Benchmark
  @Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xmx6g", "-Dquiver.kernels=scalar"})
  public ExactScan.Result scalar() {
    return ExactScan.search(snapshot, query, K, filter, Metric.COSINE);
  }

  /** As {@link #simd()}, the first pass through the int8-coded query and the integer kernel. */
  @Benchmark
  @Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
  public ExactScan.Result simdInt8() {
    return ExactScan.search(snapshot, query, K, filter, Metric.COSINE, 1, null, FirstPass.INT8_QUERY);
  }

  @Benchmark
  @Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
  public ExactScan.Result simdAllCoresInt8() {
    return ExactScan.search(snapshot, query, K, filter, Metric.COSINE, Runtime.getRuntime().availableProcessors(),
        null, FirstPass.INT8_QUERY);
  }

  /** The same scan shared by every core (two here); small snapshots still run on one thread. */
  @Benchmark
  @Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
  public ExactScan.Result simdAllCores() {
    return ExactScan.search(snapshot, query, K, filter, Metric.COSINE, Runtime.getRuntime().availableProcessors());
  }

  /**
   * The float kernel alone: every vector's floats scored into a buffer, no heap, no tombstone checks. This is
   * what a search that reads every float cannot beat; beside {@link #simd()} it shows what reading codes
   * first saves.
   */
  @Benchmark
  @Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
  public float[] kernelOnly() {
    for (int c = 0; c < snapshot.chunkCount(); c++) {
      int first = Snapshot.chunkStart(c);
      float[] chunk = snapshot.chunk(first);
      int inChunk = Math.min(Snapshot.chunkSlots(), snapshot.size() - first);
      for (int block = 0; block < inChunk; block += scores.length) {
        int count = Math.min(scores.length, inChunk - block);
        VectorKernels.dotMany(query, chunk, block * DIMENSIONS, count, DIMENSIONS, scores, 0);
      }
    }
    return scores;
  }

  /**
   * The first pass's kernel alone: every int8 code scored into a buffer, no bounds, heap or second pass.
   * Beside {@link #simd()} it shows what the exact search adds to reading the codes.
   */
  @Benchmark
  @Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
  public float[] codesKernelOnly() {
    for (int c = 0; c < snapshot.chunkCount(); c++) {
      int first = Snapshot.chunkStart(c);
      byte[] codes = snapshot.codes(first).codes();
      int inChunk = Math.min(Snapshot.chunkSlots(), snapshot.size() - first);
      for (int block = 0; block < inChunk; block += scores.length) {
        int count = Math.min(scores.length, inChunk - block);
        VectorKernels.dotCodesMany(query, codes, block * DIMENSIONS, count, DIMENSIONS, scores, 0);
      }
    }
    return scores;
  }

  /** As {@link #codesKernelOnly()}, with the integer kernel and the int8-coded query. */
  @Benchmark
  @Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
  public int[] int8KernelOnly() {
    for (int c = 0; c < snapshot.chunkCount(); c++) {
      int first = Snapshot.chunkStart(c);
      byte[] codes = snapshot.codes(first).codes();
      int inChunk = Math.min(Snapshot.chunkSlots(), snapshot.size() - first);
      for (int block = 0; block < inChunk; block += intScores.length) {
        int count = Math.min(intScores.length, inChunk - block);
        VectorKernels.dotInt8Many(queryCode, codes, block * DIMENSIONS, count, DIMENSIONS, intScores, 0);
      }
    }
    return intScores;
  }

  /**
   * The floor: read every float the scan reads, with the widest vector adds and no multiplies, heap or
   * bookkeeping. Beside {@link #simd()} it shows how far the search is from the memory bandwidth.
   */
  @Benchmark
  @Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
  public float streamFloor() {
    return StreamFloor.sum(snapshot);
  }
}
