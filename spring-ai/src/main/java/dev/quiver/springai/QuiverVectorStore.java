package dev.quiver.springai;

import dev.quiver.Degradation;
import dev.quiver.ErrorCode;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.Quiver;
import dev.quiver.QuiverException;
import dev.quiver.SearchResult;
import dev.quiver.Side;
import dev.quiver.StoreInfo;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.DocumentMetadata;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.observation.conventions.VectorStoreSimilarityMetric;
import org.springframework.ai.vectorstore.AbstractVectorStoreBuilder;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.observation.AbstractObservationVectorStore;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

/**
 * A Quiver store as a Spring AI {@code VectorStore}: exact vector search, persistent in Quiver's own SQLite file,
 * with every Spring AI filter expression, text filters included. Built on Spring AI's
 * {@link AbstractObservationVectorStore}, so each add, delete and search is a Micrometer observation when an
 * {@code ObservationRegistry} is given.
 *
 * <pre>{@code
 * Quiver quiver = Quiver.open(Path.of("data/rag.quiver"), QuiverOptions.builder().dimensions(384)
 *     .modelId("all-minilm-l6-v2").build());
 * VectorStore store = QuiverVectorStore.builder(quiver, embeddingModel).build();
 * }</pre>
 *
 * <h2>Mapping</h2>
 * <ul>
 *   <li>A document is an {@link Item} of the same id whose text is the document's text (so a store with a keyword
 *       index can also search it by keywords, {@link QuiverDocumentRetriever}) and whose attributes are its
 *       metadata; its vector is embedded by the store's Spring AI {@code EmbeddingModel}, in the batches of its
 *       {@code BatchingStrategy}, and all documents of one {@code add} are written in one transaction. A
 *       document of an id already stored replaces it.
 *   <li>Metadata keep their Java type: String, Long, Double and Boolean are stored as they are; Integer and Float
 *       are stored as Long and Double (of the Float's decimal form), and their type is recorded in a reserved
 *       attribute named {@value #TYPE_ATTRIBUTE_PREFIX}{@code <key>}. Other types (lists, dates) are refused, and
 *       keys must not start with that prefix. Quiver's attribute limits apply (keys up to 256 characters, strings
 *       up to 4,096, no NaN). A refused add leaves the store as it was.
 *   <li>Scores follow Spring AI's stores ({@code SimpleVectorStore}, PgVector, Elasticsearch): a document's score
 *       is the cosine similarity of its vector to the query's, at most 1, and its metadata carry
 *       {@code distance} = 1 - score. {@code similarityThreshold} is inclusive and, as in
 *       {@code SimpleVectorStore}, a document scoring below it is not returned; every threshold is at least 0,
 *       so every score returned is in [0, 1], and {@code similarityThresholdAll()} (0.0) returns every document
 *       that is not dissimilar (cosine below 0). {@code topK} above {@value dev.quiver.SearchRequest#MAX_LIMIT}
 *       is capped at that; {@code topK} 0 returns nothing.
 *   <li>Filter expressions, given as a {@link Filter.Expression} or as text (parsed by Spring AI's own
 *       {@code FilterExpressionTextParser}), map one to one onto Quiver's filters: EQ, NE, GT, GTE, LT, LTE, IN,
 *       NIN, AND, OR, NOT, ISNULL and ISNOTNULL. NE, NIN and NOT match documents without the key, as in
 *       {@code SimpleVectorStore}; numbers compare as numbers, strings exactly.
 *   <li>{@code delete(ids)} deletes the ids in one transaction, skipping ids not stored; {@code delete(filter)}
 *       deletes every match in one transaction.
 * </ul>
 *
 * <p>Use a store of {@link Metric#COSINE} (the default) or {@link Metric#DOT} with a model whose embeddings are of
 * unit length (then the dot product is the cosine); a store of {@link Metric#L2} is refused. The store does not
 * own the {@link Quiver}: close that yourself. Thread-safe, as Quiver is.
 */
