package dev.quiver.keyword;

import dev.quiver.ErrorCode;
import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.QuiverException;
import dev.quiver.spi.AttributeOrder;
import dev.quiver.spi.KeywordIndex;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.BinaryPoint;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;

/**
 * The keyword side of a Quiver store: a Lucene index with BM25 ranking, kept in a directory beside the
 * vector file.
 *
 * <pre>{@code
 * QuiverOptions options = QuiverOptions.builder().keywordIndex(LuceneKeywordIndex.factory()).build();
 * }</pre>
 *
 * <h2>Design</h2>
 *
 * <ul>
 *   <li><b>Documents.</b> One per item: {@code id} (exact), {@code text} (analyzed), each string attribute
 *       {@code k=v} as an exact term in field {@code attr.k}, each number as a 10-byte point in field
 *       {@code num.k} whose order is the exact numeric order ({@link dev.quiver.spi.AttributeOrder#sortableNumber},
 *       so a long and a double share one field), each boolean as the term {@code true} or {@code false} in field
 *       {@code bool.k}, and the timestamp as a {@code long} point with doc values, all stored: the index keeps a whole copy of each item, which answers hits while the
 *       vector file is damaged and restores commits the vector file lost. Items without text are indexed (they count and
 *       can be deleted) but match no query.
 *   <li><b>Durability.</b> {@link #apply} writes a whole batch, then commits it together with the commit user
 *       data {@code quiver.sequence}; Lucene's commit is atomic, so after a crash the index holds either the
 *       batch and its sequence or neither. The user data also carries {@code quiver.format}, checked on open.
 *   <li><b>Analysis.</b> One {@link KeywordAnalyzer} ({@link LuceneKeywordOptions#analyzer()}; English with Porter
 *       stemming by default) for indexed text and queries, recorded as {@code quiver.analyzer} in every
 *       commit. Opening an index that holds items analyzed another way fails with
 *       {@link ErrorCode#MODEL_MISMATCH} instead of mixing two analyses; the {@code Quiver} facade then rebuilds
 *       it from the vector file. An index that records no analyzer was written with English.
 *   <li><b>Readers never block.</b> After each commit the writer opens a near-real-time reader and publishes
 *       it, paired with the sequence it committed, through a volatile field. {@link #reader()} takes a
 *       reference on the published reader (Lucene's own reference count), so a reader sees all of a batch or
 *       none of it, knows which sequence that is, and never waits for the writer.
 *   <li><b>Queries have no syntax.</b> The query text is analyzed with the index's analyzer and each distinct
 *       term becomes an optional clause (at most {@value #MAX_QUERY_TERMS}); no input can cause a parse error.
 *       The filter is added as a non-scoring clause, so it changes which items are returned, never their scores.
 *   <li><b>Ranking.</b> BM25 with {@code k1 = }{@value #BM25_K1} and {@code b = }{@value #BM25_B}, not Lucene's
 *       1.2 and 0.75: a lower {@code k1} saturates term frequency sooner, so an item that matches more of the
 *       query's distinct words beats one that repeats a single word, which is what short chat queries against
 *       long texts need (measured in {@code docs/quality.md}). Both act only at query time (the index stores
 *       document lengths, not scores), so an index written with other values needs no rebuild;
 *       {@link #factory(float, float)} picks others.
 *   <li><b>Ties.</b> Items with equal scores come in Lucene's internal document order, which is insertion
 *       order within a segment but changes when segments merge or an item is updated. Callers that need a
 *       stable order among equal scores must break ties themselves (for example by id).
 * </ul>
 *
 * <p>Opening verifies the checksum of every index file, so a damaged index is found on open. Only one open
 * index may use a directory at a time, in this process or any other: a second
 * {@link #open} fails with {@link ErrorCode#LOCKED}. A damaged index fails with {@link ErrorCode#CORRUPT};
 * one written by an incompatible Lucene or Quiver format with {@link ErrorCode#VERSION}; a Lucene index that
 * Quiver did not write with {@link ErrorCode#FOREIGN}. In every case nothing is written to the directory.
 *
 * <p>Thread safety: {@link #search}, {@link #count} and {@link #appliedSequence} may run from any thread at
 * any time. {@link #apply}, {@link #clear} and {@link #close} are serialized with each other.
 */
