package dev.quiver;

/**
 * One thing {@link Quiver#verify()} found wrong.
 *
 * @param side the side concerned ({@link Side#KEYWORD} for a disagreement between the two: the keyword index
 *     is the derived one)
 * @param kind what kind of problem, to branch on
 * @param detail the specifics for people: which file, which items
 */
public record Problem(Side side, Kind kind, String detail) {

  /** What kind of problem. */
  public enum Kind {
    /** The vector file is damaged and still in place. */
    DAMAGED,
    /** The damaged vector file was moved aside; the store needs a rebuild from source. */
    QUARANTINED,
    /** SQLite's integrity check or a row checksum failed. */
    INTEGRITY,
    /** The vector file lost commits that only the keyword index holds. */
    LOST_COMMITS,
    /** The keyword index misses committed changes. */
    LAGGING,
    /** The keyword index cannot be opened, read or written. */
    UNAVAILABLE,
    /** The two sides hold different items. */
    MISMATCH
  }

  @Override
  public String toString() {
    return side.name().toLowerCase(java.util.Locale.ROOT) + " side " + kind.name().toLowerCase(java.util.Locale.ROOT)
        .replace('_', ' ') + ": " + detail;
  }
}
