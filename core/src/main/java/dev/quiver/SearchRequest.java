package dev.quiver;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One search: a question as text, a query vector, or both. Immutable; each setting returns a copy, so a
 * request can be built up step by step and new settings can be added without breaking callers.
 *
 * <pre>{@code
 * SearchRequest.of("when is the deploy?").limit(5).filter(Filter.eq("room", "ops"))
 * SearchRequest.of(queryVector).limit(20).minVectorScore(0.3)
 * }</pre>
 */
public final class SearchRequest {
  public static final int MAX_LIMIT = 10_000;
  public static final int DEFAULT_LIMIT = 10;

  private final String text;
  private final float[] queryVector;
  private final int limit;
  private final Filter filter;
  private final SearchMode mode;
  private final boolean includeText;
  private final boolean snippets;
  private final @Nullable Fusion fusion;
  private final double minVectorScore;

  private SearchRequest(String text, float[] queryVector, int limit, Filter filter, SearchMode mode,
      boolean includeText, boolean snippets, @Nullable Fusion fusion, double minVectorScore) {
    if (text == null && queryVector == null) {
      throw new IllegalArgumentException("a search needs query text or a query vector; found neither");
    }
    if (text != null) {
      Checks.requireQueryText(text);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + "; found " + limit);
    }
    if (Double.isNaN(minVectorScore)) {
      throw new IllegalArgumentException("minimum vector score must be a number; found NaN");
    }
    if (text == null && mode == SearchMode.KEYWORD) {
      throw new IllegalArgumentException("a keyword search needs query text; this request has only a vector");
    }
    this.text = text;
    this.queryVector = queryVector;
    this.limit = limit;
    this.filter = Preconditions.requireArgument(filter, "filter");
    this.mode = Preconditions.requireArgument(mode, "mode");
    this.includeText = includeText;
    this.snippets = snippets;
    this.fusion = fusion;
    this.minVectorScore = minVectorScore;
  }

  /** A hybrid search for the {@value #DEFAULT_LIMIT} best hits of {@code text}, unfiltered, with text. */
  public static SearchRequest of(String text) {
    return new SearchRequest(Checks.requireQueryText(text), null, DEFAULT_LIMIT, Filter.all(), SearchMode.HYBRID,
        true, true, null, Double.NEGATIVE_INFINITY);
  }

  /**
   * A vector search for the {@value #DEFAULT_LIMIT} items nearest {@code queryVector}, which the caller
   * embedded (with the store's model); no embedder is needed.
   */
  public static SearchRequest of(float[] queryVector) {
    return new SearchRequest(null, copy(queryVector), DEFAULT_LIMIT, Filter.all(), SearchMode.VECTOR, true,
        true, null, Double.NEGATIVE_INFINITY);
  }

  /** The question, or {@code null} for a vector-only request. */
  public @Nullable String text() {
    return text;
  }

  /** A copy of the caller's query vector, or {@code null} when the store's embedder embeds the text. */
  public float @Nullable [] queryVector() {
    return queryVector == null ? null : queryVector.clone();
  }

  boolean hasQueryVector() {
    return queryVector != null;
  }

  float[] queryVectorUnsafe() {
    return queryVector;
  }

  /** How many hits at most, 1 to {@value #MAX_LIMIT}. */
  public int limit() {
    return limit;
  }

  /** Which items may match; every hit satisfies it. */
  public Filter filter() {
    return filter;
  }

  /** Which sides answer. */
  public SearchMode mode() {
    return mode;
  }

  /** Whether hits carry their text. */
  public boolean includeText() {
    return includeText;
  }

  /** The fusion of this search, or {@code null} for the store's {@link QuiverOptions#fusion()}. */
  public @Nullable Fusion fusion() {
    return fusion;
  }

  /**
   * This request fused with {@code newFusion} instead of the store's {@link QuiverOptions#fusion()}, or with the
   * store's again for {@code null}: for comparing fusions on the same store ({@code quiver eval --sweep}).
   */
  public SearchRequest fusion(@Nullable Fusion newFusion) {
    return new SearchRequest(text, queryVector, limit, filter, mode, includeText, snippets, newFusion,
        minVectorScore);
  }

  /** Whether keyword hits carry a {@link Hit#snippet()}; default {@code true}. */
  public boolean snippets() {
    return snippets;
  }

  /**
   * The lowest vector score a vector candidate may have (the metric's own score: cosine similarity for
   * {@link Metric#COSINE}); {@code -Infinity} when unset. Candidates below it do not reach fusion.
   */
  public double minVectorScore() {
    return minVectorScore;
  }

  public SearchRequest limit(int newLimit) {
    return new SearchRequest(text, queryVector, newLimit, filter, mode, includeText, snippets, fusion, minVectorScore);
  }

  public SearchRequest filter(Filter newFilter) {
    return new SearchRequest(text, queryVector, limit, newFilter, mode, includeText, snippets, fusion, minVectorScore);
  }

  public SearchRequest mode(SearchMode newMode) {
    return new SearchRequest(text, queryVector, limit, filter, newMode, includeText, snippets, fusion, minVectorScore);
  }

  public SearchRequest includeText(boolean include) {
    return new SearchRequest(text, queryVector, limit, filter, mode, include, snippets, fusion, minVectorScore);
  }

  /**
   * Whether keyword hits carry a {@link Hit#snippet()} (default {@code true}): the keyword index re-analyzes
   * each returned hit's text to mark the matched terms, which costs a little per hit; turn it off when only
   * ids and scores are needed.
   */
  public SearchRequest snippets(boolean include) {
    return new SearchRequest(text, queryVector, limit, filter, mode, includeText, include, fusion, minVectorScore);
  }

  /** This request with the caller's own query vector, used instead of embedding the text. */
  public SearchRequest queryVector(float[] vector) {
    return new SearchRequest(text, copy(vector), limit, filter, mode, includeText, snippets, fusion, minVectorScore);
  }

  public SearchRequest minVectorScore(double score) {
    return new SearchRequest(text, queryVector, limit, filter, mode, includeText, snippets, fusion, score);
  }

  private static float[] copy(float[] vector) {
    return Preconditions.requireArgument(vector, "query vector").clone();
  }

  @Override
  public String toString() {
    return "SearchRequest[" + (text == null ? "vector of " + queryVector.length : "'" + text + "'")
        + (text != null && queryVector != null ? " with a vector" : "") + ", limit=" + limit + ", mode=" + mode
        + (filter instanceof Filter.All ? "" : ", filter=" + filter)
        + (fusion == null ? "" : ", fusion=" + fusion)
        + (minVectorScore == Double.NEGATIVE_INFINITY ? "" : ", minVectorScore=" + minVectorScore) + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SearchRequest r && java.util.Objects.equals(text, r.text)
        && Arrays.equals(queryVector, r.queryVector) && limit == r.limit && filter.equals(r.filter)
        && mode == r.mode && includeText == r.includeText && snippets == r.snippets
        && java.util.Objects.equals(fusion, r.fusion) && Double.compare(minVectorScore, r.minVectorScore) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(text, Arrays.hashCode(queryVector), limit, filter, mode, includeText, snippets,
        fusion, minVectorScore);
  }
}
