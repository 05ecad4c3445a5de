package dev.quiver.solr;

import dev.quiver.Degradation;
import dev.quiver.ErrorCode;
import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.HybridRanking;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.Preconditions;
import dev.quiver.QuiverException;
import dev.quiver.QuiverOptions;
import dev.quiver.RetrievalStore;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.Side;
import dev.quiver.spi.Embedder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.jspecify.annotations.Nullable;

/**
 * The Quiver API on a SolrCloud collection: each item is one document with its id, its text (BM25 with the
 * embedded keyword side's English analysis and parameters), its vector (cosine) and typed attributes.
 *
 * <p>A hybrid search runs Solr's pre-filtered kNN query and its BM25 query, each for the candidate window, then
 * fuses them with Quiver's own fusion ({@link HybridRanking}), so ranks, scores, explanations and ties mean
 * what they mean in the embedded {@link dev.quiver.Quiver}. Vector scores are cosine similarities, as there
 * (Solr's own kNN score {@code (1 + cos) / 2} is converted back). Filters become Solr filter queries with the
 * meaning of {@link Filter#test}. A kNN side that fails, or a collection without a vector field, answers from
 * keywords and the result says so.
 *
 * <p>Each write ends with a soft commit: when {@link #index} or {@link #delete} returns, searches see it, and
 * the transaction log holds it. The collection records the embedder's model id and dimensions in a document
 * of its own, and an embedder of another model is refused with {@link ErrorCode#MODEL_MISMATCH}.
 *
 * <p>Vector search is Solr's HNSW graph by default, which is approximate. {@link #exactVectors(boolean)} gives a
 * view of the same collection that scores every matching document exactly instead, and so returns the embedded
 * store's top k (ties aside).
 *
 * <p>The client is the caller's (usually a {@code CloudSolrClient}); closing this store does not close it.
 */
public final class SolrQuiver implements RetrievalStore {
  private static final String FIELDS = String.join(",", SolrFields.ID, SolrFields.TEXT, SolrFields.TIMESTAMP,
      SolrFields.ATTRIBUTES, "score");
  private static final String STORED = String.join(",", SolrFields.ID, SolrFields.TEXT, SolrFields.TIMESTAMP,
      SolrFields.ATTRIBUTES, SolrFields.VECTOR);
  private static final String ITEMS_ONLY = "{!term f=" + SolrFields.KIND + " v=" + SolrFields.ITEM + "}";
  // Solr refuses field queries on a vector field; exists() reads Lucene's vector iterator, and the filter caches
  private static final String HAS_VECTOR = "{!frange l=1}exists(" + SolrFields.VECTOR + ")";

  private final SolrClient client;
  private final String collection;
  private final QuiverOptions options;
  private final @Nullable String missingVectorField;
  private final int dimensions;
  private final boolean exactVectors;
  private volatile boolean closed;

  private SolrQuiver(SolrClient client, String collection, QuiverOptions options, @Nullable String missingVectorField,
      int dimensions, boolean exactVectors) {
    this.client = client;
    this.collection = collection;
    this.options = options;
    this.missingVectorField = missingVectorField;
    this.dimensions = dimensions;
    this.exactVectors = exactVectors;
  }

  /**
   * A store on the same collection and client whose vector side (in VECTOR and HYBRID searches) is exact when
   * {@code exact} is true, or Solr's HNSW kNN when false (the default of {@link #open}).
   *
   * <p>Exact runs {@code vectorSimilarity(vector, [query])} as a function query under the request's filter
   * queries: each shard scores every matching document that has a vector, and the shards' top k merge into
   * the collection's exact top k, the same as {@link dev.quiver.Quiver}'s scan on the same data (tied
   * scores aside). Its cost grows with the number of matching documents per shard, as the embedded scan's
   * does; HNSW's grows with the log of it. A recall and latency report is in {@code
   * benchmarks/results/solr-recall-jdk17.md}.
   *
   * <p>Why here and not on {@link SearchRequest}: the request is the shared API of both backends, and the
   * embedded store is always exact, so a per-request switch would mean something on one backend only. The
   * choice is the deployment's (recall against cost on its data), made once where the store is opened. The
   * returned store shares this one's state except the switch; closing either does not close the other.
   */
  public SolrQuiver exactVectors(boolean exact) {
    ensureOpen();
    return new SolrQuiver(client, collection, options, missingVectorField, dimensions, exact);
  }

