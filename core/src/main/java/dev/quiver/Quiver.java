package dev.quiver;

import dev.quiver.internal.hybrid.Candidate;
import dev.quiver.internal.hybrid.Fused;
import dev.quiver.internal.hybrid.Fuser;
import dev.quiver.internal.storefile.OwnerLock;
import dev.quiver.internal.storefile.Quarantine;
import dev.quiver.spi.Embedder;
import dev.quiver.spi.KeywordIndex;
import dev.quiver.store.ChangeBatch;
import dev.quiver.store.StoreInfo;
import dev.quiver.store.StoreOptions;
import dev.quiver.store.VectorHit;
import dev.quiver.store.VectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The retrieval store a chat server embeds: items go in with their text, questions come out as ranked hits.
 *
 * <p>A store named {@code data/chat.quiver} is a set of files beside each other: the SQLite vector file
 * {@code chat.quiver} (the record of truth, with its {@code -wal}), the owner lock {@code chat.quiver-owner},
 * the keyword index {@code chat.quiver-keyword/}, and, after damage, {@code chat.quiver-quarantine/}.
 *
 * <p>Each write commits to the vector file first, with its change sequence, then to the keyword index, which
 * records the last sequence it applied; on open the keyword index catches up from the file. Searches never
 * block on writes. When one side is empty, rebuilding, quarantined or failing, searches are answered by the
 * other and the result says so; an exception comes only for bad input or when both sides fail.
 */
