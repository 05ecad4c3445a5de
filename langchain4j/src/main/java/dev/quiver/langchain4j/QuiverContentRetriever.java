package dev.quiver.langchain4j;

import static dev.langchain4j.internal.ValidationUtils.ensureNotNull;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Quiver;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Quiver's hybrid search as a LangChain4j {@link ContentRetriever}: each query is answered by the vector side
 * and the keyword side (BM25) together, fused as the store's {@code QuiverOptions.fusion()} says. A rare word,
 * a name or an error code that an embedding blurs is still found by its keywords.
 *
 * <pre>{@code
 * ContentRetriever retriever = QuiverContentRetriever.builder(quiver).maxResults(5)
 *     .filter(metadataKey("room").isEqualTo("ops")).build();
 * List<Content> contents = retriever.retrieve(Query.from("when do we ship?"));
 * }</pre>
 *
 * <p>The question is embedded by the store's embedder ({@code QuiverOptions.embedder}, for example a
 * {@link LangChain4jEmbedder}), or by {@link Builder#embeddingModel} when the store has none. Each content
 * carries {@link ContentMetadata#SCORE} (the fused score, higher is better: not a relevance in [0, 1]) and
 * {@link ContentMetadata#EMBEDDING_ID}; items without text are skipped, as there is nothing to hand the model.
 * When one side cannot answer (no keyword index, the vector file rebuilding), the other's hits are returned.
 */
public final class QuiverContentRetriever implements ContentRetriever {
  /** As LangChain4j's own {@code EmbeddingStoreContentRetriever}. */
  public static final int DEFAULT_MAX_RESULTS = 3;

  private final Quiver quiver;
  private final int maxResults;
  private final Filter filter;
  private final SearchMode mode;
  private final @Nullable EmbeddingModel embeddingModel;

  private QuiverContentRetriever(Builder b) {
    this.quiver = b.quiver;
    this.maxResults = b.maxResults;
    this.filter = b.filter;
    this.mode = b.mode;
    this.embeddingModel = b.embeddingModel;
  }

  /** A retriever over {@code quiver}, which stays the caller's to close. */
  public static Builder builder(Quiver quiver) {
    return new Builder(ensureNotNull(quiver, "quiver"));
  }

  /**
   * The best contents for {@code query}'s text, best first.
   *
   * @throws IllegalArgumentException if the query's text is blank
   */
  @Override
  public List<Content> retrieve(Query query) {
    ensureNotNull(query, "query");
    SearchRequest request = SearchRequest.of(query.text()).limit(maxResults).filter(filter).mode(mode);
    if (embeddingModel != null && mode != SearchMode.KEYWORD) {
      request = request.queryVector(embeddingModel.embed(query.text()).content().vector());
    }
    List<Content> contents = new ArrayList<>();
    for (Hit hit : quiver.search(request).hits()) {
      if (hit.text() == null) {
        continue;
      }
      TextSegment segment = TextSegment.from(hit.text(), QuiverEmbeddingStore.metadata(hit.attributes()));
      contents.add(Content.from(segment, Map.of(ContentMetadata.SCORE, hit.score(),
          ContentMetadata.EMBEDDING_ID, hit.id())));
    }
    return contents;
  }

  @Override
  public String toString() {
    return "QuiverContentRetriever[" + quiver.path() + ", maxResults=" + maxResults + ", mode=" + mode
        + (filter instanceof Filter.All ? "" : ", filter=" + filter) + "]";
  }

  /** Settings of a {@link QuiverContentRetriever}; each has a default. */
  public static final class Builder {
    private final Quiver quiver;
    private int maxResults = DEFAULT_MAX_RESULTS;
    private Filter filter = Filter.all();
    private SearchMode mode = SearchMode.HYBRID;
    private @Nullable EmbeddingModel embeddingModel;

    private Builder(Quiver quiver) {
      this.quiver = quiver;
    }

    /** How many contents at most, 1 to {@value SearchRequest#MAX_LIMIT}; default {@value #DEFAULT_MAX_RESULTS}. */
    public Builder maxResults(int value) {
      if (value < 1 || value > SearchRequest.MAX_LIMIT) {
        throw new IllegalArgumentException("maxResults must be 1 to " + SearchRequest.MAX_LIMIT + "; found " + value);
      }
      this.maxResults = value;
      return this;
    }

    /**
     * Only items whose metadata match {@code value}, a LangChain4j filter ({@code metadataKey("room")
     * .isEqualTo("ops")}); default none.
     *
     * @throws UnsupportedOperationException for a filter class of the caller's own, outside LangChain4j's
     */
    public Builder filter(dev.langchain4j.store.embedding.filter.@Nullable Filter value) {
      this.filter = Filters.toQuiver(value);
      return this;
    }

    /** Only items matching {@code value}, a Quiver filter; default {@link Filter#all()}. */
    public Builder quiverFilter(Filter value) {
      this.filter = ensureNotNull(value, "filter");
      return this;
    }

    /** {@code HYBRID} (the default), or {@code VECTOR} or {@code KEYWORD} for one side only. */
    public Builder mode(SearchMode value) {
      this.mode = ensureNotNull(value, "mode");
      return this;
    }

    /**
     * The model that embeds each question, for a store opened without an embedder; it must be the model that
     * embedded the stored vectors. Default none: the store's embedder.
     */
    public Builder embeddingModel(@Nullable EmbeddingModel value) {
      this.embeddingModel = value;
      return this;
    }

    public QuiverContentRetriever build() {
      return new QuiverContentRetriever(this);
    }
  }
}