  /** Whether vector searches score every matching document exactly; see {@link #exactVectors(boolean)}. */
  public boolean exactVectors() {
    return exactVectors;
  }

  /**
   * Opens the store on an existing collection made from Quiver's configset (see {@link SolrQuiverCollections}).
   * From {@code options} it uses the embedder, the fusion and the candidate window; the metric must be cosine.
   * The first open with an embedder records its model in the collection.
   *
   * @throws QuiverException MODEL_MISMATCH when the collection holds another model's vectors or its vector
   *     field has other dimensions; IO when the collection cannot be read
   */
  public static SolrQuiver open(SolrClient client, String collection, QuiverOptions options) {
    Preconditions.requireArgument(client, "Solr client");
    Preconditions.requireArgument(collection, "collection");
    Preconditions.requireArgument(options, "options");
    if (options.metric() != Metric.COSINE) {
      throw new IllegalArgumentException("a Quiver collection on Solr compares vectors by cosine; found metric "
          + options.metric());
    }
    if (options.keywordIndex() != null) {
      throw new IllegalArgumentException("the keyword side of a Solr collection is the collection itself; "
          + "leave QuiverOptions.keywordIndex unset");
    }
    Integer fieldDimensions = SolrQuiverCollections.vectorDimension(client, collection);
    String missing = fieldDimensions == null ? "collection " + collection + " has no field '" + SolrFields.VECTOR
        + "' of type " + SolrFields.VECTOR_TYPE : null;
    int dimensions = fieldDimensions == null ? 0 : fieldDimensions;
    SolrQuiver store = new SolrQuiver(client, collection, options, missing, dimensions, false);
    String model = options.modelId();
    if (model != null) {
      if (options.dimensions() < 1) {
        throw new IllegalArgumentException("model id '" + model + "' without its dimensions: set "
            + "QuiverOptions.dimensions as well, or an embedder");
      }
      store.requireModel(model, options.dimensions());
    }
    return store;
  }

  /**
   * Records the model (its id and dimensions) in the collection, or refuses it if the collection recorded
   * another or its vector field has other dimensions. Of two first writers, one records and the other compares.
   *
   * @throws QuiverException MODEL_MISMATCH naming the collection, both models and the fix
   */
  void requireModel(String model, int modelDimensions) {
    if (missingVectorField == null && modelDimensions != dimensions) {
      throw new QuiverException(ErrorCode.MODEL_MISMATCH, null, "collection " + collection + " holds vectors of "
          + dimensions + " dimensions; model " + model + " has " + modelDimensions
          + ". Create the collection with that dimension, or use its model");
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      SolrDocument meta = realTimeGet(SolrFields.META_ID);
      if (meta != null) {
        Object recorded = meta.getFirstValue(SolrFields.MODEL_ID);
        Object dims = meta.getFirstValue(SolrFields.MODEL_DIMENSIONS);
        if (!model.equals(recorded) || !Integer.valueOf(modelDimensions).equals(dims)) {
          throw new QuiverException(ErrorCode.MODEL_MISMATCH, null, "collection " + collection + " holds vectors "
              + "of model " + recorded + " (" + dims + " dimensions); these are of " + model + " ("
              + modelDimensions + "). Re-index into a new collection, or use the old model");
        }
        return;
      }
      SolrInputDocument doc = new SolrInputDocument();
      doc.setField(SolrFields.ID, SolrFields.META_ID);
      doc.setField(SolrFields.KIND, SolrFields.META);
      doc.setField(SolrFields.MODEL_ID, model);
      doc.setField(SolrFields.MODEL_DIMENSIONS, modelDimensions);
      doc.setField("_version_", -1L); // only if absent: of two first opens, one records and the other compares
      try {
        new UpdateRequest().add(doc).process(client, collection);
        return;
      } catch (SolrException e) {
        if (e.code() != SolrException.ErrorCode.CONFLICT.code) {
          throw io("cannot record the model in collection " + collection, e);
        }
      } catch (SolrServerException | IOException e) {
        throw io("cannot record the model in collection " + collection, e);
      }
    }
  }

  /**
   * The model id the collection recorded (by the first open with an embedder or a model id), or empty when none
   * has opened it yet.
   */
  public Optional<String> modelId() {
    ensureOpen();
    SolrDocument meta = realTimeGet(SolrFields.META_ID);
    return meta == null ? Optional.empty() : Optional.ofNullable((String) meta.getFirstValue(SolrFields.MODEL_ID));
  }

