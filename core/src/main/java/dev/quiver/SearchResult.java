package dev.quiver;

import java.util.List;
import java.util.Set;

/** The hits of one search, which sides produced them, and why a side did not. */
public final class SearchResult {
  private final List<Hit> hits;
  private final Set<Side> answered;
  private final List<Degradation> degradations;

  SearchResult(List<Hit> hits, Set<Side> answered, List<Degradation> degradations) {
    this.hits = List.copyOf(hits);
    this.answered = Set.copyOf(answered);
    this.degradations = List.copyOf(degradations);
  }

  /**
   * A result built by another backend of the same API (a search cluster), meaning what the embedded store's
   * results mean.
   */
  public static SearchResult of(List<Hit> hits, Set<Side> answered, List<Degradation> degradations) {
    return new SearchResult(hits, answered, degradations);
  }

  /** Best first. */
  public List<Hit> hits() {
    return hits;
  }

  /** The sides that answered; fewer than requested means the search degraded. */
  public Set<Side> answered() {
    return answered;
  }

  /** Why a requested side did not answer, or answered less; empty when nothing was missing. */
  public List<Degradation> degradations() {
    return degradations;
  }

  /** Whether a side that the search asked for did not fully answer. */
  public boolean degraded() {
    return !degradations.isEmpty();
  }

  /** Whether some degradation has {@code reason}. */
  public boolean degradedBy(Degradation.Reason reason) {
    return degradations.stream().anyMatch(d -> d.reason() == reason);
  }

  @Override
  public String toString() {
    return "SearchResult[" + hits.size() + " hits, answered " + answered
        + (degradations.isEmpty() ? "" : ", " + degradations) + "]";
  }
}
