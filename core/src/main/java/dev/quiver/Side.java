package dev.quiver;

/** One of the two indexes behind a search. */
public enum Side {
  VECTOR,
  KEYWORD
}
