package dev.quiver.benchmarks;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.internal.memory.Arena;
import dev.quiver.internal.memory.Snapshot;
import dev.quiver.internal.search.ExactScan;
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
import org.roaringbitmap.RoaringBitmap;

/**
 * "The last tenth of the conversation": a time-range filter over items whose timestamps follow their arrival,
 * as chat messages do. {@link #rangeFromChunkTimes()} is how a search evaluates the range now, from each
 * chunk's earliest and latest timestamp; {@link #rangeFromEveryRecord()} is how it did before, reading every
 * record's timestamp. {@link #searchLastTenth()} is a whole top-10 search under the filter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
public class TimeFilterBenchmark {
  @Param({"1375", "100000", "1000000"})
  int size;

  private Snapshot snapshot;
  private float[] query;
  private long from;
  private long to;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    Arena arena = new Arena(SearchBenchmark.DIMENSIONS);
    Arena.Batch batch = arena.begin();
    for (int i = 0; i < size; i++) {
      batch.upsert(new Item("msg:" + i, null, Map.of(), 1_700_000_000_000L + i * 1_000L),
          SearchBenchmark.unitVector(random));
    }
    batch.publish(size);
    snapshot = arena.snapshot();
    query = SearchBenchmark.unitVector(random);
    from = 1_700_000_000_000L + (size - size / 10) * 1_000L;
    to = 1_700_000_000_000L + size * 1_000L;
  }

  @Benchmark
  public RoaringBitmap rangeFromChunkTimes() {
    return snapshot.timeRange(from, to);
  }

  @Benchmark
  public RoaringBitmap rangeFromEveryRecord() {
    RoaringBitmap result = new RoaringBitmap();
    for (int o = 0; o < snapshot.size(); o++) {
      Long ts = snapshot.record(o).item().timestamp();
      if (ts != null && ts >= from && ts < to) {
        result.add(o);
      }
    }
    return result;
  }

  @Benchmark
  public ExactScan.Result searchLastTenth() {
    return ExactScan.search(snapshot, query, SearchBenchmark.K, Filter.timeRange(from, to), Metric.COSINE);
  }
}
