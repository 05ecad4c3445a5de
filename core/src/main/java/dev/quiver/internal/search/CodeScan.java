package dev.quiver.internal.search;

import dev.quiver.Metric;
import dev.quiver.internal.kernel.VectorKernels;
import dev.quiver.internal.memory.CodeChunk;
import dev.quiver.internal.memory.Snapshot;
import java.util.Arrays;
import java.util.List;
import org.roaringbitmap.BatchIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * A scan of many vectors (every one, or a large filter's members), exact in two passes. The first reads
 * each vector's int8 {@link CodeChunk code}, a quarter of the bytes of its floats, and turns the code's
 * score into an interval that must hold the exact score. It keeps the k best lower bounds, and as
 * candidates the vectors whose upper bound reaches the k-th of them. The second pass scores the candidates
 * that still reach the final k-th lower bound from their floats. Any vector of the exact top k has an upper
 * bound at least its exact score, which is at least the k-th lower bound, so it is always a candidate: the
 * result is the float scan's, ties by id included, after reading four times fewer bytes.
 *
 * <p>For a code score {@code a = scale * (q.c)} the exact dot product lies within
 * {@code ||q|| * error} of {@code a} (see {@link CodeChunk}). The interval is widened by
 * {@code 4 * dimensions * 2^-24} of the scores' magnitude, twice the worst-case rounding error of a float
 * sum of that many products, for both the code score and the float score it stands for. Under L2 the
 * bounds on {@code q.x} become bounds on {@code -||q - x||^2 = 2 q.x - ||q||^2 - ||x||^2}.
 *
 * <p>With {@link FirstPass#INT8_QUERY} the query is coded too ({@link QueryCode}) and the kernel sums
 * integer products exactly; the interval then also holds the query's coding error (see
 * {@link Candidates#consider}).
 */
final class CodeScan {
  private static final int BLOCK = 1024;
  /** Codes gathered per kernel call, in bytes: 256 members at 384 dimensions, well inside L2. */
  private static final int GATHER_BYTES = 96 * 1024;

  private CodeScan() {}

  /** What a first pass leaves for the second: the k best lower bounds and the candidates that reached them. */
  static final class Candidates {
    final KthLargest lowerBounds;
    private final RoaringBitmap skipped;
    private final float queryNorm;
    private final float querySquared;
    private final float relative;
    private final boolean l2;
    /** Slack per unit of a code's error, and per unit of its vector's norm beyond the dot's rounding. */
    private final float errorWeight;
    private final float normWeight;
    private int[] ordinals = new int[256];
    private float[] upperBounds = new float[256];
    private int count;

    private Candidates(Snapshot s, float[] query, Metric metric, int k, RoaringBitmap skipped,
        QueryCode coded) {
      this.lowerBounds = new KthLargest(k);
      this.skipped = skipped;
      this.queryNorm = CodeChunk.length(query, s.dimensions());
      this.querySquared = queryNorm * queryNorm;
      this.relative = 4f * s.dimensions() * 0x1p-24f;
      this.l2 = metric == Metric.L2;
      if (coded == null) {
        errorWeight = queryNorm;
        normWeight = 0;
      } else {
        // q.x = t s (p.c) + t (p.e) + r.x, with |t (p.e)| <= ||tp|| error and |r.x| <= ||r|| ||x||; the int sum
        // is exact, and the three float roundings of t s (p.c) stay below relative * ||tp|| (||x|| + error)
        errorWeight = coded.codedNorm * (1 + relative);
        normWeight = coded.residualNorm + relative * coded.codedNorm;
      }
    }

    /**
     * Bounds the score of {@code ordinal} from its code's {@code dot} (already scaled), {@code error} and
     * {@code norm}, and keeps it if it can still be in the top k.
     */
    private void consider(int ordinal, float dot, float error, float norm) {
      float score;
      float slack;
      float dotSlack = errorWeight * error + normWeight * norm;
      if (l2) { // -||q - x||^2 = 2 q.x - ||q||^2 - ||x||^2
        score = 2 * dot - querySquared - norm * norm;
        slack = 2 * dotSlack + relative * (queryNorm + norm) * (queryNorm + norm);
      } else {
        score = dot;
        slack = dotSlack + queryNorm * relative * norm;
      }
      float upper = score + slack;
      if (upper >= lowerBounds.threshold() && (skipped == null || !skipped.contains(ordinal))) {
        lowerBounds.offer(score - slack);
        if (count == ordinals.length) {
          ordinals = Arrays.copyOf(ordinals, count * 2);
          upperBounds = Arrays.copyOf(upperBounds, count * 2);
        }
        ordinals[count] = ordinal;
        upperBounds[count++] = upper;
      }
    }
  }

  /** The query coded for {@code pass}: null for {@link FirstPass#FLOAT_QUERY}. */
  static QueryCode code(FirstPass pass, float[] query, int dimensions) {
    return pass == FirstPass.INT8_QUERY ? QueryCode.of(query, dimensions) : null;
  }

  /**
   * First pass over every scannable vector of chunks {@code [fromChunk, toChunk)}.
   *
   * @param coded the query coded to int8 for the integer kernel, or null for the float one
   */
  static Candidates firstPass(Snapshot s, float[] query, QueryCode coded, Metric metric, int k, int fromChunk,
      int toChunk) {
    int dims = s.dimensions();
    Candidates candidates = new Candidates(s, query, metric, k, s.unscannable(), coded);
    float[] sums = new float[Math.min(BLOCK, s.size())];
    int[] intSums = coded == null ? null : new int[sums.length];
    for (int c = fromChunk; c < toChunk; c++) {
      int first = Snapshot.chunkStart(c);
      int inChunk = Math.min(Snapshot.chunkSlots(), s.size() - first);
      CodeChunk chunk = s.codes(first);
      float[] scales = chunk.scales();
      float[] errors = chunk.errors();
      float[] norms = chunk.norms();
      for (int block = 0; block < inChunk; block += BLOCK) {
        int count = Math.min(BLOCK, inChunk - block);
        if (coded == null) {
          VectorKernels.dotCodesMany(query, chunk.codes(), block * dims, count, dims, sums, 0);
          for (int i = 0; i < count; i++) {
            int slot = block + i;
            candidates.consider(first + slot, sums[i] * scales[slot], errors[slot], norms[slot]);
          }
        } else {
          VectorKernels.dotInt8Many(coded.codes, chunk.codes(), block * dims, count, dims, intSums, 0);
          float t = coded.scale;
          for (int i = 0; i < count; i++) {
            int slot = block + i;
            candidates.consider(first + slot, intSums[i] * (t * scales[slot]), errors[slot], norms[slot]);
          }
        }
      }
    }
    return candidates;
  }

  /**
   * First pass over {@code members}, every one of them scannable. Members are scattered, so their codes are
   * first copied side by side into a small buffer: the copies overlap their cache misses, and the kernel
   * then scores four vectors per pass from cache.
   */
  static Candidates firstPass(Snapshot s, float[] query, QueryCode coded, Metric metric, int k,
      RoaringBitmap members) {
    int dims = s.dimensions();
    Candidates candidates = new Candidates(s, query, metric, k, null, coded);
    int gather = Math.max(1, Math.min(members.getCardinality(), Math.max(4, GATHER_BYTES / dims)));
    int[] batch = new int[gather];
    byte[] gathered = new byte[gather * dims];
    float[] sums = new float[gather];
    int[] intSums = coded == null ? null : new int[gather];
    BatchIterator it = members.getBatchIterator();
    while (it.hasNext()) {
      int n = it.nextBatch(batch);
      for (int i = 0; i < n; i++) {
        int ordinal = batch[i];
        System.arraycopy(s.codes(ordinal).codes(), Snapshot.slot(ordinal) * dims, gathered, i * dims, dims);
      }
      if (coded == null) {
        VectorKernels.dotCodesMany(query, gathered, 0, n, dims, sums, 0);
      } else {
        VectorKernels.dotInt8Many(coded.codes, gathered, 0, n, dims, intSums, 0);
      }
      for (int i = 0; i < n; i++) {
        int ordinal = batch[i];
        CodeChunk chunk = s.codes(ordinal);
        int slot = Snapshot.slot(ordinal);
        float dot = coded == null ? sums[i] * chunk.scales()[slot] : intSums[i] * (coded.scale * chunk.scales()[slot]);
        candidates.consider(ordinal, dot, chunk.errors()[slot], chunk.norms()[slot]);
      }
    }
    return candidates;
  }

  /** Second pass: scores from the floats every candidate of {@code parts} that can still be in the top k. */
  static void secondPass(Snapshot s, float[] query, Metric metric, List<Candidates> parts, TopK top, int k) {
    KthLargest lowerBounds = new KthLargest(k);
    for (Candidates part : parts) {
      lowerBounds.offerAll(part.lowerBounds);
    }
    float bar = lowerBounds.threshold();
    int dims = s.dimensions();
    for (Candidates part : parts) {
      for (int i = 0; i < part.count; i++) {
        if (part.upperBounds[i] >= bar) {
          int ordinal = part.ordinals[i];
          float score = ExactScan.score(metric, query, s.chunk(ordinal), s.offset(ordinal), dims);
          if (score >= top.threshold()) {
            top.offer(score, ordinal);
          }
        }
      }
    }
  }
}
