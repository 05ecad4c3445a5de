package dev.quiver.internal.memory;

import dev.quiver.Item;
import dev.quiver.spi.AttributeOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * The in-memory side of a store: vectors in contiguous float chunks addressed by ordinal, their int8
 * {@link CodeChunk codes} for scans, item records, tombstones and facet bitmaps. One writer builds
 * {@link Batch}es and publishes them as {@link Snapshot}s; any number of readers use {@link #snapshot()}
 * and {@link #get(String)} without locks.
 *
 * <p>A replaced item gets a new ordinal and its old one is tombstoned, so published slots never change.
 * Space of replaced and deleted items is reclaimed by {@link #compacted()}, which moves the live items to a
 * fresh arena, and whenever the store is next opened (ordinals are rebuilt from the file).
 */
public final class Arena {
  private final int dimensions;
  private final ConcurrentHashMap<String, ItemRecord> ids;
  private volatile Snapshot current;

  // Writer state: touched only by the single writer thread (callers serialise writes).
  private float[][] vectors = new float[0][];
  private CodeChunk[] codes = new CodeChunk[0];
  private final ChunkTimes times = new ChunkTimes();
  private ItemRecord[][] records = new ItemRecord[0][];
  private int size;
  /** Items the first writes are expected to bring: chunks below it are allocated whole, not grown. */
  private final int expected;

  public Arena(int dimensions) {
    this(dimensions, 0);
  }

  /**
   * An arena about to receive {@code expected} items (a load of a store of that size): the chunks that will
   * hold them are allocated at their final size, so the load copies no chunk while it grows. A wrong guess
   * only costs memory or copies; it changes nothing readers see.
   */
  public Arena(int dimensions, int expected) {
    this.dimensions = dimensions;
    this.expected = Math.max(0, expected);
    // sized for the expected load up front: a map grown to a million ids rehashes at every doubling
    this.ids = new ConcurrentHashMap<>(Math.max(16, this.expected + this.expected / 3));
    this.current = new Snapshot(0, dimensions, vectors, codes, records, new RoaringBitmap(),
        new RoaringBitmap(), Map.of(), times.copy(), 0, 0);
  }

  /** The latest published snapshot. */
  public Snapshot snapshot() {
    return current;
  }

  /** The current version of item {@code id}, as of the latest published snapshot. */
  public Optional<ItemRecord> get(String id) {
    while (true) {
      Snapshot s = current;
      ItemRecord r = ids.get(id);
      while (r != null && r.ordinal >= s.size) {
        r = r.previous;
      }
      if (r == null && s != current) {
        continue; // a publish cleared the link we needed: read again against the newer snapshot
      }
      return r == null || s.tombstones.contains(r.ordinal) ? Optional.empty() : Optional.of(r);
    }
  }

  /** Ordinals held by replaced or deleted items, as of the latest snapshot. */
  public int dead() {
    Snapshot s = current;
    return s.size - s.live;
  }

  /**
   * A new arena holding the live items of the latest snapshot, at new ordinals, published at the same change
   * sequence. Called by the writer; snapshots of this arena stay valid for the readers that hold them.
   */
  public Arena compacted() {
    Snapshot s = current;
    Arena fresh = new Arena(dimensions, s.live);
    Batch batch = fresh.begin();
    for (int ordinal = 0; ordinal < s.size; ordinal++) {
      if (s.tombstones.contains(ordinal)) {
        continue;
      }
      float[] vector = null;
      if (!s.unscannable.contains(ordinal)) { // a live item without a vector is unscannable too
        int offset = s.offset(ordinal);
        vector = java.util.Arrays.copyOfRange(s.chunk(ordinal), offset, offset + dimensions);
      }
      batch.upsert(s.record(ordinal).item, vector, s.record(ordinal).seq);
    }
    batch.publish(s.sequence);
    return fresh;
  }

  /** Starts the next write; only one batch may be open at a time. */
  public Batch begin() {
    return new Batch(current);
  }

  /** Changes that become visible together when {@link #publish(long)} is called. */
  public final class Batch {
    private final RoaringBitmap tombstones;
    private final RoaringBitmap unscannable;
    private final Map<String, NavigableMap<Object, RoaringBitmap>> facets;
    private final Set<String> copiedKeys = new HashSet<>();
    private final Set<RoaringBitmap> copiedBitmaps = java.util.Collections.newSetFromMap(
        new java.util.IdentityHashMap<>());
    private final List<ItemRecord> added = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private int live;

    private Batch(Snapshot base) {
      this.tombstones = base.tombstones.clone();
      this.unscannable = base.unscannable.clone();
      this.facets = new HashMap<>(base.facets);
      this.live = base.live;
      size = base.size;
    }

    /** Adds or replaces an item; {@code vector} is stored as given (already normalised), or null. */
    public void upsert(Item item, float[] vector) {
      upsert(item, vector, 0);
    }

    /** As {@link #upsert(Item, float[])}, remembering {@code seq}, the change sequence that wrote the item. */
    public void upsert(Item item, float[] vector, long seq) {
      int ordinal = size++;
      ensureCapacity(ordinal);
      if (vector != null) {
        System.arraycopy(vector, 0, vectors[Chunks.chunk(ordinal)], Chunks.slot(ordinal) * dimensions,
            dimensions);
        codes[Chunks.chunk(ordinal)].encode(Chunks.slot(ordinal), vector);
      } else {
        unscannable.add(ordinal);
      }
      place(item, ordinal, seq);
    }

    /**
     * Adds the item whose vector and code an {@link ArenaImage} already put at the next ordinal, in a chunk
     * it {@linkplain #installChunk installed}; {@code hasVector} false marks the slot unscannable.
     */
    void restore(Item item, boolean hasVector, long seq) {
      int ordinal = size++;
      if (Chunks.chunk(ordinal) >= records.length || Chunks.slot(ordinal) >= records[Chunks.chunk(ordinal)].length) {
        throw new IllegalStateException("ordinal " + ordinal + " lies outside the installed chunks");
      }
      if (!hasVector) {
        unscannable.add(ordinal);
      }
      place(item, ordinal, seq);
    }

    private void place(Item item, int ordinal, long seq) {
      times.record(Chunks.chunk(ordinal), item.timestamp());
      ItemRecord previous = ids.get(item.id());
      ItemRecord record = new ItemRecord(item, ordinal, seq, previous);
      records[Chunks.chunk(ordinal)][Chunks.slot(ordinal)] = record;
      if (previous != null && !tombstones.contains(previous.ordinal)) {
        bury(previous.ordinal); // a replacement: the count stays
      } else {
        live++; // new, or deleted earlier in this batch
      }
      for (Map.Entry<String, ?> e : item.attributes().entrySet()) {
        writableFacet(e.getKey(), e.getValue()).add(ordinal);
      }
      ids.put(item.id(), record);
      added.add(record);
    }

    /** Deletes an item; false when there is none. */
    public boolean delete(String id) {
      ItemRecord previous = ids.get(id);
      if (previous == null || tombstones.contains(previous.ordinal)) {
        return false;
      }
      bury(previous.ordinal);
      live--;
      removed.add(id);
      return true;
    }

    private void bury(int ordinal) {
      tombstones.add(ordinal);
      unscannable.add(ordinal);
    }

    private RoaringBitmap writableFacet(String key, Object value) {
      NavigableMap<Object, RoaringBitmap> values = facets.get(key);
      if (values == null || copiedKeys.add(key)) {
        // values in filter order, so a range is one sub-map: 5L and 5.0 share a bitmap, as eq says
        values = values == null ? new TreeMap<>(AttributeOrder::compare) : new TreeMap<>(values);
        copiedKeys.add(key);
        facets.put(key, values);
      }
      RoaringBitmap bitmap = values.get(value);
      if (bitmap == null) {
        bitmap = new RoaringBitmap();
        copiedBitmaps.add(bitmap);
        values.put(value, bitmap);
      } else if (!copiedBitmaps.contains(bitmap)) {
        bitmap = bitmap.clone();
        copiedBitmaps.add(bitmap);
        values.put(value, bitmap);
      }
      return bitmap;
    }

    /** Makes every change of this batch visible at once, as of change {@code sequence}. */
    public void publish(long sequence) {
      tombstones.runOptimize();
      current = new Snapshot(size, dimensions, vectors, codes, records, tombstones, unscannable,
          Map.copyOf(facets), times.copy(), live, sequence);
      for (ItemRecord r : added) {
        r.previous = null; // readers of older snapshots retry against the new one
      }
      for (String id : removed) {
        ItemRecord r = ids.get(id);
        if (r != null && tombstones.contains(r.ordinal)) {
          ids.remove(id, r);
        }
      }
    }
  }

  /**
   * Installs the next chunk whole, as an {@link ArenaImage} read it: {@code slots} vectors and their codes,
   * filled by {@link Batch#restore}. Only before the first batch, and for chunks in order.
   */
  void installChunk(float[] chunkVectors, CodeChunk chunkCodes, int slots) {
    int chunk = vectors.length;
    if (current.size != 0 || slots < 1 || slots > Chunks.SLOTS
        || chunk > 0 && records[chunk - 1].length != Chunks.SLOTS) {
      throw new IllegalStateException("chunks are installed whole, in order, into an empty arena");
    }
    vectors = java.util.Arrays.copyOf(vectors, chunk + 1);
    codes = java.util.Arrays.copyOf(codes, chunk + 1);
    records = java.util.Arrays.copyOf(records, chunk + 1);
    vectors[chunk] = chunkVectors;
    codes[chunk] = chunkCodes;
    records[chunk] = new ItemRecord[slots];
    times.addChunk(chunk);
  }

  int dimensions() {
    return dimensions;
  }

  private void ensureCapacity(int ordinal) {
    int chunk = Chunks.chunk(ordinal);
    int slot = Chunks.slot(ordinal);
    if (chunk == vectors.length) {
      // Structural changes copy the small outer arrays: published snapshots keep the ones they were given.
      vectors = java.util.Arrays.copyOf(vectors, chunk + 1);
      codes = java.util.Arrays.copyOf(codes, chunk + 1);
      records = java.util.Arrays.copyOf(records, chunk + 1);
      int capacity = Math.max(Chunks.FIRST_CAPACITY, Math.min(Chunks.SLOTS, expected - ordinal));
      vectors[chunk] = new float[capacity * dimensions];
      codes[chunk] = new CodeChunk(capacity, dimensions);
      records[chunk] = new ItemRecord[capacity];
      times.addChunk(chunk);
    } else if (slot == records[chunk].length) {
      int grown = Math.min(Chunks.SLOTS, records[chunk].length * 2);
      vectors = vectors.clone();
      codes = codes.clone();
      records = records.clone();
      vectors[chunk] = java.util.Arrays.copyOf(vectors[chunk], grown * dimensions);
      codes[chunk] = codes[chunk].grow(grown);
      records[chunk] = java.util.Arrays.copyOf(records[chunk], grown);
    }
  }
}