public final class QuiverVectorStore extends AbstractObservationVectorStore {
  /**
   * Prefix of the reserved attributes that record the Java type of a metadata value Quiver stores as another
   * type: {@code springai.type:page} = {@code Integer} for an Integer {@code page}.
   */
  public static final String TYPE_ATTRIBUTE_PREFIX = "springai.type:";

  /** The name this store gives Spring AI's observations as their database system. */
  public static final String DATABASE_SYSTEM = "quiver";

  /** Vector-side degradations after which a vector search has not answered at all. */
  private static final Set<Degradation.Reason> UNANSWERED = EnumSet.of(Degradation.Reason.REBUILDING,
      Degradation.Reason.DAMAGED, Degradation.Reason.QUARANTINED, Degradation.Reason.UNAVAILABLE);

  /** Rounding headroom below the threshold for Quiver's own cut; the exact, inclusive cut is made here. */
  private static final double THRESHOLD_SLACK = 1e-6;

  private final Quiver quiver;

  private QuiverVectorStore(Builder builder) {
    super(builder);
    this.quiver = builder.quiver;
    StoreInfo info = quiver.status().vectors();
    if (info != null && info.metric() == Metric.L2) {
      throw new IllegalArgumentException("store " + quiver.path() + " compares vectors by " + info.metric()
          + "; a Spring AI store scores by similarity in [0, 1]: use a store of Metric.COSINE (the default)");
    }
  }

  /**
   * A builder of a Spring AI view of {@code quiver}, which stays the caller's to close; {@code embeddingModel}
   * embeds documents and queries, and must be the model of the vectors already stored.
   */
  public static Builder builder(Quiver quiver, EmbeddingModel embeddingModel) {
    return new Builder(quiver, embeddingModel);
  }

  /** The Quiver store this view writes to and searches. */
  public Quiver quiver() {
    return quiver;
  }

