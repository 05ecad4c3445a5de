package dev.quiver;

import dev.quiver.internal.hybrid.Candidate;
import dev.quiver.internal.hybrid.Fused;
import dev.quiver.internal.hybrid.Fuser;
import dev.quiver.internal.memory.ArenaImage;
import dev.quiver.internal.storefile.OwnerLock;
import dev.quiver.internal.storefile.SidecarNames;
import dev.quiver.internal.storefile.Quarantine;
import dev.quiver.internal.storefile.StoreFile;
import dev.quiver.spi.Embedder;
import dev.quiver.spi.KeywordIndex;
import dev.quiver.StoreInfo;
import dev.quiver.internal.storefile.StoreOptions;
import dev.quiver.internal.store.VectorHit;
import dev.quiver.internal.store.VectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The retrieval store a chat server embeds: items go in with their text, questions come out as ranked hits.
 *
 * <p>A store named {@code data/chat.quiver} is a set of files beside each other: the SQLite vector file
 * {@code chat.quiver} (the record of truth, with its {@code -wal}), the owner lock {@code chat.quiver-owner},
 * the keyword index {@code chat.quiver-keyword/}, and, after damage, {@code chat.quiver-quarantine/}.
 *
 * <p>Each write commits to the vector file first, with its change sequence, then to the keyword index, which
 * records the last sequence it applied, then publishes both as one read state. A search reads one such
 * state from start to end, so its hits satisfy its filter and come from one committed change, and it never
 * blocks on writes. When one side is damaged, rebuilding, lagging or missing, searches are answered by the
 * other and the result says so; an exception comes only for bad input or when both sides fail.
 *
 * <p>Reads never move or delete a file. A damaged vector file stays where it is until a write, {@link
 * #repair()} or {@link #clear()} quarantines it; a keyword index is derived data and is rebuilt from the
 * vector file whenever it cannot be read. A keyword index ahead of the vector file is taken as evidence that
 * the file lost commits (a damaged WAL tail, or power loss under {@code synchronous=NORMAL}): what the file
 * lost is restored from the keyword index's stored copy, re-embedded, never deleted.
 */
public final class Quiver implements RetrievalStore {
  private static final System.Logger LOG = System.getLogger(Quiver.class.getName());
  private static final int REBUILD_BATCH = 64;
  private static final String QUARANTINED_FROM = "quarantined.from";

  private final Path path;
  private final QuiverOptions options;
  /** The vector file's settings; a model change replaces them, under writeLock. */
  private StoreOptions storeOptions;
  /** The model the vector file was built with, or null; a model change replaces it after the swap. */
  private volatile @Nullable Embedder embedder;
  private final Object writeLock = new Object();
  private final OwnerLock owner;
  private final KeywordSide keyword;
  private final AtomicBoolean healScheduled = new AtomicBoolean();
  /** Null when no listener is set: then no clock is read for them. */
  private final @Nullable Listeners listeners;
  // Writer state: changed only under writeLock; readers use the published ReadState instead.
  private VectorStore vectors;
  private VectorSideState vectorState = VectorSideState.READY;
  private String vectorProblem;
  private volatile long lostCommits;
  private final List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
  private ExecutorService healer;
  private volatile ReadState published;
  private volatile boolean closed;
  /** Set when {@link #open} fails: closing then removes the owner file, if that open created it. */
  private boolean refused;

  private Quiver(Path path, QuiverOptions options, StoreOptions storeOptions, OwnerLock owner) {
    this.path = path;
    this.options = options;
    this.storeOptions = storeOptions;
    this.embedder = options.embedder();
    this.owner = owner;
    this.keyword = new KeywordSide(options.keywordIndex(), path);
    this.listeners = Listeners.of(path, options.listeners());
  }

  /**
   * Opens or creates the store named by {@code store} (for example {@code data/chat.quiver}): the SQLite
   * vector file at that path, the keyword index in {@code chat.quiver-keyword/} beside it. A damaged vector
   * file is left in place and reported by {@link #status()}; searches then answer from keywords.
   *
   * @throws QuiverException FOREIGN, PRIMARY_DATABASE, LOCKED or VERSION when the file must not be used
   */
  public static Quiver open(Path store, QuiverOptions options) {
    Preconditions.requireArgument(store, "store path");
    Preconditions.requireArgument(options, "options");
    StoreOptions storeOptions = new StoreOptions(options.dimensions() == 0 ? StoreOptions.ADOPT
        : options.dimensions(), options.metric(), options.modelId(), options.primaryDatabase(), options.fullSync());
    Quiver quiver = new Quiver(store, options, storeOptions, StoreFile.claim(store, storeOptions));
    try {
      synchronized (quiver.writeLock) {
        quiver.openSides();
        quiver.publish();
      }
    } catch (RuntimeException e) {
      quiver.refused = true; // a refused open leaves no owner file it created
      quiver.close();
      throw e;
    }
    return quiver;
  }

  private void openSides() {
    // A keyword index with content means the store existed: its vector file must not be created anew.
    boolean existed = keyword.directoryHasContent();
    openVectorFile(!existed);
    keyword.open(vectorState == VectorSideState.READY);
    KeywordIndex index = keyword.index();
    if (vectorState == VectorSideState.DAMAGED && vectors == null && existed && index != null
        && holdsNothing(index)) {
      openVectorFile(true); // the index was empty after all: a new store
    }
    if (vectorState == VectorSideState.READY && keyword.state() == KeywordSideState.READY) {
      reconcile();
    } else if (vectorState == VectorSideState.QUARANTINED && vectors != null) {
      keyword.bringUpToDate(vectors); // the fresh file counts on from the index: nothing is ever restored here
    }
  }

  private static boolean holdsNothing(KeywordIndex index) {
    try {
      return index.appliedSequence() == 0 && index.count() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private void openVectorFile(boolean create) {
    try {
      vectors = configured(VectorStore.openClaimed(path, storeOptions, owner, create));
      Optional<String> quarantined = vectors.watermark(QUARANTINED_FROM);
      vectorState = quarantined.isPresent() ? VectorSideState.QUARANTINED : VectorSideState.READY;
      vectorProblem = quarantined.map(to -> "vector file was damaged and moved to " + to).orElse(null);
    } catch (QuiverException e) {
      if (e.code() != ErrorCode.CORRUPT) {
        throw e;
      }
      vectors = null;
      markDamaged(e);
    }
  }

  private VectorStore configured(VectorStore store) {
    store.searchWith(options.searchParallelism(), options.searchExecutor());
    return store;
  }

  private void markDamaged(QuiverException cause) {
    vectorState = VectorSideState.DAMAGED;
    vectorProblem = cause.getMessage();
    LOG.log(System.Logger.Level.ERROR, "vector file {0} is damaged ({1}). Searches answer from keywords; the "
        + "next write, repair() or clear() moves it to the quarantine directory", path, cause.getMessage());
  }

  /** Replays what the keyword index missed, or restores what the vector file lost. */
  private void reconcile() {
    keyword.bind(vectors);
    long applied;
    try {
      applied = keyword.index().appliedSequence();
    } catch (IOException e) {
      keyword.bringUpToDate(vectors);
      return;
    }
    if (applied <= vectors.sequence()) {
      keyword.bringUpToDate(vectors);
      return;
    }
    try {
      restoreLostCommits(applied);
      keyword.bringUpToDate(vectors); // a restore with more changes than were lost moves the file ahead
    } catch (QuiverException e) {
      if (e.code() != ErrorCode.CORRUPT) {
        throw e;
      }
      closeDamagedVectorFile(e);
    }
  }

  /**
   * The keyword index applied changes the vector file does not have: the file lost its last commits. The
   * index holds the true state, so the file is made equal to it (re-embedding what changed) and its sequence
   * moved up to the index's. Without an embedder nothing is changed and the loss is reported.
   */
  private void restoreLostCommits(long applied) {
    long fileSequence = vectors.sequence();
    LOG.log(System.Logger.Level.WARNING, "vector file {0} is at change {1} but its keyword index applied {2}: "
        + "the file lost commits", path, fileSequence, applied);
    lostCommits = applied - fileSequence;
    if (embedder == null) {
      return;
    }
    LostCommits.Difference difference;
    try {
      difference = LostCommits.compare(vectors, keyword.index());
      for (int from = 0; from < difference.changed().size(); from += REBUILD_BATCH) {
        List<Item> batch = difference.changed().subList(from,
            Math.min(from + REBUILD_BATCH, difference.changed().size()));
        vectors.upsertAll(batch, embed(batch, embedder));
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof QuiverException q && q.code() == ErrorCode.CORRUPT) {
        throw q;
      }
      // restoring is idempotent: the next open compares again and finishes it
      LOG.log(System.Logger.Level.ERROR, "restoring the lost commits of " + path + " failed", e);
      return;
    }
    vectors.deleteAll(difference.removed());
    vectors.advanceSequence(applied);
    lostCommits = 0;
    String notice = String.format(Locale.ROOT, "vector file had lost changes %d to %d; restored %d items and "
        + "%d deletions from the keyword index", fileSequence + 1, applied, difference.changed().size(),
        difference.removed().size());
    notices.add(notice);
    LOG.log(System.Logger.Level.WARNING, "{0}: {1}", path, notice);
  }

  /** Embeds and writes one item to both sides. */
  @Override
  public void index(Item item) {
    index(List.of(Preconditions.requireItem(item)));
  }

  /**
   * Embeds and writes items to both sides; the vector file commits them in one transaction. Items without
   * text, or with blank text, are stored without a vector. When this returns, the items are durable in the
   * vector file; a write that cannot reach it fails.
   */
  @Override
  public void index(List<Item> items) {
    Preconditions.requireItems(items);
    ensureOpen();
    if (items.isEmpty()) {
      return;
    }
    long started = listeners == null ? 0 : System.nanoTime();
    Embedder used = embedder;
    List<float[]> embedded = embed(items, used);
    synchronized (writeLock) {
      // a model change swapped its file in meanwhile: these vectors are the old model's
      write(items, embedder == used ? embedded : embed(items, embedder));
    }
    wrote(QuiverEvent.Write.Kind.INDEX, items.size(), started);
  }

  /**
   * Writes one item with the caller's own vector, embedded with the store's model, to both sides; no
   * embedder is used. {@code vector} may be null for an item without one.
   */
  public void index(Item item, float[] vector) {
    index(List.of(Preconditions.requireItem(item)), java.util.Collections.singletonList(vector));
  }

  /**
   * Writes items with the caller's own vectors ({@code vectors.get(i)} belongs to {@code items.get(i)}, and may
   * be null) in one transaction, as {@link #index(List)} does; no embedder is used. Every vector is checked
   * against the store's dimensions before anything is written.
   */
  public void index(List<Item> items, List<float[]> vectors) {
    Preconditions.requireItems(items);
    Preconditions.requireArgument(vectors, "vectors");
    if (items.size() != vectors.size()) {
      throw new IllegalArgumentException("got " + items.size() + " items and " + vectors.size()
          + " vectors; expected one vector (or null) per item");
    }
    ensureOpen();
    if (!items.isEmpty()) {
      long started = listeners == null ? 0 : System.nanoTime();
      write(items, new ArrayList<>(vectors));
      wrote(QuiverEvent.Write.Kind.INDEX, items.size(), started);
    }
  }

  private void wrote(QuiverEvent.Write.Kind kind, int items, long started) {
    if (listeners != null) {
      listeners.wrote(kind, items, System.nanoTime() - started);
    }
  }

  private void write(List<Item> items, List<float[]> embedded) {
    synchronized (writeLock) {
      ensureOpen();
      long sequence = writeVectors(store -> store.upsertAll(items, embedded));
      keyword.apply(items, List.of(), sequence, vectors);
      publish();
    }
  }

  /**
   * Deletes every item matching {@code filter} from both sides, in one transaction; returns how many there
   * were. {@code Filter.all()} deletes everything, like {@link #clear()} but as ordinary deletions.
   */
  public int deleteAll(Filter filter) {
    Preconditions.requireArgument(filter, "filter");
    ensureOpen();
    long started = listeners == null ? 0 : System.nanoTime();
    int deleted = deleteMatching(filter);
    wrote(QuiverEvent.Write.Kind.DELETE, deleted, started);
    return deleted;
  }

  private int deleteMatching(Filter filter) {
    synchronized (writeLock) {
      ensureOpen();
      if (vectors == null || vectorState != VectorSideState.READY) {
        throw new QuiverException(ErrorCode.CORRUPT, path, "vector file " + path + " is "
            + vectorState.name().toLowerCase(Locale.ROOT) + "; which items match cannot be known until it is "
            + "rebuilt from source");
      }
      List<String> ids = vectors.view().matching(filter);
      if (ids.isEmpty()) {
        return 0;
      }
      long sequence = writeVectors(store -> {
        store.deleteAll(ids);
        return store.sequence();
      });
      keyword.apply(List.of(), ids, sequence, vectors);
      publish();
      return ids.size();
    }
  }

  /**
   * Deletes the items of {@code ids} from both sides, in one transaction; returns how many of them existed.
   * Ids not stored and repeated ids are skipped; a null or invalid id refuses the whole call.
   */
  public int deleteAll(Collection<String> ids) {
    List<String> distinct = List.copyOf(new LinkedHashSet<>(Preconditions.requireIds(ids)));
    ensureOpen();
    if (distinct.isEmpty()) {
      return 0;
    }
    long started = listeners == null ? 0 : System.nanoTime();
    int deleted = deleteDistinct(distinct);
    wrote(QuiverEvent.Write.Kind.DELETE, deleted, started);
    return deleted;
  }

  private int deleteDistinct(List<String> distinct) {
    synchronized (writeLock) {
      ensureOpen();
      if (vectorState != VectorSideState.READY) {
        // which ids exist is known item by item from the keyword side: the path delete(id) takes
        int existed = 0;
        for (String id : distinct) {
          existed += deleteOne(id) ? 1 : 0;
        }
        return existed;
      }
      int[] deleted = {0};
      long sequence = writeVectors(store -> {
        deleted[0] = store.deleteAll(distinct);
        return store.sequence();
      });
      if (deleted[0] > 0) {
        keyword.apply(List.of(), distinct, sequence, vectors);
      }
      publish();
      return deleted[0];
    }
  }

  /** Deletes an item from both sides; false when no such item existed. */
  @Override
  public boolean delete(String id) {
    Preconditions.requireId(id);
    ensureOpen();
    long started = listeners == null ? 0 : System.nanoTime();
    boolean existed = deleteOne(id);
    wrote(QuiverEvent.Write.Kind.DELETE, existed ? 1 : 0, started);
    return existed;
  }

  private boolean deleteOne(String id) {
    synchronized (writeLock) {
      ensureOpen();
      boolean inKeywords = vectorState != VectorSideState.READY && keywordHolds(id);
      int[] deleted = {0};
      long sequence = writeVectors(store -> {
        deleted[0] = store.deleteAll(List.of(id));
        return store.sequence();
      });
      boolean existed = deleted[0] == 1 || inKeywords;
      if (existed) {
        keyword.apply(List.of(), List.of(id), sequence, vectors);
      }
      publish();
      return existed;
    }
  }

  private boolean keywordHolds(String id) {
    KeywordIndex index = keyword.index();
    try {
      return index != null && index.get(id).isPresent();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @FunctionalInterface
  private interface VectorWrite {
    long apply(VectorStore store);
  }

  /**
   * Runs a write on the vector file; returns its sequence. A damaged file is quarantined first, and a write
   * that meets damage quarantines the file and is retried once on the fresh one: it returns only when the
   * record of truth holds it.
   */
  private long writeVectors(VectorWrite write) {
    if (vectorState == VectorSideState.DAMAGED) {
      quarantine();
    }
    if (vectors == null) {
      throw new QuiverException(ErrorCode.CORRUPT, path, "vector file " + path + " is damaged and no new file "
          + "can be created (no embedder gives its dimensions); nothing was written. " + vectorProblem);
    }
    try {
      return write.apply(vectors);
    } catch (QuiverException e) {
      if (e.code() != ErrorCode.CORRUPT) {
        throw e;
      }
      closeDamagedVectorFile(e);
      quarantine();
      return write.apply(vectors);
    }
  }

  private void closeDamagedVectorFile(QuiverException cause) {
    if (vectors != null) {
      vectors.close();
      vectors = null;
    }
    markDamaged(cause);
  }

  /**
   * Moves the damaged file set aside and starts a fresh file, so writes keep a record of truth. Its change
   * sequence starts where the keyword index is, so both sides keep counting together.
   */
  private void quarantine() {
    if (vectors != null) {
      vectors.close();
      vectors = null;
    }
    boolean present = Files.exists(path);
    // named beside the store, so the mark stays short however deep the store lives
    String damage = vectorProblem;
    Path moved = present ? Quarantine.move(path) : null;
    String movedTo = moved != null ? path.toAbsolutePath().getParent().relativize(moved.toAbsolutePath())
        .toString() : "(nowhere: the file was missing)";
    LOG.log(System.Logger.Level.ERROR, "vector file {0} was damaged; moved to {1}. Searches answer from "
        + "keywords until the store is rebuilt from source", path, movedTo);
    vectorState = VectorSideState.QUARANTINED;
    vectorProblem = "vector file was damaged and moved to " + movedTo;
    if (listeners != null) {
      listeners.quarantined(moved, damage == null ? vectorProblem : damage);
    }
    if (storeOptions.dimensions() == StoreOptions.ADOPT) {
      return; // without an embedder the dimensions of a fresh file are unknown
    }
    vectors = configured(VectorStore.openClaimed(path, storeOptions, owner, true));
    vectors.putWatermark(QUARANTINED_FROM, movedTo);
    keyword.rebind(vectors);
    try {
      KeywordIndex index = keyword.index();
      if (index != null) {
        vectors.advanceSequence(index.appliedSequence());
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "keyword index of {0} is unreadable: {1}", path, e.getMessage());
    }
  }

  /**
   * Quarantines a damaged vector file now, without waiting for a write: the explicit way to move it. A file
   * that opened cleanly is checked whole first ({@code integrity_check} and every row's checksum), so damage
   * that only {@link #verify()} would find is repaired too.
   *
   * @return where the damaged files were moved, or empty when the vector file is not damaged
   */
  public Optional<Path> repair() {
    ensureOpen();
    synchronized (writeLock) {
      ensureOpen();
      if (vectorState == VectorSideState.READY && vectors != null) {
        QuiverException damage = null;
        try {
          List<String> problems = vectors.check();
          if (!problems.isEmpty()) {
            damage = new QuiverException(ErrorCode.CORRUPT, path, "vector file " + path + " failed its check: "
                + String.join("; ", problems));
          }
        } catch (QuiverException e) {
          if (e.code() != ErrorCode.CORRUPT) {
            throw e;
          }
          damage = e;
        }
        if (damage != null) {
          closeDamagedVectorFile(damage);
        }
      }
      if (vectorState != VectorSideState.DAMAGED) {
        return Optional.empty();
      }
      quarantine();
      publish();
      return Optional.of(Quarantine.directory(path));
    }
  }

  /** The item stored under {@code id}: from the vector file, or from the keyword index while that is not ready. */
  @Override
  public Optional<Item> get(String id) {
    Preconditions.requireId(id);
    ReadState state = retain();
    try {
      if (state.vectors != null) {
        return state.vectors.get(id);
      }
      return state.keywords == null ? Optional.empty() : state.keywords.get(id);
    } catch (IOException e) {
      return Optional.empty();
    } finally {
      state.release();
    }
  }

  /**
   * The vector stored for {@code id}: as given under {@link Metric#DOT} and {@link Metric#L2}; under
   * {@link Metric#COSINE} as given when it was of unit length (within 2^-20, as a normalising model's vectors
   * are), otherwise scaled to unit length. Empty when there is no such item, it has no vector, or the vector
   * side is not ready (rebuilding, damaged, quarantined).
   */
  public Optional<float[]> vector(String id) {
    Preconditions.requireId(id);
    ReadState state = retain();
    try {
      return state.vectors == null ? Optional.empty() : state.vectors.vector(id);
    } finally {
      state.release();
    }
  }

  /** Live items: in the vector file, or in the keyword index while the vector side is not ready. */
  @Override
  public int count() {
    ReadState state = retain();
    try {
      if (state.vectors != null) {
        return state.vectors.count();
      }
      return state.keywords == null ? 0 : state.keywords.count();
    } finally {
      state.release();
    }
  }

  /** A hybrid search for the 10 best hits. */
  @Override
  public SearchResult search(String text) {
    return search(SearchRequest.of(text));
  }

  /**
   * Searches one or both sides. When a requested side is unavailable the other answers and
   * {@link SearchResult#degradations()} says why. Every hit satisfies the request's filter and is taken from
   * the committed state that ranked it.
   *
   * @throws IllegalArgumentException for a request either side refuses
   * @throws QuiverException when every requested side failed
   */
  @Override
  public SearchResult search(SearchRequest request) {
    Preconditions.requireArgument(request, "search request");
    long started = listeners == null ? 0 : System.nanoTime();
    // each side's time in nanoseconds, -1 while it did not run; null when nobody listens
    long[] sides = listeners == null ? null : new long[] {-1, -1};
    SearchResult result;
    ReadState state = retain();
    try {
      result = search(request, state, sides);
    } finally {
      state.release();
    }
    if (listeners != null) {
      listeners.searched(request.mode(), System.nanoTime() - started, sides[0], sides[1], result);
    }
    return result;
  }

  private SearchResult search(SearchRequest request, ReadState state, long @Nullable [] sides) {
    boolean hybrid = request.mode() == SearchMode.HYBRID;
    int window = hybrid ? Math.max(options.candidateWindow(), request.limit()) : request.limit();
    List<Degradation> degradations = new ArrayList<>();
    List<Degradation> failures = new ArrayList<>();
    List<VectorHit> vectorHits = null;
    List<KeywordIndex.ScoredId> keywordHits = null;
    if (request.mode() != SearchMode.KEYWORD) {
      Degradation unavailable = vectorUnavailable(state, request);
      if (unavailable != null) {
        degradations.add(unavailable);
      } else {
        try {
          float[] query = request.hasQueryVector() ? request.queryVectorUnsafe()
              : embedQuery(state.embedder, request.text());
          long scan = sides == null ? 0 : System.nanoTime();
          try {
            vectorHits = atLeast(state.vectors.search(query, window, request.filter()), request.minVectorScore());
          } finally {
            if (sides != null) {
              sides[0] = System.nanoTime() - scan;
            }
          }
        } catch (IllegalArgumentException e) {
          throw e;
        } catch (RuntimeException e) {
          failures.add(new Degradation(Side.VECTOR, Degradation.Reason.FAILED, e.getMessage()));
        }
      }
    }
    if (request.mode() != SearchMode.VECTOR && request.text() != null) {
      Degradation unavailable = keywordUnavailable(state);
      if (unavailable != null) {
        degradations.add(unavailable);
      } else {
        long scan = sides == null ? 0 : System.nanoTime();
        try {
          keywordHits = state.keywords.search(request.text(), window, request.filter());
        } catch (IllegalArgumentException e) {
          throw e;
        } catch (IOException | RuntimeException e) {
          failures.add(new Degradation(Side.KEYWORD, Degradation.Reason.FAILED, e.getMessage()));
          healKeywordsLater(e);
        } finally {
          if (sides != null) {
            sides[1] = System.nanoTime() - scan;
          }
        }
      }
    }
    if (vectorHits == null && keywordHits == null && !failures.isEmpty()) {
      failures.addAll(degradations);
      throw new QuiverException(ErrorCode.IO, path, "search failed on every side of " + path + ": " + failures);
    }
    degradations.addAll(failures);
    if (lostCommits > 0) {
      degradations.add(new Degradation(Side.VECTOR, Degradation.Reason.LOST_COMMITS, lostCommitsProblem()));
    }
    Set<Side> answered = EnumSet.noneOf(Side.class);
    if (vectorHits != null) {
      answered.add(Side.VECTOR);
    }
    if (keywordHits != null) {
      answered.add(Side.KEYWORD);
    }
    List<Fused> fused = Fuser.fuse(toCandidates(vectorHits), toKeywordCandidates(keywordHits),
        request.fusion() != null ? request.fusion() : options.fusion(),
        window, request.limit());
    List<Hit> hits = toHits(fused, vectorHits, state, request, degradations);
    return new SearchResult(hits, answered, degradations);
  }

  /** The hits that reach {@code min}; they come best first, so the rest is a tail. */
  private static List<VectorHit> atLeast(List<VectorHit> hits, double min) {
    int keep = 0;
    while (keep < hits.size() && hits.get(keep).score() >= min) {
      keep++;
    }
    return keep == hits.size() ? hits : hits.subList(0, keep);
  }

  private Degradation vectorUnavailable(ReadState state, SearchRequest request) {
    if (state.embedder == null && !request.hasQueryVector()) {
      return new Degradation(Side.VECTOR, Degradation.Reason.NOT_CONFIGURED, "no embedder is configured and the "
          + "request has no query vector: keyword results only");
    }
    switch (state.vectorState) {
      case REBUILDING:
        return new Degradation(Side.VECTOR, Degradation.Reason.REBUILDING, "the vector file is being rebuilt "
            + "from source: keyword results only");
      case DAMAGED:
        return new Degradation(Side.VECTOR, Degradation.Reason.DAMAGED, "vector file is damaged ("
            + state.vectorProblem + "): keyword results only until it is repaired and rebuilt from source");
      case QUARANTINED:
        return new Degradation(Side.VECTOR, Degradation.Reason.QUARANTINED, state.vectorProblem
            + "; keyword results only until it is rebuilt from source");
      default:
        break;
    }
    if (state.vectors == null) {
      return new Degradation(Side.VECTOR, Degradation.Reason.UNAVAILABLE, "the vector file is not open");
    }
    return state.vectors.count() == 0
        ? new Degradation(Side.VECTOR, Degradation.Reason.EMPTY, "vector side is empty: keyword results only")
        : null;
  }

  private static Degradation keywordUnavailable(ReadState state) {
    switch (state.keywordState) {
      case NONE:
        return new Degradation(Side.KEYWORD, Degradation.Reason.NOT_CONFIGURED, "no keyword index is "
            + "configured: vector results only");
      case READY:
        return state.keywords == null ? new Degradation(Side.KEYWORD, Degradation.Reason.UNAVAILABLE,
            "keyword index cannot be read: vector results only") : null;
      case LAGGING:
        return new Degradation(Side.KEYWORD, Degradation.Reason.LAGGING, state.keywordProblem
            + ": vector results only");
      case HEALING:
        return new Degradation(Side.KEYWORD, Degradation.Reason.HEALING, state.keywordProblem
            + ": vector results only");
      default:
        return new Degradation(Side.KEYWORD, Degradation.Reason.UNAVAILABLE, state.keywordProblem
            + ": vector results only");
    }
  }

  private static List<Candidate> toCandidates(List<VectorHit> hits) {
    if (hits == null) {
      return null;
    }
    List<Candidate> out = new ArrayList<>(hits.size());
    for (VectorHit hit : hits) {
      out.add(new Candidate(hit.id(), hit.score()));
    }
    return out;
  }

  private static List<Candidate> toKeywordCandidates(List<KeywordIndex.ScoredId> scored) {
    if (scored == null) {
      return null;
    }
    List<Candidate> out = new ArrayList<>(scored.size());
    for (KeywordIndex.ScoredId s : scored) {
      out.add(new Candidate(s.id(), s.score()));
    }
    return out;
  }

  /** Hits carry the items as the state that ranked them holds them: a vector hit's own, or the keyword copy. */
  private List<Hit> toHits(List<Fused> fused, List<VectorHit> vectorHits, ReadState state, SearchRequest request,
      List<Degradation> degradations) {
    Map<String, Item> ranked = new HashMap<>();
    if (vectorHits != null) {
      for (VectorHit hit : vectorHits) {
        ranked.put(hit.id(), hit.item());
      }
    }
    Map<String, String> snippets = snippets(fused, state, request, degradations);
    List<Hit> hits = new ArrayList<>(fused.size());
    for (Fused f : fused) {
      Item item = ranked.get(f.id());
      if (item == null && state.keywords != null) {
        try {
          item = state.keywords.get(f.id()).orElse(null);
        } catch (IOException | RuntimeException e) {
          degradations.add(new Degradation(Side.KEYWORD, Degradation.Reason.FAILED, "keyword index could not "
              + "supply hit " + f.id() + ": " + e.getMessage()));
          healKeywordsLater(e);
        }
      }
      if (item == null) {
        continue;
      }
      hits.add(new Hit(f.id(), f.explanation().fusedScore(), item.attributes(),
          request.includeText() ? item.text() : null, item.timestamp(), f.explanation(), snippets.get(f.id())));
    }
    return hits;
  }

  /** The keyword side's snippets of the returned hits it found, from the reader that ranked them. */
  private Map<String, String> snippets(List<Fused> fused, ReadState state, SearchRequest request,
      List<Degradation> degradations) {
    if (!request.snippets() || state.keywords == null || request.text() == null) {
      return Map.of();
    }
    List<String> ids = new ArrayList<>();
    for (Fused f : fused) {
      if (f.explanation().keywordRank() != null) {
        ids.add(f.id());
      }
    }
    if (ids.isEmpty()) {
      return Map.of();
    }
    try {
      return state.keywords.snippets(request.text(), ids);
    } catch (IOException | RuntimeException e) {
      // a snippet is decoration: the hits stand without it
      degradations.add(new Degradation(Side.KEYWORD, Degradation.Reason.FAILED, "keyword index could not "
          + "supply snippets: " + e.getMessage()));
      return Map.of();
    }
  }

  /**
   * Rebuilds a keyword index that failed during a search, on a thread of its own: the search has already
   * answered from vectors, and a rebuild can take long.
   */
  private void healKeywordsLater(Exception cause) {
    if (closed || !healScheduled.compareAndSet(false, true)) {
      return;
    }
    synchronized (healScheduled) {
      if (healer == null) {
        healer = Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "quiver-keyword-heal " + path.getFileName());
          t.setDaemon(true);
          return t;
        });
      }
      healer.execute(() -> {
        try {
          synchronized (writeLock) {
            if (!closed && vectors != null && vectorState == VectorSideState.READY) {
              long started = listeners == null ? 0 : System.nanoTime();
              keyword.rebuildFrom(vectors, cause);
              publish();
              if (listeners != null && keyword.state() == KeywordSideState.READY) {
                listeners.rebuilt(Side.KEYWORD, vectors.count(), System.nanoTime() - started);
              }
            }
          }
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.ERROR, "healing the keyword index of " + path + " failed", e);
        } finally {
          healScheduled.set(false);
        }
      });
    }
  }

  /**
   * Replaces the store's content with {@code source}, the chat server's own records: re-embeds them into a
   * fresh file (with the same guards) while searches are answered by the keyword side, then swaps the file
   * in and rebuilds the keyword index from it. The fresh file commits batch by batch; after a crash or a
   * failed source, calling {@code rebuild} again resumes from it: items it already holds as the source gives
   * them are not embedded again, and the swapped-in file holds exactly what the new call's source gave, even
   * when that source changed in between.
   * Writes ({@link #index}, {@link #delete}) wait until the rebuild has finished; searches do not.
   *
   * @param expectedTotal the number of items {@code source} will yield, or -1 when unknown
   */
  public RebuildReport rebuild(Iterator<Item> source, long expectedTotal, @Nullable RebuildListener listener) {
    Preconditions.requireArgument(source, "rebuild source");
    if (embedder == null) {
      throw new IllegalStateException("rebuilding " + path + " needs an embedder");
    }
    return rebuilt(replace(source, expectedTotal, listener, null));
  }

  /**
   * Moves the store to another model: re-embeds {@code source} with {@code model} into a fresh file that
   * records {@code model}'s id and dimensions, as {@link #rebuild} does, and swaps it in only when it is
   * whole. Until then the old file is untouched and searches are answered by the keyword side; afterwards
   * this store embeds with {@code model}, and opening the store with the old model is refused
   * ({@link ErrorCode#MODEL_MISMATCH}). The store may have been opened with any embedder or none. An
   * interrupted change resumes when called again with the same model.
   *
   * @param expectedTotal the number of items {@code source} will yield, or -1 when unknown
   * @throws QuiverException MODEL_MISMATCH when an interrupted rebuild left a {@code -rebuild} file of another
   *     model; the store is unchanged
   */
  public RebuildReport changeModel(Embedder model, Iterator<Item> source, long expectedTotal,
      @Nullable RebuildListener listener) {
    Preconditions.requireArgument(model, "model");
    Preconditions.requireArgument(source, "rebuild source");
    return rebuilt(replace(source, expectedTotal, listener, model));
  }

  /**
   * As {@link #changeModel(Embedder, Iterator, long, RebuildListener)}, with the store's own items as the
   * source: every item's text, attributes and timestamp are kept, and every text is embedded anew. Items
   * without text keep no vector, since a vector of the old model means nothing to the new one.
   *
   * @throws QuiverException CORRUPT while the vector file is damaged or quarantined, since it does not hold
   *     every item; the caller's own records are the source then
   */
  public RebuildReport changeModel(Embedder model, @Nullable RebuildListener listener) {
    Preconditions.requireArgument(model, "model");
    return rebuilt(replace(null, -1, listener, model));
  }

  private RebuildReport rebuilt(RebuildReport report) {
    if (listeners != null) {
      listeners.rebuilt(Side.VECTOR, report.items(), report.elapsed().toNanos());
    }
    return report;
  }

  /**
   * Deliberately empties the store, both sides: the explicit reset. A damaged vector file is quarantined
   * first, never deleted.
   */
  public void clear() {
    replace(java.util.Collections.emptyIterator(), 0, null, null);
  }

  /**
   * Replaces the vector file with one filled from {@code source} (null: from the file's own items) and
   * embedded by {@code model} (null: the store's model, kept).
   */
  private RebuildReport replace(@Nullable Iterator<Item> source, long expectedTotal,
      @Nullable RebuildListener listener, @Nullable Embedder model) {
    ensureOpen();
    synchronized (writeLock) {
      ensureOpen();
      long started = System.nanoTime();
      if (source == null && (vectorState == VectorSideState.DAMAGED || vectorState == VectorSideState.QUARANTINED
          || vectors == null)) {
        throw new QuiverException(ErrorCode.CORRUPT, path, "cannot re-embed " + path + " from its own items: its "
            + "vector file is " + vectorState.name().toLowerCase(Locale.ROOT) + " (" + vectorProblem + ") and "
            + "does not hold every item; rebuild from your own records instead. Nothing was changed");
      }
      if (vectorState == VectorSideState.DAMAGED) {
        quarantine();
      }
      Embedder filling = model != null ? model : embedder;
      StoreOptions target = model == null ? storeOptions : new StoreOptions(model.dimensions(),
          vectors != null ? vectors.metric() : storeOptions.metric(), model.modelId(),
          storeOptions.primaryDatabase(), storeOptions.fullSync());
      Iterator<Item> items = source != null ? source : new StoredItems(vectors);
      long total = source != null ? expectedTotal : vectors.count();
      VectorSideState before = vectorState;
      vectorState = VectorSideState.REBUILDING;
      publish();
      Path temporary = path.resolveSibling(path.getFileName() + "-rebuild");
      long done;
      try {
        done = fill(temporary, target, filling, items, total, listener, started);
        emptyKeywordsBeforeSwap(temporary);
      } catch (RuntimeException e) {
        vectorState = before;
        publish();
        throw e;
      }
      swapIn(temporary, model == null ? storeOptions : target);
      embedder = filling;
      publish();
      return new RebuildReport(done, java.time.Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /**
   * Fills the {@code -rebuild} file from {@code source}. A file left there by an interrupted rebuild holds what
   * that rebuild's source gave, which need not be this one (records changed since, or {@link #clear()}): a
   * source item it already holds exactly as given is kept without embedding it again, every other item is
   * written, and what this source never gives is deleted at the end, so the file holds this source whole.
   */
  private long fill(Path temporary, StoreOptions target, Embedder model, Iterator<Item> source, long total,
      RebuildListener listener, long started) {
    StoreOptions fillOptions = vectors != null && target.dimensions() == StoreOptions.ADOPT
        ? new StoreOptions(vectors.dimensions(), vectors.metric(), null, target.primaryDatabase(),
            target.fullSync())
        : target;
    try (VectorStore fresh = RebuildFile.open(temporary, fillOptions, path)) {
      Set<String> notGiven = new HashSet<>();
      if (fresh.count() > 0) {
        fresh.forEach((item, vector) -> notGiven.add(item.id()));
      }
      long done = 0;
      long kept = 0;
      List<Item> batch = new ArrayList<>(REBUILD_BATCH);
      Set<String> batched = new HashSet<>(); // a later copy of a batched id must follow it in
      long lastReport = 0;
      while (source.hasNext()) {
        Item item = Preconditions.requireArgument(source.next(), "item " + done + " of the source");
        done++;
        notGiven.remove(item.id());
        if (!batched.contains(item.id()) && fresh.get(item.id()).filter(item::equals).isPresent()) {
          kept++;
          continue;
        }
        batch.add(item);
        batched.add(item.id());
        if (batch.size() == REBUILD_BATCH) {
          fresh.upsertAll(batch, embed(batch, model));
          batch.clear();
          batched.clear();
          long now = System.nanoTime();
          if (listener != null && now - lastReport > 200_000_000L && source.hasNext()) {
            listener.progress(done, total, (done - kept) / Math.max(1e-9, (now - started) / 1e9));
            lastReport = now;
          }
        }
      }
      if (!batch.isEmpty()) {
        fresh.upsertAll(batch, embed(batch, model));
      }
      fresh.deleteAll(notGiven);
      if (listener != null) {
        listener.progress(done, total, (done - kept) / Math.max(1e-9, (System.nanoTime() - started) / 1e9));
      }
      return done;
    }
  }

  /**
   * The keyword index is emptied before the rebuilt file moves into place, never after: a crash in between
   * then leaves the old file beside an empty index, which the next open replays whole. Emptied after the move,
   * a crash left the rebuilt file beside the old index, whose sequence counts the old file's changes: read as
   * lost commits when higher (the old items "restored" into the rebuilt file), or replayed only in part when
   * lower. Searches meanwhile still read the published state's own keyword reader.
   */
  private void emptyKeywordsBeforeSwap(Path temporary) {
    if (!keyword.emptyBeforeSwap()) {
      throw new QuiverException(ErrorCode.IO, path, "cannot empty keyword index " + keyword.directory()
          + " before swapping the rebuilt file " + temporary + " in (" + keyword.problem() + "); " + path
          + " is unchanged, and calling rebuild again resumes from the rebuilt file");
    }
  }

  /**
   * The rebuilt file's arena image, written when its store closed, becomes the store's: it names the rebuilt
   * file's identity, so the store's old image (another identity) would only be ignored.
   */
  private static void moveArenaImage(Path temporary, Path path) throws IOException {
    Path image = temporary.resolveSibling(temporary.getFileName() + SidecarNames.ARENA_IMAGE);
    Path target = path.resolveSibling(path.getFileName() + SidecarNames.ARENA_IMAGE);
    if (!ArenaImage.replaceable(target)) {
      Files.deleteIfExists(image); // someone else's file at the image's name: the store opens from its rows
    } else if (Files.exists(image, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.move(image, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } else {
      Files.deleteIfExists(target);
    }
    Path cutShort = temporary.resolveSibling(temporary.getFileName() + SidecarNames.ARENA_IMAGE_TEMP);
    if (ArenaImage.replaceable(cutShort)) {
      Files.deleteIfExists(cutShort);
    }
  }

  /** Moves the filled file into place and opens it with {@code settled}, the settings it was built with. */
  private void swapIn(Path temporary, StoreOptions settled) {
    if (vectors != null) {
      vectors.close();
      vectors = null;
    }
    try {
      for (String suffix : new String[] {"-wal", "-journal"}) {
        Files.deleteIfExists(path.resolveSibling(path.getFileName() + suffix));
      }
      Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.deleteIfExists(OwnerLock.ownerFile(temporary));
      moveArenaImage(temporary, path);
    } catch (IOException e) {
      throw new QuiverException(ErrorCode.IO, path, "cannot swap rebuilt file " + temporary + " into " + path
          + ": " + e, e);
    }
    storeOptions = settled;
    vectors = configured(VectorStore.openClaimed(path, storeOptions, owner, false));
    vectorState = VectorSideState.READY;
    vectorProblem = null;
    lostCommits = 0;
    keyword.rebind(vectors); // the rebuilt file has an identity of its own
    keyword.bringUpToDate(vectors); // from the empty index: the whole rebuilt file
  }

  /**
   * Every stored item with its vector (null when it has none), in id order.
   *
   * @throws QuiverException CORRUPT while the vector file is damaged or quarantined: it does not hold every
   *     item, and a partial listing would look whole
   */
  public void forEach(BiConsumer<Item, float[]> consumer) {
    ensureOpen();
    synchronized (writeLock) {
      if (vectorState == VectorSideState.DAMAGED || vectorState == VectorSideState.QUARANTINED) {
        throw new QuiverException(ErrorCode.CORRUPT, path, "vector file " + path + " is "
            + vectorState.name().toLowerCase(Locale.ROOT) + " (" + vectorProblem + "); it does not hold every "
            + "item until it is rebuilt from source");
      }
      if (vectors != null) {
        vectors.forEach(consumer);
      }
    }
  }

  /** The state of both sides. Reads only, and never waits for a write or a rebuild. */
  public Status status() {
    ReadState state = retain();
    try {
      StoreInfo info = state.file == null ? null : state.file.info();
      VectorSideState side = state.vectorState == VectorSideState.READY && info != null && info.items() == 0
          ? VectorSideState.EMPTY : state.vectorState;
      int keywordItems = -1;
      long lag = 0;
      if (state.keywords != null) {
        keywordItems = state.keywords.count();
        lag = info == null ? 0 : Math.max(0, info.sequence() - state.keywords.sequence());
      }
      return new Status(info, side, state.vectorProblem, state.keywordState, state.keywordProblem, keywordItems,
          lag, lostCommits, List.copyOf(notices));
    } finally {
      state.release();
    }
  }

  /**
   * Checks both sides: the vector file's integrity (SQLite's {@code integrity_check}), and that the keyword
   * index holds exactly the vector file's items. An empty list means healthy. Reads only: nothing is moved
   * or repaired.
   */
  public List<Problem> verify() {
    ensureOpen();
    List<Problem> problems = new ArrayList<>();
    Status status = status();
    if (status.vectorSide() == VectorSideState.DAMAGED) {
      problems.add(new Problem(Side.VECTOR, Problem.Kind.DAMAGED, "vector file " + path + " is damaged: "
          + status.vectorProblem() + "; repair (moves it to the quarantine directory), then rebuild from source"));
    } else if (status.vectorSide() == VectorSideState.QUARANTINED) {
      problems.add(new Problem(Side.VECTOR, Problem.Kind.QUARANTINED, status.vectorProblem()
          + "; rebuild from source"));
    }
    if (status.lostCommits() > 0) {
      problems.add(new Problem(Side.VECTOR, Problem.Kind.LOST_COMMITS, lostCommitsProblem()));
    }
    synchronized (writeLock) {
      if (vectors != null) {
        try {
          vectors.check().forEach(p -> problems.add(new Problem(Side.VECTOR, Problem.Kind.INTEGRITY,
              "vector file " + path + ": " + p)));
        } catch (QuiverException e) {
          problems.add(new Problem(Side.VECTOR, Problem.Kind.INTEGRITY, e.getMessage()));
        }
      }
      KeywordSideState keywordSide = keyword.state();
      if (keywordSide != KeywordSideState.NONE && keywordSide != KeywordSideState.READY) {
        problems.add(new Problem(Side.KEYWORD, keywordSide == KeywordSideState.LAGGING ? Problem.Kind.LAGGING
            : Problem.Kind.UNAVAILABLE, "keyword index " + keyword.directory() + " is "
            + keywordSide.name().toLowerCase(Locale.ROOT) + ": " + keyword.problem()));
      } else if (keywordSide == KeywordSideState.READY && vectors != null
          && (status.vectorSide() == VectorSideState.READY || status.vectorSide() == VectorSideState.EMPTY)) {
        if (status.keywordLag() > 0) {
          problems.add(new Problem(Side.KEYWORD, Problem.Kind.LAGGING, String.format(Locale.ROOT,
              "keyword index %s is %d changes behind %s", keyword.directory(), status.keywordLag(), path)));
        }
        try {
          LostCommits.compare(vectors, keyword.index()).describe(path, keyword.directory())
              .forEach(d -> problems.add(new Problem(Side.KEYWORD, Problem.Kind.MISMATCH, d)));
        } catch (IOException | RuntimeException e) {
          problems.add(new Problem(Side.KEYWORD, Problem.Kind.UNAVAILABLE, "keyword index " + keyword.directory()
              + " cannot be read: " + e.getMessage()));
        }
      }
    }
    return problems;
  }

  private String lostCommitsProblem() {
    return "vector file " + path + " lost its last " + lostCommits + " commits, which the keyword index still "
        + "holds; open the store with its embedder to restore them";
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
      synchronized (healScheduled) {
        if (healer != null) {
          healer.shutdown();
        }
      }
      ReadState last = published;
      published = null;
      if (last != null) {
        last.release();
      }
      keyword.close();
      if (vectors != null) {
        vectors.close();
      }
      if (refused) {
        owner.releaseAndDelete();
      } else {
        owner.close();
      }
    }
  }

  /** Makes the current state of both sides what searches read; called under writeLock after each change. */
  private void publish() {
    ReadState next = new ReadState(vectorState, vectorProblem, vectors == null ? null : vectors.view(),
        embedder, keyword.state(), keyword.problem(), keyword.reader());
    ReadState old = published;
    published = next;
    if (old != null) {
      old.release();
    }
  }

  private ReadState retain() {
    while (true) {
      ensureOpen();
      ReadState state = published;
      if (state != null && state.retain()) {
        return state;
      }
    }
  }

  private List<float[]> embed(List<Item> items, Embedder embedder) {
    List<float[]> out = new ArrayList<>(items.size());
    List<String> texts = new ArrayList<>();
    for (Item item : items) {
      if (item == null) {
        throw new IllegalArgumentException("item " + out.size() + " of " + items.size() + " is null");
      }
      if (embeddable(item, embedder)) {
        texts.add(item.text());
      }
    }
    List<float[]> embedded = List.of();
    if (!texts.isEmpty()) {
      long started = listeners == null ? 0 : System.nanoTime();
      embedded = embedder.embedDocuments(texts);
      if (listeners != null) {
        listeners.embedded(QuiverEvent.Embed.Kind.DOCUMENTS, texts.size(), embedder.modelId(),
            System.nanoTime() - started);
      }
    }
    if (embedded.size() != texts.size()) {
      throw new IllegalStateException("embedder " + embedder.modelId() + " returned " + embedded.size()
          + " vectors for " + texts.size() + " texts");
    }
    Iterator<float[]> next = embedded.iterator();
    for (Item item : items) {
      out.add(embeddable(item, embedder) ? next.next() : null);
    }
    return out;
  }

  private float[] embedQuery(Embedder embedder, String text) {
    long started = listeners == null ? 0 : System.nanoTime();
    float[] query = embedder.embedQueries(List.of(text)).get(0);
    if (listeners != null) {
      listeners.embedded(QuiverEvent.Embed.Kind.QUERY, 1, embedder.modelId(), System.nanoTime() - started);
    }
    return query;
  }

  /** Blank text carries no meaning to embed: such items are stored without a vector, like items without text. */
  private static boolean embeddable(Item item, Embedder embedder) {
    return embedder != null && item.text() != null && !item.text().isBlank();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("store " + path + " is closed");
    }
  }

  /** Called during a rebuild, at most about five times a second and once at the end. */
  @FunctionalInterface
  public interface RebuildListener {
    /** @param total the expected total, or -1 when unknown */
    void progress(long done, long total, double itemsPerSecond);
  }

  /** What a rebuild did: the items now in the store and how long it took. */
  public record RebuildReport(long items, java.time.Duration elapsed) {}

  /** The state of both sides of a store, as {@link #status()} read it. Reads only; new fields may be added. */
  public static final class Status {
    private final StoreInfo vectors;
    private final VectorSideState vectorSide;
    private final String vectorProblem;
    private final KeywordSideState keywordSide;
    private final String keywordProblem;
    private final int keywordItems;
    private final long keywordLag;
    private final long lostCommits;
    private final List<String> notices;

    Status(StoreInfo vectors, VectorSideState vectorSide, String vectorProblem, KeywordSideState keywordSide,
        String keywordProblem, int keywordItems, long keywordLag, long lostCommits, List<String> notices) {
      this.vectors = vectors;
      this.vectorSide = vectorSide;
      this.vectorProblem = vectorProblem;
      this.keywordSide = keywordSide;
      this.keywordProblem = keywordProblem;
      this.keywordItems = keywordItems;
      this.keywordLag = keywordLag;
      this.lostCommits = lostCommits;
      this.notices = List.copyOf(notices);
    }

    /**
     * A status built by another backend of the same API (a server answering for the process that owns the
     * store), meaning what the embedded store's status means. Unset fields are those of a store with no
     * vector file and no keyword index.
     */
    public static Builder builder() {
      return new Builder();
    }

    /** Sets a {@link Status}'s fields one by one; {@link #build()} checks nothing beyond non-null states. */
    public static final class Builder {
      private @Nullable StoreInfo vectors;
      private VectorSideState vectorSide = VectorSideState.EMPTY;
      private @Nullable String vectorProblem;
      private KeywordSideState keywordSide = KeywordSideState.NONE;
      private @Nullable String keywordProblem;
      private int keywordItems = -1;
      private long keywordLag;
      private long lostCommits;
      private List<String> notices = List.of();

      private Builder() {}

      /** The vector file's state and what the vector side can do, with why it cannot ({@code null}: it can). */
      public Builder vectorSide(@Nullable StoreInfo info, VectorSideState side, @Nullable String problem) {
        this.vectors = info;
        this.vectorSide = Preconditions.requireArgument(side, "vector side state");
        this.vectorProblem = problem;
        return this;
      }

      /** What the keyword side can do, why it cannot, its items (-1: cannot answer) and its lag. */
      public Builder keywordSide(KeywordSideState side, @Nullable String problem, int items, long lag) {
        this.keywordSide = Preconditions.requireArgument(side, "keyword side state");
        this.keywordProblem = problem;
        this.keywordItems = items;
        this.keywordLag = lag;
        return this;
      }

      /** Commits the vector file lost that only the keyword index holds. */
      public Builder lostCommits(long count) {
        this.lostCommits = count;
        return this;
      }

      /** What was repaired automatically since the store was opened. */
      public Builder notices(List<String> list) {
        this.notices = List.copyOf(Preconditions.requireArgument(list, "notices"));
        return this;
      }

      public Status build() {
        return new Status(vectors, vectorSide, vectorProblem, keywordSide, keywordProblem, keywordItems,
            keywordLag, lostCommits, notices);
      }
    }

    /** The vector file's state, or {@code null} when no vector file is open. */
    public @Nullable StoreInfo vectors() {
      return vectors;
    }

    /** What the vector side can do. */
    public VectorSideState vectorSide() {
      return vectorSide;
    }

    /** Why the vector side is not ready, or {@code null}. */
    public @Nullable String vectorProblem() {
      return vectorProblem;
    }

    /** What the keyword side can do. */
    public KeywordSideState keywordSide() {
      return keywordSide;
    }

    /** Why the keyword side is not ready, or {@code null}. */
    public @Nullable String keywordProblem() {
      return keywordProblem;
    }

    /** Items in the keyword index, or -1 when it cannot answer. */
    public int keywordItems() {
      return keywordItems;
    }

    /** Changes committed to the vector file and not yet applied to the keyword index. */
    public long keywordLag() {
      return keywordLag;
    }

    /** Changes the keyword index holds that the vector file lost and could not restore (no embedder). */
    public long lostCommits() {
      return lostCommits;
    }

    /** What was repaired automatically since the store was opened, for example lost commits restored. */
    public List<String> notices() {
      return notices;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Status t && Objects.equals(vectors, t.vectors) && vectorSide == t.vectorSide
          && Objects.equals(vectorProblem, t.vectorProblem) && keywordSide == t.keywordSide
          && Objects.equals(keywordProblem, t.keywordProblem) && keywordItems == t.keywordItems
          && keywordLag == t.keywordLag && lostCommits == t.lostCommits && notices.equals(t.notices);
    }

    @Override
    public int hashCode() {
      return Objects.hash(vectors, vectorSide, vectorProblem, keywordSide, keywordProblem, keywordItems, keywordLag,
          lostCommits, notices);
    }

    @Override
    public String toString() {
      return "Status[vector " + vectorSide + (vectorProblem == null ? "" : " (" + vectorProblem + ")")
          + ", keyword " + keywordSide + (keywordProblem == null ? "" : " (" + keywordProblem + ")")
          + ", keywordItems=" + keywordItems + ", keywordLag=" + keywordLag + ", lostCommits=" + lostCommits
          + (notices.isEmpty() ? "" : ", notices=" + notices) + "]";
    }
  }
}
