package dev.quiver.internal.search;

import dev.quiver.Filter;
import dev.quiver.Metric;
import dev.quiver.internal.kernel.VectorKernels;
import dev.quiver.internal.memory.Snapshot;
import java.util.List;
import org.roaringbitmap.BatchIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Exact top-k search over one snapshot. Unfiltered, it streams every chunk's int8 codes and scores only the
 * vectors that can still be in the top k from their floats ({@link CodeScan}); the unscannable bitmap is
 * consulted only for those. Filtered, it evaluates the filter to a bitmap first and scores only its members
 * (through their codes too when there are many), so a filter never costs results.
 */
public final class ExactScan {
  private static final int BATCH = 256;
  /** Below 8 chunks a scan takes a few milliseconds: handing it to other threads costs more than it saves. */
  static final int PARALLEL_MIN_VECTORS = 8 * 16_384;
  /**
   * Below this many filter members their floats are scored directly: they are few enough to stay in cache,
   * and reading the codes first would save less than the second pass costs.
   */
  static final int CODE_SCAN_MIN_MEMBERS = 1_024;

  private ExactScan() {}

  /** Ordinals and scores of a search, best first; ties by id ascending. */
  public record Result(int[] ordinals, float[] scores, int count) {}

  /** One thread: the caller's. */
  public static Result search(Snapshot snapshot, float[] query, int k, Filter filter, Metric metric) {
    return search(snapshot, query, k, filter, metric, 1);
  }

  /**
   * @param query already normalised under cosine, {@code snapshot.dimensions()} long
   * @param threads how many threads may share an unfiltered scan of a large snapshot (at least
   *     {@value #PARALLEL_MIN_VECTORS} vectors); smaller scans and filtered scans run on the caller's thread
   */
  public static Result search(Snapshot snapshot, float[] query, int k, Filter filter, Metric metric,
      int threads) {
    return search(snapshot, query, k, filter, metric, threads, null);
  }

  /** As {@link #search(Snapshot, float[], int, Filter, Metric, int)}, the parts of a parallel scan on {@code executor} (null: the shared pool). */
  public static Result search(Snapshot snapshot, float[] query, int k, Filter filter, Metric metric,
      int threads, java.util.concurrent.Executor executor) {
    return search(snapshot, query, k, filter, metric, threads, executor, FirstPass.byDefault());
  }

  /** As {@link #search(Snapshot, float[], int, Filter, Metric, int, java.util.concurrent.Executor)}, with {@code pass}'s kernel for the codes. */
  public static Result search(Snapshot snapshot, float[] query, int k, Filter filter, Metric metric,
      int threads, java.util.concurrent.Executor executor, FirstPass pass) {
    TopK top = new TopK(k, snapshot);
    RoaringBitmap candidates = FilterBitmaps.evaluate(filter, snapshot);
    if (candidates == null && threads > 1 && snapshot.size() >= PARALLEL_MIN_VECTORS) {
      ParallelScan.scan(snapshot, query, pass, metric, k, threads, executor, top);
    } else if (candidates == null) {
      QueryCode coded = CodeScan.code(pass, query, snapshot.dimensions());
      CodeScan.Candidates all = CodeScan.firstPass(snapshot, query, coded, metric, k, 0, snapshot.chunkCount());
      CodeScan.secondPass(snapshot, query, metric, List.of(all), top, k);
    } else {
      RoaringBitmap live = RoaringBitmap.andNot(candidates, snapshot.unscannable());
      if (live.getCardinality() >= CODE_SCAN_MIN_MEMBERS) {
        QueryCode coded = CodeScan.code(pass, query, snapshot.dimensions());
        CodeScan.Candidates some = CodeScan.firstPass(snapshot, query, coded, metric, k, live);
        CodeScan.secondPass(snapshot, query, metric, List.of(some), top, k);
      } else {
        scanMembers(snapshot, query, metric, live, top);
      }
    }
    int[] ordinals = new int[k];
    float[] scores = new float[k];
    int n = top.drainBestFirst(scores, ordinals);
    return new Result(ordinals, scores, n);
  }

  /** The live items of {@code snapshot} that match {@code filter}, with or without a vector. */
  public static RoaringBitmap liveMatches(Snapshot snapshot, Filter filter) {
    RoaringBitmap matches = FilterBitmaps.evaluate(filter, snapshot);
    RoaringBitmap live = matches == null ? RoaringBitmap.bitmapOfRange(0, snapshot.size()) : matches.clone();
    live.andNot(snapshot.tombstones());
    return live;
  }

  private static void scanMembers(Snapshot s, float[] query, Metric metric, RoaringBitmap members, TopK top) {
    int dims = s.dimensions();
    int[] buffer = new int[BATCH];
    BatchIterator it = members.getBatchIterator();
    while (it.hasNext()) {
      int n = it.nextBatch(buffer);
      for (int i = 0; i < n; i++) {
        int ordinal = buffer[i];
        float score = score(metric, query, s.chunk(ordinal), s.offset(ordinal), dims);
        if (score >= top.threshold()) {
          top.offer(score, ordinal);
        }
      }
    }
  }

  static float score(Metric metric, float[] query, float[] chunk, int offset, int dims) {
    return metric == Metric.L2
        ? -VectorKernels.squareDistance(query, 0, chunk, offset, dims)
        : VectorKernels.dot(query, 0, chunk, offset, dims);
  }
}