  /**
   * Embeds and writes {@code documents} in one transaction, replacing any stored document of the same id.
   *
   * @throws IllegalArgumentException if a document's metadata cannot be stored (see the class note), its id is
   *     too long for Quiver, or a vector does not fit the store; nothing is written then
   */
  @Override
  public void doAdd(List<Document> documents) {
    if (documents == null) {
      throw new IllegalArgumentException("documents must be a list; found null");
    }
    if (documents.isEmpty()) {
      return;
    }
    List<Item> items = new ArrayList<>(documents.size());
    for (int i = 0; i < documents.size(); i++) {
      Document d = documents.get(i);
      if (d == null) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "document %d of %d is null", i,
            documents.size()));
      }
      items.add(new Item(d.getId(), d.getText(), MetadataCodec.toAttributes(d.getMetadata(), d.getId()), null));
    }
    List<float[]> vectors = this.embeddingModel.embed(documents, EmbeddingOptions.builder().build(),
        this.batchingStrategy);
    quiver.index(items, vectors);
  }

  /** Deletes the ids in one transaction; ids not stored are skipped. */
  @Override
  public void doDelete(List<String> idList) {
    if (idList == null) {
      throw new IllegalArgumentException("ids must be a list; found null");
    }
    for (String id : idList) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("ids must not be null or blank; found '" + id + "' among " + idList);
      }
    }
    quiver.deleteAll(idList);
  }

  /**
   * Deletes every document matching {@code filterExpression}, in one transaction.
   *
   * @throws IllegalArgumentException if the expression cannot be run by Quiver (see {@link QuiverVectorStore})
   * @throws QuiverException {@link ErrorCode#CORRUPT} while the vector file is damaged, quarantined or rebuilding:
   *     which documents match cannot be known then
   */
  @Override
  protected void doDelete(Filter.Expression filterExpression) {
    if (filterExpression == null) {
      throw new IllegalArgumentException("filter expression must not be null");
    }
    quiver.deleteAll(Filters.toQuiver(filterExpression));
  }

  /**
   * The stored documents most similar to the request's query, best first, among those matching its filter and
   * scoring at least its similarity threshold.
   *
   * @throws IllegalArgumentException if the filter expression cannot be run by Quiver
   * @throws QuiverException when the vector side cannot answer: {@link ErrorCode#CORRUPT} while the vector file
   *     is damaged or quarantined (until it is rebuilt from source), {@link ErrorCode#IO} while it is being rebuilt
   *     or is not open. An empty store answers with no documents.
   */
  @Override
  public List<Document> doSimilaritySearch(SearchRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("search request must not be null");
    }
    dev.quiver.Filter filter = Filters.toQuiver(request.getFilterExpression());
    if (request.getTopK() == 0) {
      return List.of();
    }
    double threshold = request.getSimilarityThreshold();
    float[] query = this.embeddingModel.embed(request.getQuery());
    SearchResult result = quiver.search(dev.quiver.SearchRequest.of(query)
        .limit(Math.min(request.getTopK(), dev.quiver.SearchRequest.MAX_LIMIT))
        .filter(filter)
        .minVectorScore(threshold - THRESHOLD_SLACK));
    for (Degradation d : result.degradations()) {
      if (d.side() == Side.VECTOR && UNANSWERED.contains(d.reason())) {
        // a Spring AI caller cannot see degradations: no documents would read as "nothing similar"
        throw new QuiverException(d.reason() == Degradation.Reason.REBUILDING ? ErrorCode.IO : ErrorCode.CORRUPT,
            quiver.path(), "store " + quiver.path() + " cannot answer a vector search now ("
                + d.reason().name().toLowerCase(Locale.ROOT) + "): " + d.detail());
      }
    }
    List<Document> documents = new ArrayList<>(result.hits().size());
    for (Hit hit : result.hits()) {
      Float similarity = hit.explanation().vectorScore();
      if (similarity == null || hit.text() == null) {
        continue; // a vector search returns only vector hits; an item without text was not written by Spring AI
      }
      double score = Math.min(1.0, similarity);
      if (score < threshold) {
        break; // best first: the rest score lower
      }
      documents.add(toDocument(hit, score));
    }
    return documents;
  }

  /** {@code hit} as a Spring AI document of {@code score}, with {@code distance} = 1 - score in its metadata. */
  static Document toDocument(Hit hit, double score) {
    Map<String, Object> metadata = MetadataCodec.toMetadata(hit.attributes());
    metadata.put(DocumentMetadata.DISTANCE.value(), 1.0 - score);
    return Document.builder().id(hit.id()).text(hit.text()).metadata(metadata).score(score).build();
  }

  @Override
  public VectorStoreObservationContext.Builder createObservationContextBuilder(String operationName) {
    StoreInfo info = quiver.status().vectors();
    VectorStoreObservationContext.Builder b = VectorStoreObservationContext.builder(DATABASE_SYSTEM, operationName)
        .collectionName(String.valueOf(quiver.path().getFileName()));
    if (info != null) {
      b.dimensions(info.dimensions()).similarityMetric(info.metric() == Metric.DOT
          ? VectorStoreSimilarityMetric.DOT.value() : VectorStoreSimilarityMetric.COSINE.value());
    }
    return b;
  }

  /** The {@link Quiver} behind this store. */
  @Override
  @SuppressWarnings("unchecked")
  public <T> Optional<T> getNativeClient() {
    return Optional.of((T) quiver);
  }

  /**
   * Builds a {@link QuiverVectorStore}; Spring AI's settings ({@code observationRegistry},
   * {@code customObservationConvention}, {@code batchingStrategy}) are those of its
   * {@link AbstractVectorStoreBuilder}.
   */
  public static final class Builder extends AbstractVectorStoreBuilder<Builder> {
    private final Quiver quiver;

    private Builder(Quiver quiver, EmbeddingModel embeddingModel) {
      super(embeddingModel);
      if (quiver == null) {
        throw new IllegalArgumentException("quiver must not be null");
      }
      this.quiver = quiver;
    }

    /**
     * @throws IllegalArgumentException if the store compares vectors by {@link Metric#L2}
     */
    @Override
    public QuiverVectorStore build() {
      return new QuiverVectorStore(this);
    }
  }
}
