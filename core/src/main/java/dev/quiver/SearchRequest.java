package dev.quiver;

import java.util.Objects;

/**
 * One text search. Immutable; each {@code with} method returns a copy.
 *
 * <pre>{@code
 * SearchRequest.of("when is the deploy?").limit(5).filter(Filter.eq("room", "ops"))
 * }</pre>
 *
 * @param text the question
 * @param limit how many hits at most, 1 to {@value #MAX_LIMIT}
 * @param filter which items may match
 * @param mode which sides answer
 * @param includeText whether hits carry their text
 */
public record SearchRequest(String text, int limit, Filter filter, SearchMode mode, boolean includeText) {
  public static final int MAX_LIMIT = 10_000;

  public SearchRequest {
    Checks.requireQueryText(text);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + "; found " + limit);
    }
    filter = filter == null ? Filter.all() : filter;
    mode = mode == null ? SearchMode.HYBRID : mode;
  }

  /** A hybrid search for the 10 best hits, unfiltered, with text. */
  public static SearchRequest of(String text) {
    return new SearchRequest(text, 10, Filter.all(), SearchMode.HYBRID, true);
  }

  public SearchRequest limit(int newLimit) {
    return new SearchRequest(text, newLimit, filter, mode, includeText);
  }

  public SearchRequest filter(Filter newFilter) {
    return new SearchRequest(text, limit, newFilter, mode, includeText);
  }

  public SearchRequest mode(SearchMode newMode) {
    return new SearchRequest(text, limit, filter, newMode, includeText);
  }

  public SearchRequest includeText(boolean include) {
    return new SearchRequest(text, limit, filter, mode, include);
  }
}