  /** The dimension of the collection's vector field; 0 when it has none. */
  public int dimensions() {
    return dimensions;
  }

  @Override
  public void index(Item item) {
    index(List.of(Preconditions.requireItem(item)));
  }

  /** Embeds the items' texts with the embedder's document side and writes them in one update request. */
  @Override
  public void index(List<Item> items) {
    Preconditions.requireItems(items);
    ensureOpen();
    if (!items.isEmpty()) {
      write(items, embed(items));
    }
  }

  /**
   * Writes items with the caller's own vectors ({@code vectors.get(i)} belongs to {@code items.get(i)}, and may
   * be null), embedded with the collection's model; no embedder is used. For moving a store in as it is.
   */
  public void index(List<Item> items, List<float @Nullable []> vectors) {
    Preconditions.requireItems(items);
    Preconditions.requireArgument(vectors, "vectors");
    if (items.size() != vectors.size()) {
      throw new IllegalArgumentException("got " + items.size() + " items and " + vectors.size()
          + " vectors; expected one vector (or null) per item");
    }
    ensureOpen();
    if (!items.isEmpty()) {
      write(items, vectors);
    }
  }

  private void write(List<Item> items, List<float @Nullable []> vectors) {
    List<SolrInputDocument> docs = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      docs.add(document(items.get(i), vectors.get(i)));
    }
    update(new UpdateRequest().add(docs), "write " + items.size() + " items to");
  }

  private SolrInputDocument document(Item item, float @Nullable [] vector) {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField(SolrFields.ID, item.id());
    doc.setField(SolrFields.KIND, SolrFields.ITEM);
    if (item.text() != null) {
      doc.setField(SolrFields.TEXT, item.text());
    }
    if (vector != null) {
      if (missingVectorField != null) {
        throw new IllegalStateException(missingVectorField + ": it cannot store the vector of item " + item.id());
      }
      if (vector.length != dimensions) {
        throw new IllegalArgumentException("vector of item " + item.id() + " has " + vector.length
            + " dimensions; collection " + collection + " holds " + dimensions);
      }
      List<Float> values = new ArrayList<>(vector.length);
      for (float f : vector) {
        values.add(f);
      }
      doc.setField(SolrFields.VECTOR, values);
    }
    if (item.timestamp() != null) {
      doc.setField(SolrFields.TIMESTAMP, item.timestamp());
    }
    for (Map.Entry<String, Object> a : item.attributes().entrySet()) {
      doc.addField(SolrFields.ATTRIBUTES, SolrFields.encodeAttribute(a.getKey(), a.getValue()));
      doc.addField(SolrFields.ATTRIBUTE_NAMES, a.getKey());
      doc.setField(SolrFields.keyField(a.getKey(), dev.quiver.spi.AttributeOrder.kind(a.getValue())),
          SolrFields.key(a.getValue()));
    }
    return doc;
  }

  /** Deletes an item; false when no such item existed (read just before, so a concurrent write may race). */
  @Override
  public boolean delete(String id) {
    Preconditions.requireId(id);
    ensureOpen();
    boolean existed = realTimeGet(id) != null;
    if (existed) {
      update(new UpdateRequest().deleteById(id), "delete item " + id + " from");
    }
    return existed;
  }

  /** The item stored under {@code id}, read in real time (no commit needed). */
  @Override
  public Optional<Item> get(String id) {
    Preconditions.requireId(id);
    ensureOpen();
    SolrDocument doc = realTimeGet(id);
    return doc == null ? Optional.empty() : Optional.of(item(doc));
  }

  /** Items in the collection, as of the last commit. */
  @Override
  public int count() {
    ensureOpen();
    ModifiableSolrParams p = new ModifiableSolrParams();
    p.set("q", "*:*");
    p.set("fq", ITEMS_ONLY);
    p.set("rows", 0);
    return Math.toIntExact(query(p).getResults().getNumFound());
  }

  /**
   * Searches one or both sides, as {@link dev.quiver.Quiver#search(SearchRequest)} does: a requested side that
   * is unavailable or fails is reported in {@link SearchResult#degradations()} and the other answers.
   *
   * @throws IllegalArgumentException for a query vector of other dimensions than the collection's
   * @throws QuiverException IO when every requested side failed
   */
  @Override
  public SearchResult search(SearchRequest request) {
    Preconditions.requireArgument(request, "search request");
    ensureOpen();
    boolean hybrid = request.mode() == SearchMode.HYBRID;
    int window = hybrid ? Math.max(options.candidateWindow(), request.limit()) : request.limit();
    List<Degradation> degradations = new ArrayList<>();
    List<Degradation> failures = new ArrayList<>();
    List<SolrDocument> vectorHits = null;
    List<SolrDocument> keywordHits = null;
    if (request.mode() != SearchMode.KEYWORD) {
      float[] given = request.queryVector();
      if (options.embedder() == null && given == null) {
        degradations.add(new Degradation(Side.VECTOR, Degradation.Reason.NOT_CONFIGURED, "no embedder is "
            + "configured and the request has no query vector: keyword results only"));
      } else if (missingVectorField != null) {
        degradations.add(new Degradation(Side.VECTOR, Degradation.Reason.UNAVAILABLE, missingVectorField
            + ": keyword results only"));
      } else {
        if (given != null && given.length != dimensions) {
          throw new IllegalArgumentException("query vector has " + given.length + " dimensions; collection "
              + collection + " holds vectors of " + dimensions);
        }
        try {
          float[] query = given != null ? given : options.embedder().embedQueries(List.of(request.text())).get(0);
          vectorHits = atLeast(knn(query, window, request.filter()), request.minVectorScore());
        } catch (IllegalArgumentException e) {
          throw e;
        } catch (RuntimeException e) {
          failures.add(new Degradation(Side.VECTOR, Degradation.Reason.FAILED, e.getMessage()));
        }
      }
    }
    if (request.mode() != SearchMode.VECTOR && request.text() != null) {
      try {
        keywordHits = keywords(request.text(), window, request.filter());
      } catch (RuntimeException e) {
        failures.add(new Degradation(Side.KEYWORD, Degradation.Reason.FAILED, e.getMessage()));
      }
    }
    if (vectorHits == null && keywordHits == null && !failures.isEmpty()) {
      failures.addAll(degradations);
      throw new QuiverException(ErrorCode.IO, null, "search failed on every side of collection " + collection
          + ": " + failures);
    }
    degradations.addAll(failures);
    Set<Side> answered = EnumSet.noneOf(Side.class);
    Map<String, SolrDocument> docs = new HashMap<>();
    if (vectorHits != null) {
      answered.add(Side.VECTOR);
      vectorHits.forEach(d -> docs.putIfAbsent(id(d), d));
    }
    if (keywordHits != null) {
      answered.add(Side.KEYWORD);
      keywordHits.forEach(d -> docs.putIfAbsent(id(d), d));
    }
    List<Hit> hits = new ArrayList<>();
    for (HybridRanking.Ranked r : HybridRanking.fuse(scored(vectorHits, true), scored(keywordHits, false),
        request.fusion() != null ? request.fusion() : options.fusion(), window, request.limit())) {
      Item item = item(docs.get(r.id()));
      // no highlighted snippets from Solr yet: Hit.snippet() is null
      hits.add(new Hit(r.id(), r.explanation().fusedScore(), item.attributes(),
          request.includeText() ? item.text() : null, item.timestamp(), r.explanation(), null));
    }
    return SearchResult.of(hits, answered, degradations);
  }

  /**
   * Pre-filtered kNN: Solr applies the filter queries before the graph search, so k matches give k hits. HNSW
   * is approximate; asking for more neighbours than are returned raises its recall. In exact mode, a function
   * query scores every document that passes the filters (see {@link #exactVectors(boolean)}).
   */
  private List<SolrDocument> knn(float[] vector, int window, Filter filter) {
    StringBuilder literal = new StringBuilder("[");
    for (int i = 0; i < vector.length; i++) {
      literal.append(i == 0 ? "" : ",").append(vector[i]);
    }
    literal.append(']');
    ModifiableSolrParams p = searchParams(window, filter);
    if (exactVectors) {
      // the field's own similarity (cosine, scored (1 + cos) / 2 as kNN scores it); a document without a
      // vector scores nothing, and the filter below keeps it out as the embedded scan does
      p.set("q", "{!func}vectorSimilarity(" + SolrFields.VECTOR + "," + literal + ")");
      p.add("fq", HAS_VECTOR);
    } else {
      // each shard's graph search is asked for at least the candidate window: near-exact on small shards
      int topK = Math.max(window, options.candidateWindow());
      p.set("q", "{!knn f=" + SolrFields.VECTOR + " topK=" + topK + "}" + literal);
    }
    return query(p).getResults();
  }

  private List<SolrDocument> keywords(String text, int window, Filter filter) {
    ModifiableSolrParams p = searchParams(window, filter);
    String q = KeywordQuery.query(KeywordQuery.terms(text), p);
    if (q == null) {
      return List.of(); // only stop words or punctuation: nothing to match, as in the embedded index
    }
    p.set("q", q);
    return query(p).getResults();
  }

  private static ModifiableSolrParams searchParams(int window, Filter filter) {
    ModifiableSolrParams p = new ModifiableSolrParams();
    p.add("fq", ITEMS_ONLY);
    String fq = SolrFilters.translate(filter, p, "f");
    if (fq != null) {
      p.add("fq", fq);
    }
    p.set("rows", window);
    p.set("fl", FIELDS);
    p.set("sort", "score desc," + SolrFields.ID + " asc"); // ties to the smaller id, as the embedded store
    return p;
  }

  /** The hits that reach {@code min} (a cosine similarity); they come best first, so the rest is a tail. */
  private static List<SolrDocument> atLeast(List<SolrDocument> hits, double min) {
    int keep = 0;
    while (keep < hits.size() && cosine(hits.get(keep)) >= min) {
      keep++;
    }
    return hits.subList(0, keep);
  }

  /** Lucene's cosine score is {@code (1 + cos) / 2}; Quiver's vector score is the cosine itself. */
  private static float cosine(SolrDocument doc) {
    return 2 * ((Float) doc.getFieldValue("score")) - 1;
  }

  private static @Nullable List<HybridRanking.Scored> scored(@Nullable List<SolrDocument> hits, boolean vector) {
    if (hits == null) {
      return null;
    }
    List<HybridRanking.Scored> out = new ArrayList<>(hits.size());
    for (SolrDocument d : hits) {
      out.add(new HybridRanking.Scored(id(d), vector ? cosine(d) : (Float) d.getFieldValue("score")));
    }
    return out;
  }

  private static String id(SolrDocument doc) {
    return (String) doc.getFieldValue(SolrFields.ID);
  }

  private static Item item(SolrDocument doc) {
    Object text = doc.getFirstValue(SolrFields.TEXT);
    Object timestamp = doc.getFirstValue(SolrFields.TIMESTAMP);
    Collection<Object> attributes = doc.getFieldValues(SolrFields.ATTRIBUTES);
    return new Item(id(doc), (String) text, SolrFields.decodeAttributes(attributes == null ? null
        : new ArrayList<>(attributes)), timestamp == null ? null : ((Number) timestamp).longValue());
  }

  private List<float @Nullable []> embed(List<Item> items) {
    Embedder embedder = options.embedder();
    List<String> texts = new ArrayList<>();
    for (Item item : items) {
      if (embeddable(item, embedder)) {
        texts.add(item.text());
      }
    }
    List<float[]> embedded = texts.isEmpty() ? List.of() : embedder.embedDocuments(texts);
    if (embedded.size() != texts.size()) {
      throw new IllegalStateException("embedder " + embedder.modelId() + " returned " + embedded.size()
          + " vectors for " + texts.size() + " texts");
    }
    Iterator<float[]> next = embedded.iterator();
    List<float @Nullable []> out = new ArrayList<>(items.size());
    for (Item item : items) {
      out.add(embeddable(item, embedder) ? next.next() : null);
    }
    return out;
  }

  /** As the embedded store: blank text carries no meaning to embed, and a collection without vectors takes none. */
  private boolean embeddable(Item item, @Nullable Embedder embedder) {
    return embedder != null && missingVectorField == null && item.text() != null && !item.text().isBlank();
  }

  /**
   * Every item with its vector (null when it has none), in id order (code point order, as the embedded store
   * lists them), read page by page with Solr's cursor as of the last commit.
   */
  public void forEach(BiConsumer<Item, float @Nullable []> consumer) {
    Preconditions.requireArgument(consumer, "consumer");
    forEachAfter(null, PAGE, (items, vectors) -> {
      for (int i = 0; i < items.size(); i++) {
        consumer.accept(items.get(i), vectors.get(i));
      }
      return true;
    });
  }

  private static final int PAGE = 500;

  /** One page of items and their vectors; returns whether to read on. */
  interface Page {
    boolean accept(List<Item> items, List<float @Nullable []> vectors);
  }

  /**
   * Items whose id is after {@code afterId} (all when null), in id order, {@code pageSize} a page, through Solr's
   * {@code cursorMark} (sorted by the unique key, so no page repeats or skips an item while others write).
   */
  void forEachAfter(@Nullable String afterId, int pageSize, Page page) {
    ensureOpen();
    String cursor = "*";
    while (true) {
      ModifiableSolrParams p = new ModifiableSolrParams();
      p.set("q", "*:*");
      p.add("fq", ITEMS_ONLY);
      if (afterId != null) {
        p.add("fq", SolrFields.ID + ":{" + quoted(afterId) + " TO *]");
      }
      p.set("fl", STORED);
      p.set("rows", pageSize);
      p.set("sort", SolrFields.ID + " asc");
      p.set("cursorMark", cursor);
      QueryResponse response = query(p);
      List<Item> items = new ArrayList<>();
      List<float @Nullable []> vectors = new ArrayList<>();
      for (SolrDocument d : response.getResults()) {
        items.add(item(d));
        vectors.add(vector(d));
      }
      String next = response.getNextCursorMark();
      if (items.isEmpty() || !page.accept(items, vectors) || next.equals(cursor)) {
        return;
      }
      cursor = next;
    }
  }

  /** A quoted term for a range query: backslash and quote escaped, every other character as it is. */
  private static String quoted(String term) {
    StringBuilder b = new StringBuilder(term.length() + 2).append('"');
    for (int i = 0; i < term.length(); i++) {
      char c = term.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.append('"').toString();
  }

  /** The greatest item id in id order, as of the last commit; empty for an empty collection. */
  Optional<String> lastId() {
    ensureOpen();
    ModifiableSolrParams p = new ModifiableSolrParams();
    p.set("q", "*:*");
    p.add("fq", ITEMS_ONLY);
    p.set("fl", SolrFields.ID);
    p.set("rows", 1);
    p.set("sort", SolrFields.ID + " desc");
    List<SolrDocument> docs = query(p).getResults();
    return docs.isEmpty() ? Optional.empty() : Optional.of(id(docs.get(0)));
  }

  /** The stored items of {@code ids} with their vectors, by id, read in real time; absent ids are left out. */
  Map<String, Map.Entry<Item, float @Nullable []>> getWithVectors(Collection<String> ids) {
    ensureOpen();
    Map<String, Map.Entry<Item, float @Nullable []>> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    try {
      for (SolrDocument d : client.getById(collection, ids)) {
        out.put(id(d), new java.util.AbstractMap.SimpleImmutableEntry<>(item(d), vector(d)));
      }
    } catch (SolrServerException | IOException | SolrException e) {
      throw io("cannot read " + ids.size() + " items from collection " + collection, e);
    }
    return out;
  }

  private static float @Nullable [] vector(SolrDocument doc) {
    Collection<Object> values = doc.getFieldValues(SolrFields.VECTOR);
    if (values == null || values.isEmpty()) {
      return null;
    }
    float[] v = new float[values.size()];
    int i = 0;
    for (Object o : values) {
      v[i++] = ((Number) o).floatValue();
    }
    return v;
  }

  private @Nullable SolrDocument realTimeGet(String id) {
    try {
      return client.getById(collection, id);
    } catch (SolrServerException | IOException | SolrException e) {
      throw io("cannot read " + id + " from collection " + collection, e);
    }
  }

  private QueryResponse query(ModifiableSolrParams params) {
    try {
      return new QueryRequest(params, SolrRequest.METHOD.POST).process(client, collection); // long vectors
    } catch (SolrServerException | IOException e) {
      throw io("query on collection " + collection + " failed", e);
    }
  }

  private void update(UpdateRequest request, String what) {
    request.setAction(UpdateRequest.ACTION.COMMIT, true, true, true); // soft: visible when this returns
    try {
      request.process(client, collection);
    } catch (SolrServerException | IOException | SolrException e) {
      throw io("cannot " + what + " collection " + collection, e);
    }
  }

  private static QuiverException io(String what, Exception e) {
    return new QuiverException(ErrorCode.IO, null, what + ": " + e.getMessage(), e);
  }

  /** The collection this store reads and writes. */
  public String collection() {
    return collection;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(String.format(Locale.ROOT, "store on collection %s is closed", collection));
    }
  }

  /** Marks this store closed; the Solr client stays open, as it is the caller's. */
  @Override
  public void close() {
    closed = true;
  }
}
