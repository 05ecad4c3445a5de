package dev.quiver.internal.search;

import dev.quiver.Filter;
import dev.quiver.Metric;
import dev.quiver.internal.kernel.VectorKernels;
import dev.quiver.internal.memory.Snapshot;
import org.roaringbitmap.BatchIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Exact top-k search over one snapshot. Unfiltered, it streams every chunk through the kernel and consults
 * the unscannable bitmap only for candidates that would enter the heap. Filtered, it evaluates the filter to
 * a bitmap first and scores only its members, so a filter never costs results.
 */
public final class ExactScan {
  private static final int BATCH = 256;
  private static final int BLOCK = 1024;
  /** Below 8 chunks a scan takes a few milliseconds: handing it to other threads costs more than it saves. */
  static final int PARALLEL_MIN_VECTORS = 8 * 16_384;

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
    TopK top = new TopK(k, snapshot);
    RoaringBitmap candidates = FilterBitmaps.evaluate(filter, snapshot);
    if (candidates == null && threads > 1 && snapshot.size() >= PARALLEL_MIN_VECTORS) {
      ParallelScan.scan(snapshot, query, metric, k, threads, top);
    } else if (candidates == null) {
      scanChunks(snapshot, query, metric, top, 0, snapshot.chunkCount());
    } else {
      RoaringBitmap live = RoaringBitmap.andNot(candidates, snapshot.unscannable());
      scanMembers(snapshot, query, metric, live, top);
    }
    int[] ordinals = new int[k];
    float[] scores = new float[k];
    int n = top.drainBestFirst(scores, ordinals);
    return new Result(ordinals, scores, n);
  }

  /** Scores every scannable vector of chunks {@code [fromChunk, toChunk)} into {@code top}. */
  static void scanChunks(Snapshot s, float[] query, Metric metric, TopK top, int fromChunk, int toChunk) {
    int dims = s.dimensions();
    RoaringBitmap unscannable = s.unscannable();
    // Score a block of contiguous vectors per kernel call (1.3-1.7x over one call per vector at 384 dims),
    // then admit only candidates that beat the heap; the buffer is the search's one allocation per block size.
    float[] scores = new float[Math.min(BLOCK, s.size())];
    for (int c = fromChunk; c < toChunk; c++) {
      int first = Snapshot.chunkStart(c);
      int inChunk = Math.min(Snapshot.chunkSlots(), s.size() - first);
      float[] chunk = s.chunk(first);
      for (int block = 0; block < inChunk; block += BLOCK) {
        int count = Math.min(BLOCK, inChunk - block);
        if (metric == Metric.L2) {
          VectorKernels.squareDistanceMany(query, chunk, block * dims, count, dims, scores, 0);
        } else {
          VectorKernels.dotMany(query, chunk, block * dims, count, dims, scores, 0);
        }
        float threshold = top.threshold();
        for (int i = 0; i < count; i++) {
          float score = metric == Metric.L2 ? -scores[i] : scores[i];
          if (score >= threshold && !unscannable.contains(first + block + i)) {
            top.offer(score, first + block + i);
            threshold = top.threshold();
          }
        }
      }
    }
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

  private static float score(Metric metric, float[] query, float[] chunk, int offset, int dims) {
    return metric == Metric.L2
        ? -VectorKernels.squareDistance(query, 0, chunk, offset, dims)
        : VectorKernels.dot(query, 0, chunk, offset, dims);
  }
}
