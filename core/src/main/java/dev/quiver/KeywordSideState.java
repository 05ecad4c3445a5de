package dev.quiver;

/** What the keyword side of a store can do right now; see {@link Quiver#status()}. */
public enum KeywordSideState {
  /** No keyword index is configured: searches are vector-only. */
  NONE,
  /** The keyword index holds every committed change and answers searches. */
  READY,
  /**
   * Applying a change failed (a full disk, for example): the index misses committed changes, so it answers
   * no search until the next write brings it up to date from the vector file.
   */
  LAGGING,
  /** The index could not be read and is being rebuilt from the vector file; searches are vector-only. */
  HEALING,
  /** The index can neither be opened nor recreated; searches are vector-only. */
  FAILED
}