public final class LuceneKeywordIndex implements KeywordIndex {
  /** Most distinct query terms used for one search; the rest of a longer query is ignored. */
  public static final int MAX_QUERY_TERMS = 1024;
  /** BM25 term-frequency saturation used unless {@link #factory(float, float)} says otherwise. */
  public static final float BM25_K1 = 0.6f;
  /** BM25 document-length normalisation used unless {@link #factory(float, float)} says otherwise. */
  public static final float BM25_B = 0.75f;
  /** The length a snippet aims at, in characters; a passage ends at a word boundary near it. */
  public static final int SNIPPET_CHARS = 160;
  /** Marks the start of a matched term in a snippet. */
  public static final String MARK_START = "«";
  /** Marks the end of a matched term in a snippet. */
  public static final String MARK_END = "»";

  static final String ID = "id";
  static final String TEXT = "text";
  static final String TIMESTAMP = "timestamp";
  static final String ATTRIBUTE_PREFIX = "attr.";
  static final String NUMBER_PREFIX = "num.";
  static final String BOOLEAN_PREFIX = "bool.";
  static final String SEQUENCE_KEY = "quiver.sequence";
  static final String FORMAT_KEY = "quiver.format";
  static final String STORE_KEY = "quiver.store";
  /** The {@link KeywordAnalyzer#id()} (or {@code custom:} and the class name) the index was analyzed with. */
  static final String ANALYZER_KEY = "quiver.analyzer";
  /** A custom analyzer's recorded name starts with this. */
  static final String CUSTOM_PREFIX = "custom:";
  static final String FORMAT_VERSION = "1";
  private static final String REBUILD_HINT =
      "Delete the directory and reopen to rebuild it (a new index starts at applied sequence 0)";

  private final Path path;
  private final Directory directory;
  private final Analyzer analyzer;
  /** What {@link #ANALYZER_KEY} says in every commit this index makes. */
  private final String analyzerName;
  private final boolean ownsAnalyzer;
  private final IndexWriter writer;
  private final Similarity similarity;
  /** The last committed batch as readers see it; holds one reference on its Lucene reader. */
  private volatile Published published;
  private final Object writeLock = new Object();
  private volatile long appliedSequence;
  /** The vector file this index derives from ({@code quiver.store} in the commit data), or null. */
  private volatile String boundStore;
  private volatile boolean closed;

  private LuceneKeywordIndex(Path path, Directory directory, Analyzer analyzer, String analyzerName,
      boolean ownsAnalyzer, IndexWriter writer, Similarity similarity, long appliedSequence, String boundStore)
      throws IOException {
    this.path = path;
    this.directory = directory;
    this.analyzer = analyzer;
    this.analyzerName = analyzerName;
    this.ownsAnalyzer = ownsAnalyzer;
    this.writer = writer;
    this.similarity = similarity;
    this.appliedSequence = appliedSequence;
    this.boundStore = boundStore;
    DirectoryReader reader = DirectoryReader.open(writer);
    try {
      // every file's checksum, read whole: a flipped bit anywhere is found now, not as a wrong answer later
      for (LeafReaderContext leaf : reader.leaves()) {
        leaf.reader().checkIntegrity();
      }
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
    this.published = new Published(searcher(reader), appliedSequence);
  }

  /** A committed batch's reader and sequence. */
  private record Published(IndexSearcher searcher, long sequence) {}

  private IndexSearcher searcher(DirectoryReader reader) {
    IndexSearcher searcher = new IndexSearcher(reader);
    searcher.setSimilarity(similarity);
    return searcher;
  }

  /**
   * Opens the index in {@code directory}, creating the directory and an empty index (applied sequence 0) if
   * there is none, with Lucene's {@link EnglishAnalyzer} (lower-casing, English stop words, Porter stemming).
   *
   * @throws QuiverException {@link ErrorCode#LOCKED} if another open index holds the directory;
   *     {@link ErrorCode#CORRUPT}, {@link ErrorCode#VERSION} or {@link ErrorCode#FOREIGN} if the index there
   *     cannot be used
   * @throws IOException if the directory cannot be created or read
   */
  public static LuceneKeywordIndex open(Path directory) throws IOException {
    return open(directory, LuceneKeywordOptions.defaults());
  }

  /**
   * Opens the index in {@code directory} as {@link #open(Path)} does, with the analyzer and BM25 parameters of
   * {@code options}.
   *
   * @throws QuiverException {@link ErrorCode#MODEL_MISMATCH} if the index holds items analyzed with another
   *     analyzer than {@code options} asks for (nothing is written; the {@code Quiver} facade moves it aside and
   *     rebuilds it from the vector file); otherwise as for {@link #open(Path)}
   */
  public static LuceneKeywordIndex open(Path directory, LuceneKeywordOptions options) throws IOException {
    if (options == null) {
      throw new IllegalArgumentException("options for keyword index " + directory + " must not be null");
    }
    return open(directory, options.analyzer().create(), options.analyzer().id(), true, options.similarity());
  }

  /**
   * Opens the index in {@code directory} with {@code analyzer} for both indexing and queries. The caller keeps
   * ownership of the analyzer, and must use the same analysis every time the directory is opened (or
   * {@link #clear()} and rebuild after changing it). Errors as for {@link #open(Path)}.
   */
  public static LuceneKeywordIndex open(Path directory, Analyzer analyzer) throws IOException {
    if (analyzer == null) {
      throw new IllegalArgumentException("analyzer for keyword index " + directory + " must not be null");
    }
    return open(directory, analyzer, customName(analyzer), false, new BM25Similarity(BM25_K1, BM25_B));
  }

  /** Opens indexes with {@link #open(Path)}, for {@code QuiverOptions.builder().keywordIndex(...)}. */
  public static KeywordIndex.Factory factory() {
    return LuceneKeywordIndex::open;
  }

  /**
   * Opens indexes with a fresh analyzer from {@code analyzers} for each open; the index closes that analyzer
   * when it is closed.
   */
  public static KeywordIndex.Factory factory(Supplier<? extends Analyzer> analyzers) {
    Objects.requireNonNull(analyzers, "analyzers");
    return directory -> {
      Analyzer analyzer = analyzers.get();
      if (analyzer == null) {
        throw new IllegalArgumentException("analyzer supplier for keyword index " + directory + " returned null");
      }
      return open(directory, analyzer, customName(analyzer), true, new BM25Similarity(BM25_K1, BM25_B));
    };
  }

  /** Opens indexes with {@link #open(Path, LuceneKeywordOptions)}. */
  public static KeywordIndex.Factory factory(LuceneKeywordOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("keyword index options must not be null");
    }
    return directory -> open(directory, options);
  }

