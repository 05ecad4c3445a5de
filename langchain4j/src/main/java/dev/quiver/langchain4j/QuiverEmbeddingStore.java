package dev.quiver.langchain4j;

import static dev.langchain4j.internal.ValidationUtils.ensureNotBlank;
import static dev.langchain4j.internal.ValidationUtils.ensureNotEmpty;
import static dev.langchain4j.internal.ValidationUtils.ensureNotNull;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.RelevanceScore;
import dev.quiver.Degradation;
import dev.quiver.ErrorCode;
import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.Quiver;
import dev.quiver.QuiverException;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.Side;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A Quiver store as a LangChain4j {@code EmbeddingStore<TextSegment>}: exact vector search, persistent in
 * Quiver's own SQLite file, with every LangChain4j metadata filter.
 *
 * <pre>{@code
 * Quiver quiver = Quiver.open(Path.of("data/rag.quiver"), QuiverOptions.builder().dimensions(384)
 *     .modelId("all-minilm-l6-v2-q").build());
 * EmbeddingStore<TextSegment> store = QuiverEmbeddingStore.of(quiver);
 * }</pre>
 *
 * <h2>Mapping</h2>
 * <ul>
 *   <li>An embedding is an {@link Item} with the caller's vector ({@link Quiver#index(List, List)}); the
 *       segment's text is the item's text, so a store with a keyword index can also search it by keywords
 *       ({@link QuiverContentRetriever}); the segment's metadata are the item's attributes. An embedding added
 *       without a segment is an item without text, and comes back with no segment.
 *   <li>Metadata keep their Java type: String, Long and Double are stored as they are; Integer, Float and UUID
 *       are stored as Long, Double (of the Float's decimal form) and String, and their type is recorded in a
 *       reserved attribute named {@value #TYPE_ATTRIBUTE_PREFIX}{@code <key>}. Metadata keys must not start
 *       with that prefix. Quiver's limits on attributes apply (keys up to 256 characters less the prefix,
 *       strings up to 4,096 characters, no NaN).
 *   <li>Scores are LangChain4j's relevance, {@link RelevanceScore#fromCosineSimilarity} of the cosine
 *       similarity; {@code minScore} is inclusive. {@code maxResults} above {@value SearchRequest#MAX_LIMIT} is
 *       capped at that.
 *   <li>The returned embedding is the stored vector, read back with {@link Quiver#vector(String)}. Use a store
 *       of {@link Metric#COSINE} (the default): it keeps a vector of unit length exactly as given, so the
 *       embeddings of a normalising model (all-MiniLM, OpenAI's and most others) come back bit for bit; an
 *       embedding of another length comes back scaled to unit length. A store of {@link Metric#DOT} keeps
 *       every vector as given but then scores by the dot product, which is the cosine only for unit vectors.
 *   <li>Every filter of {@code dev.langchain4j.store.embedding.filter} is a Quiver {@link Filter} with the same
 *       meaning, {@code ContainsString} included ({@link Filter#contains}: case-sensitive, on string values only).
 *   <li>{@code removeAll(ids)}, {@code removeAll(filter)} and {@code removeAll()} each delete in one
 *       transaction ({@link Quiver#deleteAll(java.util.Collection)}, {@link Quiver#deleteAll(Filter)}).
 * </ul>
 *
 * <p>The store does not own the {@link Quiver}: close that yourself. Thread-safe, as Quiver is.
 */
public final class QuiverEmbeddingStore implements EmbeddingStore<TextSegment> {
  /**
   * Prefix of the reserved attributes that record the Java type of a metadata value Quiver stores as another
   * type: {@code langchain4j.type:price} = {@code Float} for a Float {@code price}.
   */
  public static final String TYPE_ATTRIBUTE_PREFIX = "langchain4j.type:";

  /** Vector-side degradations after which a vector search has not answered at all. */
  private static final Set<Degradation.Reason> UNANSWERED = EnumSet.of(Degradation.Reason.REBUILDING,
      Degradation.Reason.DAMAGED, Degradation.Reason.QUARANTINED, Degradation.Reason.UNAVAILABLE);

  private final Quiver quiver;

  private QuiverEmbeddingStore(Quiver quiver) {
    this.quiver = ensureNotNull(quiver, "quiver");
  }

  /** A LangChain4j view of {@code quiver}, which stays the caller's to close. */
  public static QuiverEmbeddingStore of(Quiver quiver) {
    return new QuiverEmbeddingStore(quiver);
  }

  /** The Quiver store this view writes to and searches. */
  public Quiver quiver() {
    return quiver;
  }

  @Override
  public String add(Embedding embedding) {
    String id = generateIds(1).get(0);
    addAll(List.of(id), List.of(embedding), null);
    return id;
  }

  @Override
  public void add(String id, Embedding embedding) {
    addAll(List.of(ensureNotBlank(id, "id")), List.of(embedding), null);
  }

  @Override
  public String add(Embedding embedding, TextSegment segment) {
    String id = generateIds(1).get(0);
    addAll(List.of(id), List.of(embedding), List.of(ensureNotNull(segment, "segment")));
    return id;
  }

  @Override
  public List<String> addAll(List<Embedding> embeddings) {
    List<String> ids = generateIds(ensureNotNull(embeddings, "embeddings").size());
    addAll(ids, embeddings, null);
    return ids;
  }

  /**
   * Adds every embedding with its id and segment in one transaction, replacing any item of the same id.
   *
   * @param embedded the segments, one per embedding, or null for embeddings without segments
   * @throws IllegalArgumentException if the lists differ in size, a vector does not fit the store, or a
   *     segment's metadata cannot be stored (see the class note); nothing is written then
   */
  @Override
  public void addAll(List<String> ids, List<Embedding> embeddings, @Nullable List<TextSegment> embedded) {
    ensureNotNull(ids, "ids");
    ensureNotNull(embeddings, "embeddings");
    if (ids.size() != embeddings.size() || (embedded != null && embedded.size() != embeddings.size())) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "ids, embeddings and segments must be as many; found %d ids, %d embeddings and %s segments", ids.size(),
          embeddings.size(), embedded == null ? "no" : Integer.toString(embedded.size())));
    }
    if (ids.isEmpty()) {
      return;
    }
    List<Item> items = new ArrayList<>(ids.size());
    List<float[]> vectors = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      String id = ensureNotBlank(ids.get(i), "id");
      TextSegment segment = embedded == null ? null : embedded.get(i);
      items.add(segment == null ? new Item(id, null, Map.of(), null)
          : new Item(id, segment.text(), MetadataCodec.toAttributes(segment.metadata()), null));
      vectors.add(ensureNotNull(embeddings.get(i), "embedding").vector());
    }
    quiver.index(items, vectors);
  }

  /**
   * The stored embeddings most similar to the request's query embedding, best first, among those matching its
   * filter and reaching its {@code minScore}. The request's query text is not used: this is a vector search, as
   * LangChain4j's stores do; {@link QuiverContentRetriever} searches by keywords too.
   *
   * @throws UnsupportedOperationException for a filter class of the caller's own, outside LangChain4j's
   * @throws QuiverException when the vector side cannot answer: {@link ErrorCode#CORRUPT} while the vector file
   *     is damaged or quarantined (until it is rebuilt from source), {@link ErrorCode#IO} while it is being
   *     rebuilt or is not open. An empty store answers with no matches.
   */
  @Override
  public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
    ensureNotNull(request, "request");
    Filter filter = Filters.toQuiver(request.filter());
    double minScore = request.minScore();
    SearchRequest search = SearchRequest.of(ensureNotNull(request.queryEmbedding(), "queryEmbedding").vector())
        .limit(Math.min(Math.max(request.maxResults(), 1), SearchRequest.MAX_LIMIT))
        .filter(filter);
    if (minScore > 0) {
      // a little below, so that rounding cannot drop a hit at exactly minScore; the exact cut is below
      search = search.minVectorScore(2 * minScore - 1 - 1e-6);
    }
    SearchResult result = quiver.search(search);
    for (Degradation d : result.degradations()) {
      if (d.side() == Side.VECTOR && UNANSWERED.contains(d.reason())) {
        // a LangChain4j caller cannot see degradations: no matches would read as "nothing similar"
        throw new QuiverException(d.reason() == Degradation.Reason.REBUILDING ? ErrorCode.IO : ErrorCode.CORRUPT,
            quiver.path(), "store " + quiver.path() + " cannot answer a vector search now ("
                + d.reason().name().toLowerCase(Locale.ROOT) + "): " + d.detail());
      }
    }
    List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>();
    for (Hit hit : result.hits()) {
      Float cosine = hit.explanation().vectorScore();
      if (cosine == null) {
        continue; // only vector hits carry a vector score; a vector search has no others
      }
      double score = RelevanceScore.fromCosineSimilarity(cosine);
      if (score < minScore) {
        break; // best first: the rest score lower
      }
      Optional<float[]> vector = quiver.vector(hit.id());
      if (vector.isEmpty()) {
        continue; // deleted while this search ran
      }
      TextSegment segment = hit.text() == null ? null
          : TextSegment.from(hit.text(), MetadataCodec.toMetadata(hit.attributes()));
      matches.add(new EmbeddingMatch<>(score, hit.id(), Embedding.from(vector.get()), segment));
    }
    return new EmbeddingSearchResult<>(matches);
  }

  @Override
  public void remove(String id) {
    quiver.delete(ensureNotBlank(id, "id"));
  }

  /** Deletes the ids in one transaction; ids not stored are skipped. */
  @Override
  public void removeAll(Collection<String> ids) {
    ensureNotEmpty(ids, "ids");
    for (String id : ids) {
      ensureNotBlank(id, "id");
    }
    quiver.deleteAll(ids);
  }

  /**
   * Deletes every embedding whose metadata match {@code filter}, in one transaction.
   *
   * @throws UnsupportedOperationException for a filter class of the caller's own, outside LangChain4j's
   */
  @Override
  public void removeAll(dev.langchain4j.store.embedding.filter.Filter filter) {
    quiver.deleteAll(Filters.toQuiver(ensureNotNull(filter, "filter")));
  }

  /** Deletes every item of the store, in one transaction: items written without LangChain4j too. */
  @Override
  public void removeAll() {
    quiver.deleteAll(Filter.all());
  }

  /** The metadata of {@code attributes}, as this store reads them back; for retrievers over the same store. */
  static Metadata metadata(Map<String, Object> attributes) {
    return MetadataCodec.toMetadata(attributes);
  }
}
