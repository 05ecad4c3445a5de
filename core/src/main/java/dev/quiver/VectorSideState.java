package dev.quiver;

/** What the vector side of a store can do right now; see {@link Quiver#status()}. */
public enum VectorSideState {
  /** The vector file is the whole record of truth and answers searches. */
  READY,
  /** As {@link #READY}, holding no item yet. */
  EMPTY,
  /** A rebuild from the server's records is filling a new file; searches answer from keywords. */
  REBUILDING,
  /**
   * The vector file is damaged, or missing while its keyword index holds items. Nothing has been moved:
   * reads answer from keywords, and the next write (or {@link Quiver#repair()}) quarantines the file.
   */
  DAMAGED,
  /**
   * The damaged file was moved to the quarantine directory; a fresh file records new writes, and searches
   * answer from keywords until {@link Quiver#rebuild} restores the store from the server's records.
   */
  QUARANTINED
}
