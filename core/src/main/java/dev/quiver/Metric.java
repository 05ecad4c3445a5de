package dev.quiver;

/**
 * How two vectors are compared. Fixed when a store is created and stored in its file.
 *
 * <p>Every metric is reported as a score where higher is better: cosine similarity in [-1, 1], the raw
 * dot product, or the negative squared Euclidean distance.
 */
public enum Metric {
  /** Cosine similarity. Vectors are normalised at write, so the scan is a dot product. */
  COSINE,
  /** Inner product of the vectors as given. */
  DOT,
  /** Negative squared Euclidean distance, so that the nearest vector scores highest. */
  L2
}
