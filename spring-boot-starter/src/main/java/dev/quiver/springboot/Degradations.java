package dev.quiver.springboot;

import dev.quiver.Quiver;
import dev.quiver.VectorSideState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a store's searches lack right now, one sentence each, shared by the health indicator and the meters (which
 * must not need Actuator on the class path).
 */
final class Degradations {
  private Degradations() {}

  /** What searches lack right now, and what brings it back; empty when both sides answer. */
  static List<String> of(Quiver.Status status) {
    List<String> degraded = new ArrayList<>();
    VectorSideState vector = status.vectorSide();
    if (vector == VectorSideState.DAMAGED) {
      degraded.add("vector file damaged: searches answer from keywords only; repair() moves it to the quarantine "
          + "directory, then rebuild the store from source");
    } else if (vector == VectorSideState.QUARANTINED) {
      degraded.add("vector file quarantined: searches answer from keywords only until the store is rebuilt from "
          + "source");
    } else if (vector == VectorSideState.REBUILDING) {
      degraded.add("vector file rebuilding: searches answer from keywords only until the rebuild finishes");
    }
    switch (status.keywordSide()) {
      case FAILED:
        degraded.add("keyword index failed: searches answer from vectors only until it can be opened; "
            + status.keywordProblem());
        break;
      case LAGGING:
      case HEALING:
        degraded.add("keyword index " + status.keywordSide().name().toLowerCase(Locale.ROOT) + ": searches answer "
            + "from vectors only until Quiver has brought it up to date from the vector file");
        break;
      default:
        break;
    }
    if (status.lostCommits() > 0) {
      degraded.add("vector file lost its last " + status.lostCommits() + " commits, which the keyword index still "
          + "holds; open the store with its embedder to restore them");
    }
    return degraded;
  }
}