  /** Opens indexes with {@code analyzer} and the default BM25 parameters. */
  public static KeywordIndex.Factory factory(KeywordAnalyzer analyzer) {
    return factory(LuceneKeywordOptions.builder().analyzer(analyzer).build());
  }

  /**
   * The analyzer the index in {@code directory} was built with, as its last commit records it: a
   * {@link KeywordAnalyzer#id()}, {@code custom:} and a class name, or {@code english} for an index written
   * before analyzers were recorded. Empty when there is no index there. Reads only; takes no lock.
   *
   * @throws IOException if the directory cannot be read
   */
  public static Optional<String> recordedAnalyzer(Path directory) throws IOException {
    if (directory == null || !Files.isDirectory(directory)) {
      return Optional.empty();
    }
    try (Directory d = FSDirectory.open(directory)) {
      if (!DirectoryReader.indexExists(d)) {
        return Optional.empty();
      }
      String recorded = SegmentInfos.readLatestCommit(d).getUserData().get(ANALYZER_KEY);
      return Optional.of(recorded == null ? KeywordAnalyzer.ENGLISH.id() : recorded);
    }
  }

  private static String customName(Analyzer analyzer) {
    return CUSTOM_PREFIX + analyzer.getClass().getName();
  }

  /**
   * Opens indexes as {@link #open(Path)} does, ranking with BM25 parameters {@code k1} and {@code b} instead
   * of {@value #BM25_K1} and {@value #BM25_B}. They act at query time only, so the same directory may be
   * opened with other values without a rebuild.
   *
   * @param k1 term-frequency saturation, finite and {@code >= 0}
   * @param b document-length normalisation, in [0, 1]
   */
  public static KeywordIndex.Factory factory(float k1, float b) {
    // BM25Similarity checks both and names the bad one; check here too, before any directory is opened
    return factory(LuceneKeywordOptions.builder().bm25(k1, b).build());
  }

