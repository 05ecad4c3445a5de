package dev.quiver;

import java.util.List;
import java.util.Set;

/**
 * The hits of one search and which sides produced them.
 *
 * @param hits best first
 * @param answered the sides that answered; fewer than requested means the search degraded
 * @param degradation why a requested side did not answer, or {@code null} when none was missing
 */
public record SearchResult(List<Hit> hits, Set<Side> answered, String degradation) {
  public SearchResult {
    hits = List.copyOf(hits);
    answered = Set.copyOf(answered);
  }

  /** Whether a side that the search asked for did not answer. */
  public boolean degraded() {
    return degradation != null;
  }
}
