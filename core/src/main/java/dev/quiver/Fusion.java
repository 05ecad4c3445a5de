package dev.quiver;

/**
 * How the vector and keyword candidate lists are merged. Raw scores of the two sides are never added:
 * they live on different scales (cosine in [-1, 1], BM25 unbounded). An item one side did not return always
 * scores below every hit of that side, and adding a keyword hit for an item never lowers its fused rank; a
 * side with a single hit or tied hits still counts (see {@code docs/quality.md}).
 */
public sealed interface Fusion {

  /**
   * Reciprocal rank fusion: {@code sum 1 / (k + rank)}; k = 60 is the Elasticsearch and OpenSearch default.
   *
   * <p>It uses ranks only, with the two sides weighted equally, so it cannot tell a side's clear winner from a
   * near tie. When one side is much stronger than the other, RRF can rank below that side alone; the weighted
   * sums ({@link #zScore}, the default, and {@link #minMax}) use the score gaps and do not. Measured, with per-side
   * weights and other constants, in {@code docs/quality.md}.
   */
  static Fusion rrf(int k) {
    return new Rrf(k);
  }

  /** A weighted sum of z-score-normalised scores; {@code vectorWeight} in [0, 1], keyword gets the rest. */
  static Fusion zScore(double vectorWeight) {
    return new WeightedSum(Normalization.Z_SCORE, vectorWeight);
  }

  /** A weighted sum of min-max-normalised scores; {@code vectorWeight} in [0, 1], keyword gets the rest. */
  static Fusion minMax(double vectorWeight) {
    return new WeightedSum(Normalization.MIN_MAX, vectorWeight);
  }

  /** Reciprocal rank fusion with constant {@code k}. */
  record Rrf(int k) implements Fusion {
    public Rrf {
      if (k < 0) {
        throw new IllegalArgumentException("RRF constant k must be >= 0; found " + k);
      }
    }
  }

  /** A weighted sum of normalised scores. */
  record WeightedSum(Normalization normalization, double vectorWeight) implements Fusion {
    public WeightedSum {
      if (!(vectorWeight >= 0 && vectorWeight <= 1)) {
        throw new IllegalArgumentException("vector weight must be in [0, 1]; found " + vectorWeight);
      }
      java.util.Objects.requireNonNull(normalization, "normalization");
    }
  }

  /** How one side's scores are brought to a common scale before weighting. */
  enum Normalization {
    /**
     * {@code (s - mean) / stddev} over the side's hits; an item the side did not return sits {@code sqrt(2 *
     * window)} standard deviations below the lowest hit, or {@code 1 / window} of that when the window is
     * full; a lone hit or tied hits 0.
     */
    Z_SCORE,
    /**
     * {@code (s - min) / (max - min)} over the side's hits, in [0, 1]; an item the side did not return scores
     * {@code -1}, one range below the lowest hit, or {@code 1 / window} of a range below the lowest hit when the
     * window is full; a lone hit or tied hits 1.
     */
    MIN_MAX
  }
}
