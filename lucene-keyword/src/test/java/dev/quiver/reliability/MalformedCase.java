package dev.quiver.reliability;

import dev.quiver.ErrorCode;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * One damaged copy of the base store: what was done to it, and which outcomes it may have. A case whose
 * outcome cannot be known in advance (a bit flip may land in free space or in a row) allows several; the
 * invariants of whichever outcome it has are checked all the same.
 *
 * @param number the case's index in the run, for {@code -Dquiver.reliability.case=N}
 * @param family the kind of damage, for the summary
 * @param description what was done, precisely enough to reproduce it by hand
 * @param allowed the outcomes this damage may have
 * @param refusals the error codes a refusal may carry (ignored unless {@link Outcome#REFUSED} is allowed)
 * @param damage applied to the case directory, which holds a fresh copy of the base store
 * @param undo run after the case whatever happened (for example {@code chattr -i}); may do nothing
 */
record MalformedCase(int number, String family, String description, Set<Outcome> allowed, Set<ErrorCode> refusals,
    Damage damage, Damage undo) {

  /** What opening a damaged copy led to; each has its own invariants, checked by the suite. */
  enum Outcome {
    /** Opens, {@code verify()} is empty, and the content is exactly the base store's. */
    HEALTHY,
    /** Opens DAMAGED or with problems in {@code verify()}; reads answer; repair and rebuild heal it. */
    CORRUPT,
    /** {@code Quiver.open} throws a QuiverException and leaves every file in the directory as it was. */
    REFUSED,
    /**
     * Damage to the surroundings rather than the data (a directory this process cannot write): opens with the
     * vector side's content exact, and {@code verify()} names the problem until the operator fixes it.
     */
    REPORTED
  }

  static final Set<Outcome> ANY = EnumSet.of(Outcome.HEALTHY, Outcome.CORRUPT, Outcome.REFUSED);
  static final Set<ErrorCode> ANY_CODE = EnumSet.allOf(ErrorCode.class);
  static final Damage NOTHING = dir -> { };

  /** Changes the files of one case directory. */
  @FunctionalInterface
  interface Damage {
    void apply(Path caseDir) throws Exception;
  }

  @Override
  public String toString() {
    return "case " + number + " [" + family + "] " + description;
  }
}
