package dev.quiver;

/** Which sides of the store answer a search. */
public enum SearchMode {
  /** Both sides, fused. Falls back to whichever side is available. */
  HYBRID,
  /** Vector similarity only. */
  VECTOR,
  /** BM25 keyword matching only. */
  KEYWORD
}
