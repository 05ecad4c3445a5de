package dev.quiver.springai;

import dev.quiver.Hit;
import dev.quiver.Quiver;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.retrieval.search.DocumentRetriever;
import org.springframework.ai.rag.retrieval.search.VectorStoreDocumentRetriever;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;

/**
 * Quiver's hybrid search as a Spring AI {@link DocumentRetriever}: each query is answered by the vector side and
 * the keyword side (BM25) together, fused as the store's {@code QuiverOptions.fusion()} says. A rare word, a name or
 * an error code that an embedding blurs is still found by its keywords. Use it where a
 * {@code VectorStoreDocumentRetriever} goes, for example in a {@code RetrievalAugmentationAdvisor}.
 *
 * <pre>{@code
 * DocumentRetriever retriever = QuiverDocumentRetriever.builder(quiver).topK(5)
 *     .filterExpression("room == 'ops'").build();
 * List<Document> documents = retriever.retrieve(new Query("when do we ship?"));
 * }</pre>
 *
 * <p>The question is embedded by the store's embedder ({@code QuiverOptions.embedder}, for example a
 * {@link SpringAiEmbedder}), or by {@link Builder#embeddingModel} when the store has none. The filter is, as in
 * Spring AI's {@code VectorStoreDocumentRetriever}, the query's context entry
 * {@value VectorStoreDocumentRetriever#FILTER_EXPRESSION} (a {@link Filter.Expression} or its text) when present,
 * else the builder's. Each document's score is the fused score (higher is better; not a similarity in [0, 1], so
 * there is no similarity threshold) and its metadata are the item's, as {@link QuiverVectorStore} reads them. Items
 * without text are skipped. When one side cannot answer (no keyword index, the vector file rebuilding), the other's
 * hits are returned.
 */
public final class QuiverDocumentRetriever implements DocumentRetriever {
  /** As Spring AI's own {@code SearchRequest.DEFAULT_TOP_K}. */
  public static final int DEFAULT_TOP_K = org.springframework.ai.vectorstore.SearchRequest.DEFAULT_TOP_K;

  private final Quiver quiver;
  private final int topK;
  private final Supplier<Filter.@Nullable Expression> filterExpression;
  private final SearchMode mode;
  private final @Nullable EmbeddingModel embeddingModel;

  private QuiverDocumentRetriever(Builder b) {
    this.quiver = b.quiver;
    this.topK = b.topK;
    this.filterExpression = b.filterExpression;
    this.mode = b.mode;
    this.embeddingModel = b.embeddingModel;
  }

  /** A retriever over {@code quiver}, which stays the caller's to close. */
  public static Builder builder(Quiver quiver) {
    if (quiver == null) {
      throw new IllegalArgumentException("quiver must not be null");
    }
    return new Builder(quiver);
  }

  /**
   * The best documents for {@code query}'s text, best first.
   *
   * @throws IllegalArgumentException if the filter expression cannot be parsed or run by Quiver
   */
  @Override
  public List<Document> retrieve(Query query) {
    if (query == null) {
      throw new IllegalArgumentException("query must not be null");
    }
    SearchRequest request = SearchRequest.of(query.text()).limit(topK)
        .filter(Filters.toQuiver(filterExpression(query))).mode(mode);
    if (embeddingModel != null && mode != SearchMode.KEYWORD) {
      request = request.queryVector(embeddingModel.embed(query.text()));
    }
    List<Document> documents = new ArrayList<>();
    for (Hit hit : quiver.search(request).hits()) {
      if (hit.text() == null) {
        continue;
      }
      Map<String, Object> metadata = MetadataCodec.toMetadata(hit.attributes());
      documents.add(Document.builder().id(hit.id()).text(hit.text()).metadata(metadata).score(hit.score()).build());
    }
    return documents;
  }

  private Filter.@Nullable Expression filterExpression(Query query) {
    Object fromContext = query.context().get(VectorStoreDocumentRetriever.FILTER_EXPRESSION);
    if (fromContext instanceof Filter.Expression e) {
      return e;
    } else if (fromContext != null && !fromContext.toString().isBlank()) {
      return new FilterExpressionTextParser().parse(fromContext.toString());
    }
    return filterExpression.get();
  }

  @Override
  public String toString() {
    return "QuiverDocumentRetriever[" + quiver.path() + ", topK=" + topK + ", mode=" + mode + "]";
  }

  /** Settings of a {@link QuiverDocumentRetriever}; each has a default. */
  public static final class Builder {
    private final Quiver quiver;
    private int topK = DEFAULT_TOP_K;
    private Supplier<Filter.@Nullable Expression> filterExpression = () -> null;
    private SearchMode mode = SearchMode.HYBRID;
    private @Nullable EmbeddingModel embeddingModel;

    private Builder(Quiver quiver) {
      this.quiver = quiver;
    }

    /** How many documents at most, 1 to {@value SearchRequest#MAX_LIMIT}; default {@value #DEFAULT_TOP_K}. */
    public Builder topK(int value) {
      if (value < 1 || value > SearchRequest.MAX_LIMIT) {
        throw new IllegalArgumentException("topK must be 1 to " + SearchRequest.MAX_LIMIT + "; found " + value);
      }
      this.topK = value;
      return this;
    }

    /**
     * Only documents matching {@code value}; default none.
     *
     * @throws IllegalArgumentException if Quiver cannot run the expression
     */
    public Builder filterExpression(Filter.@Nullable Expression value) {
      Filters.toQuiver(value); // refused now rather than at the first query
      this.filterExpression = () -> value;
      return this;
    }

    /**
     * Only documents matching {@code value}, a Spring AI text filter ({@code "room == 'ops' && year >= 2024"})
     * parsed by Spring AI's {@link FilterExpressionTextParser}.
     *
     * @throws IllegalArgumentException if the text is blank or Quiver cannot run the expression
     * @throws FilterExpressionTextParser.FilterExpressionParseException if the text does not parse
     */
    public Builder filterExpression(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("filter expression text must not be blank; found '" + value + "'");
      }
      return filterExpression(new FilterExpressionTextParser().parse(value));
    }

    /**
     * A filter computed for each query, for example from the current user's tenant, as in Spring AI's
     * {@code VectorStoreDocumentRetriever}; it may return null for none.
     */
    public Builder filterExpression(Supplier<Filter.@Nullable Expression> value) {
      if (value == null) {
        throw new IllegalArgumentException("filter expression supplier must not be null");
      }
      this.filterExpression = value;
      return this;
    }

    /** {@code HYBRID} (the default), or {@code VECTOR} or {@code KEYWORD} for one side only. */
    public Builder mode(SearchMode value) {
      if (value == null) {
        throw new IllegalArgumentException("mode must not be null");
      }
      this.mode = value;
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

    public QuiverDocumentRetriever build() {
      return new QuiverDocumentRetriever(this);
    }
  }
}
