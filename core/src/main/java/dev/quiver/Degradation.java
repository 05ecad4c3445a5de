package dev.quiver;

/**
 * Why a side that a search asked for did not answer, or answered less than everything: the other side's
 * results are returned instead. Degradation is normal operation, never an exception.
 *
 * @param side the side concerned
 * @param reason what kind of degradation, to branch on
 * @param detail the specifics for people: which file, what failed
 */
public record Degradation(Side side, Reason reason, String detail) {

  /** What kind of degradation. */
  public enum Reason {
    /** The side is not configured: no embedder, or no keyword index. */
    NOT_CONFIGURED,
    /** The vector side holds no item yet. */
    EMPTY,
    /** A rebuild from the server's records is filling a new vector file. */
    REBUILDING,
    /** The vector file is damaged; it is quarantined by the next write or {@link Quiver#repair()}. */
    DAMAGED,
    /** The damaged vector file was moved aside; a rebuild restores the vector side. */
    QUARANTINED,
    /** The keyword index missed a committed change; the next write replays it. */
    LAGGING,
    /** The keyword index is being rebuilt from the vector file. */
    HEALING,
    /** The side cannot be opened or read (a keyword index that cannot be recreated, a vector file not open). */
    UNAVAILABLE,
    /** The side failed while answering this search. */
    FAILED,
    /** The vector file lost commits that only the keyword index holds (open with the embedder to restore). */
    LOST_COMMITS
  }

  @Override
  public String toString() {
    return side.name().toLowerCase(java.util.Locale.ROOT) + " side " + reason.name().toLowerCase(java.util.Locale.ROOT)
        .replace('_', ' ') + ": " + detail;
  }
}
