package dev.quiver.internal.store;

import dev.quiver.internal.storefile.ChangeBatch;
import dev.quiver.internal.storefile.StoreOptions;
import dev.quiver.StoreInfo;
import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.Preconditions;
import dev.quiver.internal.kernel.VectorKernels;
import dev.quiver.internal.memory.Arena;
import dev.quiver.internal.memory.ItemRecord;
import dev.quiver.internal.memory.Snapshot;
import dev.quiver.internal.search.ExactScan;
import dev.quiver.internal.storefile.OwnerLock;
import dev.quiver.internal.storefile.StoreFile;
import dev.quiver.internal.storefile.StoredRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Exact vector search over items kept in a SQLite file of Quiver's own.
 *
 * <p>Writes are serialised: each commits to the file (data and change sequence in one transaction), then
 * publishes a new in-memory snapshot. Reads ({@link #search}, {@link #get}, {@link #count}) never lock and
 * never touch the file; they see the latest published snapshot, never half a write. A write that returned is
 * durable across a process crash.
 *
 * <p>Refused input ({@link IllegalArgumentException}) leaves the store exactly as it was. Storage failures are
 * {@link dev.quiver.QuiverException}s with an {@link dev.quiver.ErrorCode}.
 */
public final class VectorStore implements AutoCloseable {
  /** Threads that may share one large unfiltered scan: every core (the scan is memory-bound). */
  private static final int SEARCH_THREADS = Runtime.getRuntime().availableProcessors();
  /**
   * The longest vector accepted, under any metric: the dot product or squared distance of two such vectors
   * stays far below {@code Float.MAX_VALUE}, so no score overflows to infinity and every score can be ranked.
   */
  public static final double MAX_VECTOR_LENGTH = 1e18;
  /**
   * Under cosine, a vector whose length is within this of 1 is stored exactly as given rather than rescaled.
   * A model that normalises in float arithmetic leaves its vectors a few float ulps (2^-24) from unit length,
   * far inside 2^-20; rescaling them would change only their last bits, and a caller who reads a vector back
   * (LangChain4j's stores return the embedding they were given) would get another one. Their cosine scores
   * are then off by at most this relative amount.
   */
  static final double UNIT_TOLERANCE = 0x1p-20;

  /**
   * Dead slots (replaced or deleted items, with their text and vector) that make the writer move the live
   * items to a fresh arena once they also outnumber the live ones: a store that keeps rewriting its items,
   * as a chat server moving messages between rooms does, stays bounded in memory between opens.
   */
  static final int COMPACT_AT_DEAD = 4_096;

  private final StoreFile file;
  /** Live items from which {@link #close()} leaves an arena image for the next open (see {@link ArenaCache}). */
  private final int imageMinItems;
  /** The change sequence of the arena image beside the file, as this store last read or wrote it; -1: none. */
  private long imageSequence;
  /** Replaced whole when compacted; read it once per operation that needs a record and a snapshot. */
  private volatile Arena arena;
  private final Object writeLock = new Object();
  private volatile boolean closed;
  private volatile int searchThreads = SEARCH_THREADS;
  private volatile java.util.concurrent.Executor searchExecutor;

  private VectorStore(StoreFile file, Arena arena, int imageMinItems, long imageSequence) {
    this.file = file;
    this.arena = arena;
    this.imageMinItems = imageMinItems;
    this.imageSequence = imageSequence;
  }

  /**
   * Opens the store file at {@code path}, creating it when absent, and loads it into memory.
   *
   * @throws dev.quiver.QuiverException FOREIGN, PRIMARY_DATABASE, LOCKED, VERSION, CORRUPT or IO
   * @throws IllegalArgumentException when the file's dimensions, metric or model differ from {@code options}
   */
  public static VectorStore open(Path path, StoreOptions options) {
    return open(path, options, ArenaCache.DEFAULT_MIN_ITEMS);
  }

  /** As {@link #open(Path, StoreOptions)}, keeping an arena image from {@code imageMinItems} live items; for tests. */
  static VectorStore open(Path path, StoreOptions options, int imageMinItems) {
    OwnerLock owner = StoreFile.claim(path, options);
    ArenaCache.Pending image;
    try {
      image = ArenaCache.start(path);
    } catch (RuntimeException | Error e) {
      owner.releaseAndDelete();
      throw e;
    }
    StoreFile file;
    try {
      file = StoreFile.openOwning(path, options, owner);
    } catch (RuntimeException e) {
      image.cancel();
      throw e;
    }
    return load(file, imageMinItems, image);
  }

  /**
   * Opens {@code path} under an owner lock the caller holds ({@code StoreFile.claim}) and keeps: for the
   * {@link dev.quiver.Quiver} facade, which owns the store's lock across damage, quarantine and rebuild.
   *
   * @param create whether a missing or empty file may be created; when false it is CORRUPT
   */
  public static VectorStore openClaimed(Path path, StoreOptions options, OwnerLock owner, boolean create) {
    ArenaCache.Pending image = ArenaCache.start(path);
    StoreFile file;
    try {
      file = StoreFile.openClaimed(path, options, owner, create);
    } catch (RuntimeException e) {
      image.cancel();
      throw e;
    }
    return load(file, ArenaCache.DEFAULT_MIN_ITEMS, image);
  }

  /** Opens as if the file lived on a filesystem of type {@code filesystemType}; for tests of the journal choice. */
  static VectorStore open(Path path, StoreOptions options, String filesystemType) {
    StoreFile file = StoreFile.open(path, options, filesystemType);
    return load(file, ArenaCache.DEFAULT_MIN_ITEMS, ArenaCache.start(path));
  }

  /** The arena from the image beside the file when one is usable (see {@link ArenaCache}), else from the rows. */
  private static VectorStore load(StoreFile file, int imageMinItems, ArenaCache.Pending image) {
    try {
      ArenaCache.Restored restored = ArenaCache.load(file, image);
      Arena arena;
      long imageSequence = -1;
      if (restored != null) {
        arena = restored.arena();
        imageSequence = restored.imageSequence();
      } else {
        arena = new Arena(file.dimensions(), file.itemCount());
        Arena.Batch batch = arena.begin();
        file.forEachRow((StoredRow row) -> batch.upsert(row.item(), row.vector(), row.seq()));
        batch.publish(file.sequence());
      }
      return new VectorStore(file, arena, imageMinItems, imageSequence);
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /** Inserts or replaces one item; {@code vector} may be null for an item not embedded yet. */
  public void upsert(Item item, float[] vector) {
    upsertAll(List.of(Preconditions.requireItem(item)), java.util.Collections.singletonList(vector));
  }

  /**
   * Inserts or replaces items in one transaction. {@code vectors.get(i)} belongs to {@code items.get(i)} and
   * may be null. Every item is validated before anything is written.
   */
  public long upsertAll(List<Item> items, List<float[]> vectors) {
    return upsertAll(items, vectors, null, null);
  }

  /**
   * As {@link #upsertAll(List, List)}, also committing the caller's watermark {@code key} = {@code value} in the
   * same transaction: a source cursor stored this way resumes exactly after a crash.
   */
  public long upsertAll(List<Item> items, List<float[]> vectors, String watermarkKey, String watermarkValue) {
    Preconditions.requireItems(items);
    Preconditions.requireArgument(vectors, "vectors");
    if (items.size() != vectors.size()) {
      throw new IllegalArgumentException("got " + items.size() + " items and " + vectors.size()
          + " vectors; expected one vector (or null) per item");
    }
    List<float[]> prepared = new ArrayList<>(vectors.size());
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) == null) {
        throw new IllegalArgumentException("item " + i + " of " + items.size() + " is null");
      }
      prepared.add(prepare(items.get(i).id(), vectors.get(i)));
    }
    synchronized (writeLock) {
      ensureOpen();
      long sequence = file.write(items, prepared, List.of(), watermarkKey, watermarkValue);
      Arena.Batch batch = arena.begin();
      long first = sequence - items.size() + 1; // the file numbers a write's items in order
      for (int i = 0; i < items.size(); i++) {
        batch.upsert(items.get(i), prepared.get(i), first + i);
      }
      batch.publish(sequence);
      compactWhenMostlyDead();
      return sequence;
    }
  }

  /**
   * Moves the change sequence up to {@code sequence} with no item change (no-op when it is not higher): keeps
   * a fresh or restored file's sequence in step with a keyword index that counted further.
   */
  public void advanceSequence(long sequence) {
    synchronized (writeLock) {
      ensureOpen();
      if (sequence > file.sequence()) {
        file.advanceSequence(sequence);
        arena.begin().publish(sequence);
      }
    }
  }

  /** Under the write lock, after a publish. */
  private void compactWhenMostlyDead() {
    int dead = arena.dead();
    if (dead >= COMPACT_AT_DEAD && dead > arena.snapshot().live()) {
      arena = arena.compacted();
    }
  }

  /** Slots the in-memory arena holds, live or dead: for tests of compaction. */
  int slots() {
    return arena.snapshot().size();
  }

  /** Deletes an item; false when there was none. */
  public boolean delete(String id) {
    return deleteAll(List.of(Preconditions.requireId(id))) == 1;
  }

  /** Deletes items in one transaction; returns how many existed. */
  public int deleteAll(Collection<String> ids) {
    Preconditions.requireIds(ids);
    synchronized (writeLock) {
      ensureOpen();
      Set<String> present = new LinkedHashSet<>();
      for (String id : ids) {
        if (arena.get(id).isPresent()) {
          present.add(id);
        }
      }
      if (present.isEmpty()) {
        return 0;
      }
      long sequence = file.write(List.of(), List.of(), present);
      Arena.Batch batch = arena.begin();
      present.forEach(batch::delete);
      batch.publish(sequence);
      compactWhenMostlyDead();
      return present.size();
    }
  }

  /** The item stored under {@code id}. */
  public Optional<Item> get(String id) {
    Preconditions.requireId(id);
    ensureOpen();
    return arena.get(id).map(ItemRecord::item);
  }

  /** The vector stored under {@code id} (unit length under cosine), or empty for no item or no vector. */
  public Optional<float[]> vector(String id) {
    Preconditions.requireId(id);
    ensureOpen();
    Arena a = arena;
    Optional<ItemRecord> record = a.get(id);
    Snapshot s = a.snapshot(); // read after the record, so it is at least as new
    return record.filter(r -> r.ordinal() < s.size() && !s.unscannable().contains(r.ordinal()))
        .map(r -> {
          float[] chunk = s.chunk(r.ordinal());
          int offset = s.offset(r.ordinal());
          return java.util.Arrays.copyOfRange(chunk, offset, offset + s.dimensions());
        });
  }

  /** Live items. */
  public int count() {
    ensureOpen();
    return arena.snapshot().live();
  }

  /**
   * The {@code k} items most similar to {@code query} among those matching {@code filter}, best first, ties
   * broken by id. Exact: every matching item is scored.
   */
  public List<VectorHit> search(float[] query, int k, Filter filter) {
    return view().search(query, k, filter);
  }

  /**
   * How large unfiltered scans are split: into at most {@code threads} parts (1 keeps every scan on the
   * caller's thread), run on {@code executor} ({@code null}: a shared pool of daemon threads).
   */
  public void searchWith(int threads, java.util.concurrent.Executor executor) {
    if (threads < 1) {
      throw new IllegalArgumentException("search threads must be at least 1; found " + threads);
    }
    this.searchThreads = threads;
    this.searchExecutor = executor;
  }

  /** The latest committed state, for reads that must all see one change sequence. */
  public View view() {
    ensureOpen();
    return new View(arena.snapshot());
  }

  /** The store as of one committed change sequence; never changes, whatever is written meanwhile. */
  public final class View {
    private final Snapshot snapshot;

    private View(Snapshot snapshot) {
      this.snapshot = snapshot;
    }

    /** The change sequence this view shows. */
    public long sequence() {
      return snapshot.sequence();
    }

    /** Live items in this view. */
    public int count() {
      return snapshot.live();
    }

    /**
     * The current version of item {@code id}: as of this view or newer (lookups by id follow the latest
     * write). Works after the store is closed, from memory.
     */
    public Optional<Item> get(String id) {
      return arena.get(id).map(ItemRecord::item);
    }

    /**
     * The vector of the current version of item {@code id} (as {@link #get} finds it), or empty when the item
     * has none, is gone, or was written after this view. Works after the store is closed, from memory.
     */
    public Optional<float[]> vector(String id) {
      return arena.get(id).filter(r -> r.ordinal() < snapshot.size()
          && !snapshot.unscannable().contains(r.ordinal())).map(r -> {
            float[] chunk = snapshot.chunk(r.ordinal());
            int offset = snapshot.offset(r.ordinal());
            return java.util.Arrays.copyOfRange(chunk, offset, offset + snapshot.dimensions());
          });
    }

    /** What the store file is and how it is run, as of this view; null once the store is closed. */
    public StoreInfo info() {
      return closed ? null : VectorStore.this.info(snapshot);
    }

    /** The ids of the live items that match {@code filter}, with or without a vector. */
    public List<String> matching(Filter filter) {
      List<String> ids = new ArrayList<>();
      ExactScan.liveMatches(snapshot, Preconditions.requireArgument(filter, "filter"))
          .forEach((int ordinal) -> ids.add(snapshot.record(ordinal).item().id()));
      return ids;
    }

    /** As {@link VectorStore#search}, over this view; hits carry the items as this view holds them. */
    public List<VectorHit> search(float[] query, int k, Filter filter) {
      if (k < 1) {
        throw new IllegalArgumentException("k must be at least 1; found " + k);
      }
      float[] q = prepare("query", query);
      if (q == null) {
        throw new IllegalArgumentException("query vector must not be null");
      }
      ExactScan.Result result = ExactScan.search(snapshot, q, Math.min(k, Math.max(1, snapshot.size())),
          filter == null ? Filter.all() : filter, file.metric(), searchThreads, searchExecutor);
      List<VectorHit> hits = new ArrayList<>(result.count());
      for (int i = 0; i < result.count(); i++) {
        hits.add(new VectorHit(snapshot.record(result.ordinals()[i]).item(), result.scores()[i]));
      }
      return hits;
    }
  }

  /** Commits the caller's watermark {@code key} = {@code value} on its own, with no item change. */
  public void putWatermark(String key, String value) {
    upsertAll(List.of(), List.of(), key, value);
  }

  /** The watermark {@code key} last committed by {@link #upsertAll(List, List, String, String)}, or empty. */
  public Optional<String> watermark(String key) {
    synchronized (writeLock) {
      ensureOpen();
      return Optional.ofNullable(file.watermark(key));
    }
  }

  /** Changes committed after {@code sequence}, for a derived index to catch up. */
  public ChangeBatch changesSince(long sequence, int maxItems) {
    synchronized (writeLock) {
      ensureOpen();
      return file.changesSince(sequence, maxItems);
    }
  }

  /** Every stored item with its stored vector (null when none), in id order. */
  public void forEach(BiConsumer<Item, float[]> consumer) {
    synchronized (writeLock) {
      ensureOpen();
      file.forEachRowById(row -> consumer.accept(row.item(), row.vector()));
    }
  }

  /** Checks the whole file (integrity_check and every row's checksum); an empty list means it is sound. */
  public List<String> check() {
    synchronized (writeLock) {
      ensureOpen();
      return file.check();
    }
  }

  /** The last change sequence published. */
  public long sequence() {
    return arena.snapshot().sequence();
  }

  public int dimensions() {
    return file.dimensions();
  }

  /** The store file's random identity, fixed when it was created; a rebuilt or fresh file has a new one. */
  public String storeId() {
    return file.storeId();
  }

  public Metric metric() {
    return file.metric();
  }

  public Path path() {
    return file.file();
  }

  public StoreInfo info() {
    ensureOpen();
    return info(arena.snapshot());
  }

  private StoreInfo info(Snapshot s) {
    return StoreInfo.builder()
        .file(file.file(), file.dimensions(), file.metric(), file.modelId())
        .contents(s.live(), s.liveVectors(), s.sequence())
        .sqlite(file.journal().journalMode(), file.journal().synchronous(), file.filesystem(),
            file.sqliteVersion(), file.bytesOnDisk())
        .kernels(VectorKernels.simd(), VectorKernels.reason())
        .build();
  }

  /**
   * Closes the store file. A large store first leaves an arena image of its items beside it for the next
   * open, under the owner lock, unless the image there is already at this sequence.
   */
  @Override
  public void close() {
    synchronized (writeLock) {
      if (!closed) {
        closed = true;
        try {
          Snapshot s = arena.snapshot();
          if (!file.damaged() && s.sequence() == file.sequence() && s.sequence() != imageSequence) {
            ArenaCache.save(file, s, imageMinItems);
          }
        } finally {
          file.close();
        }
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("store " + file.file() + " is closed");
    }
  }

  /** Validates a vector and returns the copy to store: normalised under cosine. */
  private float[] prepare(String id, float[] vector) {
    if (vector == null) {
      return null;
    }
    int dims = file.dimensions();
    if (vector.length != dims) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "vector for id '%s' has %d dimensions; store %s expects %d", id, vector.length, file.file(), dims));
    }
    double norm = 0;
    for (int i = 0; i < dims; i++) {
      float x = vector[i];
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "vector for id '%s' has %s at index %d; expected finite numbers", id, x, i));
      }
      norm += (double) x * x;
    }
    if (Math.sqrt(norm) > MAX_VECTOR_LENGTH) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "vector for id '%s' has length %.3g; expected at most %.0g, so that scores stay finite", id,
          Math.sqrt(norm), MAX_VECTOR_LENGTH));
    }
    float[] copy = vector.clone();
    if (file.metric() == Metric.COSINE) {
      if (norm == 0) {
        throw new IllegalArgumentException("vector for id '" + id
            + "' is all zeros; cosine similarity needs a non-zero vector");
      }
      if (Math.abs(Math.sqrt(norm) - 1) <= UNIT_TOLERANCE) {
        return copy; // already unit length: rescaling would only change its last bits, and callers get it back
      }
      float scale = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < dims; i++) {
        copy[i] *= scale;
      }
    }
    return copy;
  }
}