public final class Quiver implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Quiver.class.getName());
  private static final int CATCH_UP_BATCH = 1_000;
  private static final int REBUILD_BATCH = 64;
  private static final String REBUILD_CURSOR = "rebuild.cursor";
  private static final String QUARANTINED_FROM = "quarantined.from";

  private enum VectorSide { READY, REBUILDING, QUARANTINED }

  private final Path path;
  private final QuiverOptions options;
  private final StoreOptions storeOptions;
  private final Object writeLock = new Object();
  private volatile VectorStore vectors;
  private volatile VectorSide vectorSide;
  private volatile String quarantinedTo;
  private volatile KeywordIndex keyword;
  private volatile String keywordFailure;
  private volatile boolean closed;

  private Quiver(Path path, QuiverOptions options, StoreOptions storeOptions) {
    this.path = path;
    this.options = options;
    this.storeOptions = storeOptions;
  }

  /**
   * Opens or creates the store named by {@code store} (for example {@code data/chat.quiver}): the SQLite
   * vector file at that path, the keyword index in {@code chat.quiver-keyword/} beside it. A damaged vector
   * file is quarantined and replaced by an empty one; searches then answer from keywords until
   * {@link #rebuild}.
   *
   * @throws QuiverException FOREIGN, PRIMARY_DATABASE, LOCKED or VERSION when the file must not be used
   */
  public static Quiver open(Path store, QuiverOptions options) {
    Embedder embedder = options.embedder();
    StoreOptions storeOptions = new StoreOptions(embedder == null ? StoreOptions.ADOPT : embedder.dimensions(),
        options.metric(), embedder == null ? null : embedder.modelId(), options.primaryDatabase(),
        options.fullSync());
    Quiver quiver = new Quiver(store, options, storeOptions);
    quiver.openVectorSide();
    try {
      quiver.openKeywordSide();
      quiver.catchUpKeywords();
    } catch (RuntimeException e) {
      quiver.close();
      throw e;
    }
    return quiver;
  }

  private void openVectorSide() {
    try {
      vectors = VectorStore.open(path, storeOptions);
      Optional<String> quarantined = vectors.watermark(QUARANTINED_FROM);
      vectorSide = quarantined.isPresent() ? VectorSide.QUARANTINED : VectorSide.READY;
      quarantinedTo = quarantined.orElse(null);
    } catch (QuiverException e) {
      if (e.code() != ErrorCode.CORRUPT) {
        throw e;
      }
      quarantine(e);
    }
  }

  /** Moves the damaged file set aside and starts an empty file, so writes keep a record of truth. */
  private void quarantine(QuiverException cause) {
    VectorStore damaged = vectors;
    vectors = null;
    vectorSide = VectorSide.QUARANTINED;
    if (damaged != null) {
      damaged.close();
    }
    quarantinedTo = Quarantine.move(path).toString();
    LOG.log(System.Logger.Level.ERROR, "vector file {0} is damaged ({1}); moved to {2}. Searches answer from "
        + "keywords until the store is rebuilt from source", path, cause.getMessage(), quarantinedTo);
    if (storeOptions.dimensions() != StoreOptions.ADOPT) {
      vectors = VectorStore.open(path, storeOptions);
      // the mark survives restarts: until a rebuild, this file is not the whole record of truth
      vectors.putWatermark(QUARANTINED_FROM, quarantinedTo);
    }
  }

  private Path keywordDirectory() {
    return path.resolveSibling(path.getFileName() + "-keyword");
  }

  private void openKeywordSide() {
    KeywordIndex.Factory factory = options.keywordIndex();
    if (factory == null) {
      return;
    }
    Path dir = keywordDirectory();
    try {
      keyword = factory.open(dir);
    } catch (QuiverException e) {
      if (e.code() != ErrorCode.CORRUPT) {
        throw e;
      }
      // derived data: drop the damaged index and rebuild it from the vector file
      LOG.log(System.Logger.Level.WARNING, "keyword index {0} is damaged ({1}); rebuilding it from {2}", dir,
          e.getMessage(), path);
      try {
        deleteRecursively(dir);
        keyword = factory.open(dir);
      } catch (IOException | RuntimeException again) {
        markKeywordFailed("cannot recreate keyword index " + dir, again);
      }
    } catch (IOException e) {
      markKeywordFailed("cannot open keyword index " + dir, e);
    }
  }

  private void catchUpKeywords() {
    KeywordIndex index = keyword;
    VectorStore store = vectors;
    if (index == null || store == null || vectorSide != VectorSide.READY) {
      return;
    }
    try {
      long applied = index.appliedSequence();
      if (applied > store.sequence()) {
        // the file was replaced (a quarantined file is marked and never gets here): it is the truth
        LOG.log(System.Logger.Level.WARNING, "keyword index is ahead of {0} (sequence {1} > {2}); rebuilding it",
            path, applied, store.sequence());
        index.clear();
        applied = 0;
      }
      while (true) {
        ChangeBatch batch = store.changesSince(applied, CATCH_UP_BATCH);
        if (batch.lastSequence() == applied && batch.complete()) {
          return;
        }
        index.apply(batch.upserts(), batch.deletedIds(), batch.lastSequence());
        applied = batch.lastSequence();
        if (batch.complete()) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      markKeywordFailed("keyword index could not catch up with " + path, e);
    }
  }

  private void markKeywordFailed(String what, Exception e) {
    keywordFailure = what + ": " + e.getMessage();
    LOG.log(System.Logger.Level.ERROR, keywordFailure, e);
  }

  /** Embeds and writes one item to both sides. */
  public void index(Item item) {
    index(List.of(item));
  }

  /**
   * Embeds and writes items to both sides; the vector file commits them in one transaction. Items without
   * text, or with blank text, are stored without a vector.
   */
  public void index(List<Item> items) {
    Objects.requireNonNull(items, "items");
    ensureOpen();
    if (items.isEmpty()) {
      return;
    }
    List<float[]> embedded = embed(items);
    synchronized (writeLock) {
      ensureOpen();
      long sequence = -1;
      VectorStore store = vectors;
      if (store != null) {
        try {
          store.upsertAll(items, embedded);
          sequence = store.sequence();
        } catch (QuiverException e) {
          if (e.code() != ErrorCode.CORRUPT) {
            throw e;
          }
          quarantine(e);
        }
      }
      applyToKeywords(items, List.of(), sequence);
    }
  }

  private List<float[]> embed(List<Item> items) {
    Embedder embedder = options.embedder();
    List<float[]> vectors = new ArrayList<>(items.size());
    List<String> texts = new ArrayList<>();
    for (Item item : items) {
      if (embeddable(item, embedder)) {
        texts.add(item.text());
      }
    }
    List<float[]> embedded = texts.isEmpty() ? List.of() : embedder.embed(texts);
    if (embedded.size() != texts.size()) {
      throw new IllegalStateException("embedder " + embedder.modelId() + " returned " + embedded.size()
          + " vectors for " + texts.size() + " texts");
    }
    Iterator<float[]> next = embedded.iterator();
    for (Item item : items) {
      vectors.add(embeddable(item, embedder) ? next.next() : null);
    }
    return vectors;
  }

  /** Blank text carries no meaning to embed: such items are stored without a vector, like items without text. */
  private static boolean embeddable(Item item, Embedder embedder) {
    return embedder != null && item.text() != null && !item.text().isBlank();
  }

  private void applyToKeywords(List<Item> upserts, List<String> deletions, long sequence) {
    KeywordIndex index = keyword;
    if (index == null || keywordFailure != null) {
      return;
    }
    try {
      // After a quarantine the fresh file's sequence restarts below the index's: the index keeps counting up.
      long applied = Math.max(sequence, index.appliedSequence());
      index.apply(upserts, deletions, applied);
    } catch (IOException | RuntimeException e) {
      // the vector file has the change; the keyword index catches up on the next open
      LOG.log(System.Logger.Level.WARNING, "keyword index lags behind {0}: {1}", path, e.getMessage());
    }
  }

  /** Deletes an item from both sides; false when no such item existed. */
  public boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    ensureOpen();
    synchronized (writeLock) {
      ensureOpen();
      VectorStore store = vectors;
      boolean existed = false;
      long sequence = -1;
      if (store != null) {
        existed = store.delete(id);
        sequence = store.sequence();
      }
      if (existed || vectorSide != VectorSide.READY) {
        applyToKeywords(List.of(), List.of(id), sequence);
      }
      return existed;
    }
  }

  /** The item stored under {@code id}. */
  public Optional<Item> get(String id) {
    ensureOpen();
    VectorStore store = vectors;
    return store == null ? Optional.empty() : store.get(id);
  }

  /** Live items in the vector file. */
  public int count() {
    ensureOpen();
    VectorStore store = vectors;
    return store == null ? 0 : store.count();
  }

  /** A hybrid search for the 10 best hits. */
  public SearchResult search(String text) {
    return search(SearchRequest.of(text));
  }

  /**
   * Searches one or both sides. When a requested side is unavailable the other answers and
   * {@link SearchResult#degradation()} says why.
   *
   * @throws QuiverException when every requested side failed
   */
  public SearchResult search(SearchRequest request) {
    ensureOpen();
    boolean hybrid = request.mode() == SearchMode.HYBRID;
    int window = hybrid ? Math.max(options.candidateWindow(), request.limit()) : request.limit();
    List<String> degradations = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<Candidate> vector = null;
    List<Candidate> keywords = null;
    if (request.mode() != SearchMode.KEYWORD) {
      VectorStore store = vectors; // one read: a rebuild may swap the field while this search runs
      String unavailable = vectorUnavailable(store);
      if (unavailable != null) {
        degradations.add(unavailable);
      } else {
        try {
          vector = searchVectors(store, request, window);
        } catch (RuntimeException e) {
          failures.add("vector side failed: " + e.getMessage());
        }
      }
    }
    if (request.mode() != SearchMode.VECTOR) {
      String unavailable = keywordUnavailable();
      if (unavailable != null) {
        degradations.add(unavailable);
      } else {
        try {
          keywords = toCandidates(keyword.search(request.text(), window, request.filter()));
        } catch (IOException | RuntimeException e) {
          failures.add("keyword side failed: " + e.getMessage());
        }
      }
    }
    if (vector == null && keywords == null && !failures.isEmpty()) {
      failures.addAll(degradations);
      throw new QuiverException(ErrorCode.IO, path, "search failed on every side of " + path + ": "
          + String.join("; ", failures));
    }
    degradations.addAll(failures);
    Set<Side> answered = EnumSet.noneOf(Side.class);
    if (vector != null) {
      answered.add(Side.VECTOR);
    }
    if (keywords != null) {
      answered.add(Side.KEYWORD);
    }
    List<Hit> hits = toHits(Fuser.fuse(vector, keywords, options.fusion(), request.limit()), request);
    return new SearchResult(hits, answered, degradations.isEmpty() ? null : String.join("; ", degradations));
  }

  private String vectorUnavailable(VectorStore store) {
    if (options.embedder() == null) {
      return "no embedder configured: keyword results only";
    }
    VectorSide side = vectorSide;
    if (side == VectorSide.REBUILDING) {
      return "vector side is rebuilding: keyword results only";
    }
    if (side == VectorSide.QUARANTINED || store == null) {
      return "vector file was damaged and quarantined to " + quarantinedTo
          + "; keyword results only until it is rebuilt from source";
    }
    if (store.count() == 0) {
      return "vector side is empty: keyword results only";
    }
    return null;
  }

  private String keywordUnavailable() {
    if (keyword == null && keywordFailure == null) {
      return "no keyword index configured: vector results only";
    }
    return keywordFailure == null ? null : keywordFailure + ": vector results only";
  }

  private List<Candidate> searchVectors(VectorStore store, SearchRequest request, int window) {
    float[] query = options.embedder().embed(List.of(request.text())).get(0);
    List<Candidate> out = new ArrayList<>();
    for (VectorHit hit : store.search(query, window, request.filter())) {
      out.add(new Candidate(hit.id(), hit.score()));
    }
    return out;
  }

  private static List<Candidate> toCandidates(List<KeywordIndex.ScoredId> scored) {
    List<Candidate> out = new ArrayList<>(scored.size());
    for (KeywordIndex.ScoredId s : scored) {
      out.add(new Candidate(s.id(), s.score()));
    }
    return out;
  }

  private List<Hit> toHits(List<Fused> fused, SearchRequest request) {
    VectorStore store = vectors;
    boolean fileIsTruth = store != null && vectorSide == VectorSide.READY;
    List<Hit> hits = new ArrayList<>(fused.size());
    for (Fused f : fused) {
      Optional<Item> item = store == null ? Optional.empty() : store.get(f.id());
      if (item.isEmpty() && fileIsTruth) {
        continue; // deleted from the file, not yet from the keyword index
      }
      if (item.isEmpty()) {
        item = keywordCopy(f.id());
      }
      hits.add(new Hit(f.id(), f.explanation().fusedScore(), item.map(Item::attributes).orElse(java.util.Map.of()),
          request.includeText() ? item.map(Item::text).orElse(null) : null, item.map(Item::timestamp).orElse(null),
          f.explanation()));
    }
    return hits;
  }

  /** The keyword index's copy of an item, for hits while the vector file cannot supply it. */
  private Optional<Item> keywordCopy(String id) {
    KeywordIndex index = keyword;
    if (index == null || keywordFailure != null) {
      return Optional.empty();
    }
    try {
      return index.get(id);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Replaces the store's content with {@code source}, the chat server's own records: re-embeds them into a
   * fresh file (with the same guards) while searches are answered by the keyword side, then swaps the file
   * in and rebuilds the keyword index from it. The source position commits with each batch; after a crash,
   * calling {@code rebuild} again with the same source, in the same order, resumes where it stopped.
   * Writes ({@link #index}, {@link #delete}) wait until the rebuild has finished; searches do not.
   *
   * @param expectedTotal the number of items {@code source} will yield, or -1 when unknown
   */
  public RebuildReport rebuild(Iterator<Item> source, long expectedTotal, RebuildListener listener) {
    if (options.embedder() == null) {
      throw new IllegalStateException("rebuilding " + path + " needs an embedder");
    }
    ensureOpen();
    synchronized (writeLock) {
      ensureOpen();
      long started = System.nanoTime();
      VectorSide before = vectorSide;
      vectorSide = VectorSide.REBUILDING;
      Path temporary = path.resolveSibling(path.getFileName() + "-rebuild");
      long done;
      try {
        done = fill(temporary, source, expectedTotal, listener, started);
      } catch (RuntimeException e) {
        vectorSide = before;
        throw e;
      }
      swapIn(temporary);
      long seconds = (System.nanoTime() - started) / 1_000_000_000L;
      return new RebuildReport(done, seconds);
    }
  }

  private long fill(Path temporary, Iterator<Item> source, long total, RebuildListener listener, long started) {
    try (VectorStore fresh = VectorStore.open(temporary, storeOptions)) {
      long resumeAt = fresh.watermark(REBUILD_CURSOR).map(Long::parseLong).orElse(0L);
      long done = 0;
      while (done < resumeAt && source.hasNext()) {
        source.next();
        done++;
      }
      List<Item> batch = new ArrayList<>(REBUILD_BATCH);
      long lastReport = 0;
      while (source.hasNext()) {
        batch.add(source.next());
        if (batch.size() == REBUILD_BATCH || !source.hasNext()) {
          done += batch.size();
          fresh.upsertAll(batch, embed(batch), REBUILD_CURSOR, Long.toString(done));
          batch.clear();
          long now = System.nanoTime();
          if (listener != null && (now - lastReport > 200_000_000L || !source.hasNext())) {
            double seconds = Math.max(1e-9, (now - started) / 1e9);
            listener.progress(done, total, (done - resumeAt) / seconds);
            lastReport = now;
          }
        }
      }
      return done;
    }
  }

  private void swapIn(Path temporary) {
    VectorStore old = vectors;
    vectors = null;
    if (old != null) {
      old.close();
    }
    try {
      for (String suffix : new String[] {"-wal", "-journal"}) {
        Files.deleteIfExists(path.resolveSibling(path.getFileName() + suffix));
      }
      Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.deleteIfExists(OwnerLock.ownerFile(temporary));
    } catch (IOException e) {
      throw new QuiverException(ErrorCode.IO, path, "cannot swap rebuilt file " + temporary + " into " + path
          + ": " + e, e);
    }
    vectors = VectorStore.open(path, storeOptions);
    vectorSide = VectorSide.READY;
    quarantinedTo = null;
    KeywordIndex index = keyword;
    if (index != null && keywordFailure == null) {
      try {
        index.clear();
      } catch (IOException e) {
        markKeywordFailed("cannot clear keyword index for the rebuild", e);
      }
      catchUpKeywords();
    }
  }

  /** Every stored item with its vector (null when it has none), in id order. */
  public void forEach(BiConsumer<Item, float[]> consumer) {
    ensureOpen();
    VectorStore store = vectors;
    if (store != null) {
      store.forEach(consumer);
    }
  }

  /** The state of both sides. */
  public Status status() {
    ensureOpen();
    VectorStore store = vectors;
    StoreInfo info = store == null ? null : store.info();
    String side = switch (vectorSide) {
      case READY -> info != null && info.items() == 0 ? "empty" : "ready";
      case REBUILDING -> "rebuilding";
      case QUARANTINED -> "quarantined";
    };
    int keywordItems = -1;
    long lag = 0;
    KeywordIndex index = keyword;
    if (index != null && keywordFailure == null) {
      try {
        keywordItems = index.count();
        lag = info == null ? 0 : Math.max(0, info.sequence() - index.appliedSequence());
      } catch (IOException e) {
        keywordItems = -1;
      }
    }
    return new Status(info, side, keywordItems, lag);
  }

  /** Checks both sides' integrity; an empty list means healthy. */
  public List<String> verify() {
    ensureOpen();
    List<String> problems = new ArrayList<>();
    VectorStore store = vectors;
    if (vectorSide == VectorSide.QUARANTINED) {
      problems.add("vector file was damaged and quarantined to " + quarantinedTo + "; rebuild from source");
    }
    if (store != null) {
      try {
        store.check().forEach(p -> problems.add("vector file " + path + ": " + p));
      } catch (QuiverException e) {
        problems.add(e.getMessage());
      }
    }
    if (keywordFailure != null) {
      problems.add(keywordFailure);
    } else if (keyword != null && store != null) {
      Status status = status();
      if (status.keywordLag() > 0) {
        problems.add(String.format(Locale.ROOT, "keyword index %s is %d changes behind %s", keywordDirectory(),
            status.keywordLag(), path));
      } else if (status.keywordItems() != store.count() && vectorSide == VectorSide.READY) {
        problems.add(String.format(Locale.ROOT, "keyword index %s holds %d items; %s holds %d",
            keywordDirectory(), status.keywordItems(), path, store.count()));
      }
    }
    return problems;
  }

  /** The path naming this store. */
  public Path path() {
    return path;
  }

  @Override
  public void close() {
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      closed = true;
      KeywordIndex index = keyword;
      if (index != null) {
        try {
          index.close();
        } catch (IOException e) {
          LOG.log(System.Logger.Level.WARNING, "closing keyword index of {0}: {1}", path, e.getMessage());
        }
      }
      VectorStore store = vectors;
      if (store != null) {
        store.close();
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("store " + path + " is closed");
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Called during a rebuild, at most about five times a second and once at the end. */
  @FunctionalInterface
  public interface RebuildListener {
    /** @param total the expected total, or -1 when unknown */
    void progress(long done, long total, double itemsPerSecond);
  }

  /** What a rebuild did: the items now in the store and how long it took. */
  public record RebuildReport(long items, long seconds) {}

  /**
   * @param vectors the vector file's state, or {@code null} when it is unavailable
   * @param vectorSide {@code ready}, {@code empty}, {@code rebuilding} or {@code quarantined}
   * @param keywordItems items in the keyword index, or -1 when there is none
   * @param keywordLag changes committed to the vector file and not yet applied to the keyword index
   */
  public record Status(StoreInfo vectors, String vectorSide, int keywordItems, long keywordLag) {}
}
