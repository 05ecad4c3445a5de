package dev.quiver.internal.search;

import dev.quiver.Metric;
import dev.quiver.internal.kernel.VectorKernels;
import dev.quiver.internal.memory.CodeChunk;
import dev.quiver.internal.memory.Snapshot;
import java.util.Arrays;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * The unfiltered scan, exact in two passes. The first reads each vector's int8 {@link CodeChunk code}, a
 * quarter of the bytes of its floats, and turns the code's score into an interval that must hold the
 * exact score. It keeps the k best lower bounds, and as candidates the vectors whose upper bound reaches
 * the k-th of them. The second pass scores the candidates that still reach the final k-th lower bound
 * from their floats. Any vector of the exact top k has an upper bound at least its exact score, which is
 * at least the k-th lower bound, so it is always a candidate: the result is the float scan's, ties by id
 * included, after reading four times fewer bytes.
 *
 * <p>For a code score {@code a = scale * (q.c)} the exact dot product lies within
 * {@code ||q|| * error} of {@code a} (see {@link CodeChunk}). The interval is widened by
 * {@code 4 * dimensions * 2^-24} of the scores' magnitude, twice the worst-case rounding error of a float
 * sum of that many products, for both the code score and the float score it stands for.
 */
final class CodeScan {
  private static final int BLOCK = 1024;

  private CodeScan() {}

  /** What a first pass over some chunks leaves for the second. */
  static final class Candidates {
    final KthLargest lowerBounds;
    private int[] ordinals = new int[256];
    private float[] upperBounds = new float[256];
    private int count;

    private Candidates(int k) {
      this.lowerBounds = new KthLargest(k);
    }

    private void add(int ordinal, float upperBound) {
      if (count == ordinals.length) {
        ordinals = Arrays.copyOf(ordinals, count * 2);
        upperBounds = Arrays.copyOf(upperBounds, count * 2);
      }
      ordinals[count] = ordinal;
      upperBounds[count++] = upperBound;
    }
  }

  /** First pass over chunks {@code [fromChunk, toChunk)}. */
  static Candidates firstPass(Snapshot s, float[] query, Metric metric, int k, int fromChunk, int toChunk) {
    int dims = s.dimensions();
    RoaringBitmap unscannable = s.unscannable();
    float queryNorm = norm(query, dims);
    float querySquared = queryNorm * queryNorm;
    float relative = 4f * dims * 0x1p-24f;
    boolean l2 = metric == Metric.L2;
    Candidates candidates = new Candidates(k);
    float[] sums = new float[Math.min(BLOCK, s.size())];
    for (int c = fromChunk; c < toChunk; c++) {
      int first = Snapshot.chunkStart(c);
      int inChunk = Math.min(Snapshot.chunkSlots(), s.size() - first);
      CodeChunk chunk = s.codes(c);
      float[] scales = chunk.scales();
      float[] errors = chunk.errors();
      float[] norms = chunk.norms();
      for (int block = 0; block < inChunk; block += BLOCK) {
        int count = Math.min(BLOCK, inChunk - block);
        VectorKernels.dotCodesMany(query, chunk.codes(), block * dims, count, dims, sums, 0);
        float threshold = candidates.lowerBounds.threshold();
        for (int i = 0; i < count; i++) {
          int slot = block + i;
          float dot = sums[i] * scales[slot];
          float norm = norms[slot];
          float score;
          float slack;
          if (l2) { // -||q - x||^2 = 2 q.x - ||q||^2 - ||x||^2
            score = 2 * dot - querySquared - norm * norm;
            slack = 2 * queryNorm * errors[slot] + relative * (queryNorm + norm) * (queryNorm + norm);
          } else {
            score = dot;
            slack = queryNorm * (errors[slot] + relative * norm);
          }
          float upper = score + slack;
          if (upper >= threshold && !unscannable.contains(first + slot)) {
            candidates.lowerBounds.offer(score - slack);
            threshold = candidates.lowerBounds.threshold();
            candidates.add(first + slot, upper);
          }
        }
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

  private static float norm(float[] query, int dims) {
    double squared = 0;
    for (int i = 0; i < dims; i++) {
      squared += (double) query[i] * query[i];
    }
    double norm = Math.sqrt(squared);
    float rounded = (float) norm;
    return rounded < norm ? Math.nextUp(rounded) : rounded;
  }
}