  private static LuceneKeywordIndex open(Path path, Analyzer analyzer, String analyzerName, boolean ownsAnalyzer,
      Similarity similarity) throws IOException {
    if (path == null) {
      throw new IllegalArgumentException("keyword index directory must not be null");
    }
    Files.createDirectories(path);
    Directory directory = FSDirectory.open(path);
    IndexWriter writer = null;
    boolean success = false;
    try {
      // Check the existing commit before taking the write lock: IndexWriter may delete unreferenced files
      // on open, and a refused open must leave the directory as it was.
      boolean exists = DirectoryReader.indexExists(directory);
      if (exists) {
        SegmentInfos last = SegmentInfos.readLatestCommit(directory);
        checkFormat(path, last.getUserData());
        checkAnalyzer(path, last, analyzerName);
      }
      IndexWriterConfig config = new IndexWriterConfig(analyzer)
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
          .setSimilarity(similarity)
          // Only apply() and clear() commit; a failed batch must not become durable when the index closes.
          .setCommitOnClose(false);
      writer = new IndexWriter(directory, config);
      long sequence = 0;
      String store = null;
      if (exists) {
        Map<String, String> userData = SegmentInfos.readLatestCommit(directory).getUserData();
        sequence = parseSequence(path, userData);
        store = userData.get(STORE_KEY);
      } else {
        writer.setLiveCommitData(commitData(0, null, analyzerName));
        writer.commit();
      }
      LuceneKeywordIndex index = new LuceneKeywordIndex(path, directory, analyzer, analyzerName, ownsAnalyzer,
          writer, similarity, sequence, store);
      success = true;
      return index;
    } catch (IOException e) {
      throw translate(e, path, "opening");
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(writer, directory);
        if (ownsAnalyzer) {
          IOUtils.closeWhileHandlingException(analyzer);
        }
      }
    }
  }

  private static void checkFormat(Path path, Map<String, String> userData) {
    String format = userData.get(FORMAT_KEY);
    if (format == null) {
      throw new QuiverException(ErrorCode.FOREIGN, path, "keyword index " + path
          + " is a Lucene index that Quiver did not write: its last commit has no '" + FORMAT_KEY
          + "'; expected " + FORMAT_KEY + "=" + FORMAT_VERSION + ". Nothing was written to it");
    }
    if (!FORMAT_VERSION.equals(format)) {
      throw new QuiverException(ErrorCode.VERSION, path, "keyword index " + path + " has format " + format
          + "; this build reads format " + FORMAT_VERSION + ". Nothing was written to it");
    }
  }

  /**
   * Refuses to mix analyses: an index that holds anything (items, or a sequence above 0) and was analyzed with
   * another analyzer than {@code requested} must be rebuilt, since its terms would not match the new query
   * terms. An empty index takes the new analyzer. One that records none was written with {@link
   * KeywordAnalyzer#ENGLISH}, except that a custom analyzer is trusted with it (its history is unknown).
   */
  private static void checkAnalyzer(Path path, SegmentInfos last, String requested) {
    String recorded = last.getUserData().get(ANALYZER_KEY);
    if (recorded == null) {
      if (requested.startsWith(CUSTOM_PREFIX)) {
        return;
      }
      recorded = KeywordAnalyzer.ENGLISH.id();
    }
    if (recorded.equals(requested)) {
      return;
    }
    String sequence = last.getUserData().getOrDefault(SEQUENCE_KEY, "0");
    if (last.totalMaxDoc() == 0 && "0".equals(sequence)) {
      return; // nothing analyzed yet
    }
    throw new QuiverException(ErrorCode.MODEL_MISMATCH, path, "keyword index " + path + " was analyzed with '"
        + recorded + "' (" + ANALYZER_KEY + " in its last commit); the options ask for '" + requested + "'. Its "
        + last.totalMaxDoc() + " documents must be analyzed again: rebuild it (the Quiver store does so from its "
        + "vector file), or open it with '" + recorded + "'. Nothing was written to it");
  }

  private static long parseSequence(Path path, Map<String, String> userData) {
    String value = userData.get(SEQUENCE_KEY);
    try {
      long sequence = Long.parseLong(Objects.requireNonNull(value, "missing"));
      if (sequence < 0) {
        throw new NumberFormatException("negative");
      }
      return sequence;
    } catch (NumberFormatException | NullPointerException e) {
      throw new QuiverException(ErrorCode.CORRUPT, path, "keyword index " + path + " has " + SEQUENCE_KEY + "="
          + (value == null ? "(missing)" : "'" + value + "'") + " in its last commit; expected a number >= 0", e);
    }
  }

  private static List<Map.Entry<String, String>> commitData(long sequence, String store, String analyzerName) {
    List<Map.Entry<String, String>> data = new ArrayList<>(List.of(Map.entry(FORMAT_KEY, FORMAT_VERSION),
        Map.entry(SEQUENCE_KEY, Long.toString(sequence)), Map.entry(ANALYZER_KEY, analyzerName)));
    if (store != null) {
      data.add(Map.entry(STORE_KEY, store));
    }
    return data;
  }

  static String attributeField(String key) {
    return ATTRIBUTE_PREFIX + key;
  }

  static String numberField(String key) {
    return NUMBER_PREFIX + key;
  }

  static String booleanField(String key) {
    return BOOLEAN_PREFIX + key;
  }

  /** The analyzer's recorded name: a {@link KeywordAnalyzer#id()}, or {@code custom:} and a class name. */
  public String analyzerName() {
    return analyzerName;
  }

  /** The directory this index lives in. */
  public Path directory() {
    return path;
  }

  /** The last sequence committed by {@link #apply} or {@link #clear}, as recorded in the last commit. */
  @Override
  public long appliedSequence() {
    ensureOpen();
    return appliedSequence;
  }

  /**
   * Upserts (by id) and deletes, then commits them atomically with {@code sequence} and makes them visible to
   * searches. Every argument is checked before anything is written; a refused batch changes nothing.
   *
   * <p>If writing fails part way (an {@link IOException}), the applied sequence stays where it was and searches
   * do not see the partial batch, which stays uncommitted until a later apply commits it. Retry the same batch:
   * upserts and deletes are idempotent.
   *
   * @throws IllegalArgumentException if an item is null, an id is in both collections, an attribute value is
   *     longer than Lucene's term limit, or {@code sequence} is below {@link #appliedSequence()}
   * @throws IllegalStateException if the index is closed
   */
  @Override
  public void apply(Collection<Item> upserts, Collection<String> deletedIds, long sequence) throws IOException {
    synchronized (writeLock) {
      ensureOpen();
      checkBatch(upserts, deletedIds, sequence);
      List<Document> documents = new ArrayList<>(upserts.size());
      for (Item item : upserts) {
        documents.add(toDocument(item));
      }
      try {
        for (int i = 0; i < documents.size(); i++) {
          writer.updateDocument(new Term(ID, documents.get(i).get(ID)), documents.get(i));
        }
        if (!deletedIds.isEmpty()) {
          Term[] terms = new Term[deletedIds.size()];
          int i = 0;
          for (String id : deletedIds) {
            terms[i++] = new Term(ID, id);
          }
          writer.deleteDocuments(terms);
        }
        commit(sequence);
      } catch (AlreadyClosedException e) {
        throw closedByFailure(e);
      } catch (IOException e) {
        throw translate(e, path, "applying sequence " + sequence + " to");
      }
    }
  }

  private void checkBatch(Collection<Item> upserts, Collection<String> deletedIds, long sequence) {
    if (upserts == null || deletedIds == null) {
      throw new IllegalArgumentException("apply to keyword index " + path + " needs upserts and deletedIds; found "
          + (upserts == null ? "upserts=null" : "deletedIds=null") + " (pass an empty collection instead)");
    }
    if (sequence < appliedSequence) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "sequence %d is below the applied sequence %d of keyword index %s; sequences only move forward "
              + "(clear() starts over at 0)", sequence, appliedSequence, path));
    }
    Set<String> upsertIds = new HashSet<>();
    for (Item item : upserts) {
      if (item == null) {
        throw new IllegalArgumentException("upserts for keyword index " + path + " contain null");
      }
      upsertIds.add(item.id());
      for (Map.Entry<String, ?> a : item.attributes().entrySet()) {
        if (!(a.getValue() instanceof String value)) {
          continue; // numbers and booleans are a few bytes
        }
        int bytes = new BytesRef(value).length;
        if (bytes > IndexWriter.MAX_TERM_LENGTH) {
          throw new IllegalArgumentException(String.format(Locale.ROOT,
              "attribute '%s' of item '%s' is %d UTF-8 bytes; keyword index %s accepts at most %d",
              a.getKey(), item.id(), bytes, path, IndexWriter.MAX_TERM_LENGTH));
        }
      }
    }
    for (String id : deletedIds) {
      if (id == null) {
        throw new IllegalArgumentException("deletedIds for keyword index " + path + " contain null");
      }
      if (upsertIds.contains(id)) {
        throw new IllegalArgumentException("id '" + id + "' is both upserted and deleted in one batch for keyword "
            + "index " + path + " (sequence " + sequence + "); an id may appear in at most one of the two");
      }
    }
  }

  private static Document toDocument(Item item) {
    Document doc = new Document();
    doc.add(new StringField(ID, item.id(), Field.Store.YES));
    if (item.text() != null) {
      // stored, with the attributes and timestamp: hits keep their text while the vector file is quarantined
      doc.add(new TextField(TEXT, item.text(), Field.Store.YES));
    }
    for (Map.Entry<String, ?> a : item.attributes().entrySet()) {
      Object value = a.getValue();
      if (value instanceof String string) {
        doc.add(new StringField(attributeField(a.getKey()), string, Field.Store.YES));
      } else if (value instanceof Boolean bool) {
        doc.add(new StringField(booleanField(a.getKey()), bool.toString(), Field.Store.YES));
      } else {
        String field = numberField(a.getKey());
        doc.add(new BinaryPoint(field, AttributeOrder.sortableNumber((Number) value)));
        doc.add(value instanceof Long l ? new StoredField(field, l) : new StoredField(field, (Double) value));
      }
    }
    if (item.timestamp() != null) {
      doc.add(new LongField(TIMESTAMP, item.timestamp(), Field.Store.YES));
    }
    return doc;
  }

  /** Commits pending changes with {@code sequence}, then shows them to readers. Caller holds writeLock. */
  private void commit(long sequence) throws IOException {
    writer.setLiveCommitData(commitData(sequence, boundStore, analyzerName));
    writer.commit();
    appliedSequence = sequence;
    Published old = published;
    DirectoryReader before = (DirectoryReader) old.searcher().getIndexReader();
    DirectoryReader after = DirectoryReader.openIfChanged(before, writer);
    if (after == null) {
      before.incRef(); // the same documents at a new sequence: the new publication holds its own reference
      after = before;
    }
    published = new Published(after == before ? old.searcher() : searcher(after), sequence);
    before.decRef();
  }

  /**
   * Deletes every item and commits applied sequence 0.
   *
   * @throws IllegalStateException if the index is closed
   */
  @Override
  public void clear() throws IOException {
    synchronized (writeLock) {
      ensureOpen();
      try {
        writer.deleteAll();
        commit(0);
      } catch (AlreadyClosedException e) {
        throw closedByFailure(e);
      } catch (IOException e) {
        throw translate(e, path, "clearing");
      }
    }
  }

  @Override
  public String boundStore() {
    ensureOpen();
    return boundStore;
  }

  /** Commits {@code storeId} as the vector file this index derives from, with the applied sequence as it is. */
  @Override
  public void bindStore(String storeId) throws IOException {
    synchronized (writeLock) {
      ensureOpen();
      boundStore = storeId;
      try {
        commit(appliedSequence);
      } catch (AlreadyClosedException e) {
        throw closedByFailure(e);
      } catch (IOException e) {
        throw translate(e, path, "binding");
      }
    }
  }

  /**
   * A view of the last committed batch. Its {@link Reader#search} returns the best {@code limit} items by BM25
   * score, best first, ties in Lucene document order (see the class notes); a query with no indexable terms
   * (empty, only punctuation or stop words) returns an empty list, and no query text throws.
   *
   * @throws IllegalStateException if the index is closed
   */
  @Override
  public Reader reader() {
    while (true) {
      ensureOpen();
      Published p = published;
      if (p.searcher().getIndexReader().tryIncRef()) {
        return new LuceneReader(p);
      }
      // the writer replaced and released that publication meanwhile: take the newer one
    }
  }

  /** A reference on one published batch; released once by {@link #close()}. */
  private final class LuceneReader implements Reader {
    private final IndexSearcher searcher;
    private final long sequence;
    private final AtomicBoolean released = new AtomicBoolean();

    LuceneReader(Published published) {
      this.searcher = published.searcher();
      this.sequence = published.sequence();
    }

    @Override
    public long sequence() {
      return sequence;
    }

    @Override
    public List<ScoredId> search(String query, int limit, Filter filter) throws IOException {
      return LuceneKeywordIndex.this.search(searcher, query, limit, filter);
    }

    @Override
    public Map<String, String> snippets(String query, Collection<String> ids) throws IOException {
      return LuceneKeywordIndex.this.snippets(searcher, query, ids);
    }

    @Override
    public Optional<Item> get(String id) throws IOException {
      try {
        TopDocs top = searcher.search(new TermQuery(new Term(ID, id)), 1);
        if (top.scoreDocs.length == 0) {
          return Optional.empty();
        }
        return Optional.of(toItem(searcher.storedFields().document(top.scoreDocs[0].doc)));
      } catch (IOException e) {
        throw translate(e, path, "reading item " + id + " of");
      }
    }

    @Override
    public void forEach(Consumer<Item> consumer) throws IOException {
      try {
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
          Bits live = leaf.reader().getLiveDocs();
          StoredFields stored = leaf.reader().storedFields();
          for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
            if (live == null || live.get(doc)) {
              consumer.accept(toItem(stored.document(doc)));
            }
          }
        }
      } catch (IOException e) {
        throw translate(e, path, "reading every item of");
      }
    }

    @Override
    public int count() {
      return searcher.getIndexReader().numDocs();
    }

    @Override
    public void close() throws IOException {
      if (released.compareAndSet(false, true)) {
        searcher.getIndexReader().decRef();
      }
    }
  }

  private List<ScoredId> search(IndexSearcher searcher, String query, int limit, Filter filter)
      throws IOException {
    if (query == null || filter == null || limit < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "search of keyword index %s needs query text, a filter and a limit >= 1; found query %s, filter %s, "
              + "limit %d", path, query == null ? "null" : "of " + query.length() + " characters", filter, limit));
    }
    Query filterQuery;
    try {
      filterQuery = filter instanceof Filter.All ? null : LuceneFilters.toQuery(filter);
    } catch (IndexSearcher.TooManyClauses e) {
      throw new IllegalArgumentException("filter for keyword index " + path + " is too large for Lucene: "
          + e.getMessage() + "; use Filter.in for long lists of values", e);
    }
    int filterLeaves = filterQuery == null ? 0 : LuceneFilters.countLeaves(filterQuery);
    int maxTerms = Math.min(MAX_QUERY_TERMS, IndexSearcher.getMaxClauseCount() - filterLeaves);
    if (maxTerms < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "filter for keyword index %s has %d conditions; at most %d are supported", path, filterLeaves,
          IndexSearcher.getMaxClauseCount() - 1));
    }
    Query textQuery = QueryTerms.disjunction(TEXT, QueryTerms.analyze(analyzer, TEXT, query, maxTerms));
    if (textQuery == null) {
      return List.of();
    }
    Query combined = filterQuery == null ? textQuery : new BooleanQuery.Builder()
        .add(textQuery, Occur.MUST)
        .add(filterQuery, Occur.FILTER)
        .build();
    try {
      int maxDoc = searcher.getIndexReader().maxDoc();
      if (maxDoc == 0) {
        return List.of();
      }
      // Never ask Lucene for more hits than there are documents: it sizes its priority queue by this number.
      TopDocs top = searcher.search(combined, Math.min(limit, maxDoc));
      StoredFields stored = searcher.storedFields();
      Set<String> idOnly = Set.of(ID);
      List<ScoredId> hits = new ArrayList<>(top.scoreDocs.length);
      for (ScoreDoc sd : top.scoreDocs) {
        hits.add(new ScoredId(stored.document(sd.doc, idOnly).get(ID), sd.score));
      }
      return hits;
    } catch (IndexSearcher.TooManyClauses e) {
      throw new IllegalArgumentException("filter for keyword index " + path + " is too large for Lucene: "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw translate(e, path, "searching");
    }
  }

  /**
   * Snippets with {@link UnifiedHighlighter}: the stored text is analyzed again (the index keeps no offsets),
   * and the passage of about {@value #SNIPPET_CHARS} characters that best matches the query's terms is
   * returned with each matched term between {@value #MARK_START} and {@value #MARK_END}. Plain-text marks, not
   * HTML: chat text is plain text, and a caller that renders HTML escapes the text and replaces the marks.
   */
  private Map<String, String> snippets(IndexSearcher searcher, String query, Collection<String> ids)
      throws IOException {
    if (query == null || ids == null) {
      throw new IllegalArgumentException("snippets from keyword index " + path + " need query text and ids; found "
          + (query == null ? "query null" : "ids null"));
    }
    Query textQuery = QueryTerms.disjunction(TEXT, QueryTerms.analyze(analyzer, TEXT, query, MAX_QUERY_TERMS));
    if (textQuery == null || ids.isEmpty()) {
      return Map.of();
    }
    try {
      List<String> found = new ArrayList<>(ids.size());
      List<Integer> docs = new ArrayList<>(ids.size());
      for (String id : new java.util.LinkedHashSet<>(ids)) {
        TopDocs top = searcher.search(new TermQuery(new Term(ID, id)), 1);
        if (top.scoreDocs.length > 0) {
          found.add(id);
          docs.add(top.scoreDocs[0].doc);
        }
      }
      if (docs.isEmpty()) {
        return Map.of();
      }
      UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, analyzer)
          .withFormatter(new DefaultPassageFormatter(MARK_START, MARK_END, "…", false))
          .withBreakIterator(() -> LengthGoalBreakIterator.createClosestToLength(
              BreakIterator.getWordInstance(Locale.ROOT), SNIPPET_CHARS, 0.5f))
          .withMaxNoHighlightPassages(0) // a text without a matched term gets no snippet, not its opening
          .build();
      String[] passages = highlighter.highlightFields(new String[] {TEXT}, textQuery,
          docs.stream().mapToInt(Integer::intValue).toArray(), new int[] {1}).get(TEXT);
      Map<String, String> snippets = new java.util.HashMap<>();
      for (int i = 0; i < found.size(); i++) {
        if (passages[i] != null && !passages[i].isEmpty()) {
          snippets.put(found.get(i), passages[i].strip());
        }
      }
      return snippets;
    } catch (IOException e) {
      throw translate(e, path, "highlighting hits of");
    }
  }

  private static Item toItem(Document doc) {
    Map<String, Object> attributes = new java.util.HashMap<>();
    for (IndexableField field : doc.getFields()) {
      String name = field.name();
      if (name.startsWith(ATTRIBUTE_PREFIX)) {
        attributes.put(name.substring(ATTRIBUTE_PREFIX.length()), field.stringValue());
      } else if (name.startsWith(NUMBER_PREFIX)) {
        attributes.put(name.substring(NUMBER_PREFIX.length()), field.numericValue()); // a Long or a Double
      } else if (name.startsWith(BOOLEAN_PREFIX)) {
        attributes.put(name.substring(BOOLEAN_PREFIX.length()), Boolean.valueOf(field.stringValue()));
      }
    }
    IndexableField ts = doc.getField(TIMESTAMP);
    return new Item(doc.get(ID), doc.get(TEXT), attributes, ts == null ? null : ts.numericValue().longValue());
  }

  /** The number of items matching {@code filter}, regardless of text; for checks and tests. */
  int count(Filter filter) throws IOException {
    try (LuceneReader reader = (LuceneReader) reader()) {
      return reader.searcher.count(filter instanceof Filter.All ? new MatchAllDocsQuery()
          : LuceneFilters.toQuery(filter));
    }
  }

  /**
   * Releases the published reader, closes the writer (without committing) and the directory, releasing its
   * lock. Readers still open keep working until they are closed. Idempotent.
   */
  @Override
  public void close() throws IOException {
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      closed = true;
      Closeable publishedReference = () -> published.searcher().getIndexReader().decRef();
      if (ownsAnalyzer) {
        IOUtils.close(publishedReference, writer, directory, analyzer);
      } else {
        IOUtils.close(publishedReference, writer, directory);
      }
    }
  }

  @Override
  public String toString() {
    return "LuceneKeywordIndex[" + path + ", appliedSequence=" + appliedSequence + (closed ? ", closed]" : "]");
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("keyword index " + path + " is closed");
    }
  }

  /** The writer closed itself after a failure it cannot recover from (for example a full disk). */
  private IllegalStateException closedByFailure(AlreadyClosedException e) {
    Throwable tragedy = writer.getTragicException();
    return new IllegalStateException("keyword index " + path + " can no longer be written"
        + (tragedy == null ? "" : " after an earlier failure (" + tragedy + ")") + "; close and reopen it", e);
  }

  /**
   * Throws the {@link QuiverException} for Lucene's lock, corruption and format exceptions; returns any other
   * {@link IOException} unchanged for the caller to rethrow.
   */
  static IOException translate(IOException e, Path path, String doing) {
    if (e instanceof LockObtainFailedException) {
      throw new QuiverException(ErrorCode.LOCKED, path, "keyword index " + path + " is locked: another open "
          + "index, in this process or another, holds " + path.resolve(IndexWriter.WRITE_LOCK_NAME)
          + "; close it first (" + e.getMessage() + ")", e);
    }
    if (e instanceof IndexFormatTooNewException || e instanceof IndexFormatTooOldException) {
      throw new QuiverException(ErrorCode.VERSION, path, "keyword index " + path + " was written in a Lucene "
          + "format this build cannot read, found while " + doing + " it: " + e.getMessage()
          + ". " + REBUILD_HINT, e);
    }
    if (e instanceof CorruptIndexException) {
      throw new QuiverException(ErrorCode.CORRUPT, path, "keyword index " + path + " is damaged, found while "
          + doing + " it: " + e.getMessage() + ". " + REBUILD_HINT, e);
    }
    return e;
  }
}
