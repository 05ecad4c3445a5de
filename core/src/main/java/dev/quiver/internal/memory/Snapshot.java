package dev.quiver.internal.memory;

import dev.quiver.spi.AttributeOrder;
import java.util.Map;
import java.util.NavigableMap;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * An immutable view of the store at one committed change sequence. Searches read only a snapshot, so they
 * never block on the writer and never see half a write: the writer appends past {@link #size}, commits to
 * SQLite, then publishes a new snapshot through a volatile reference.
 *
 * <p>Chunks are shared between snapshots (append-only: slots below {@code size} never change); bitmaps are
 * copied on write.
 */
public final class Snapshot {
  final int size;
  final int dimensions;
  final float[][] vectors;
  final CodeChunk[] codes;
  final ItemRecord[][] records;
  /** Ordinals no longer current: deleted or replaced. */
  final RoaringBitmap tombstones;
  /** Ordinals a scan skips: tombstones plus items without a vector. */
  final RoaringBitmap unscannable;
  /** attribute name, attribute value in {@link AttributeOrder}, ordinals. */
  final Map<String, NavigableMap<Object, RoaringBitmap>> facets;
  final ChunkTimes times;
  final int live;
  final long sequence;

  Snapshot(int size, int dimensions, float[][] vectors, CodeChunk[] codes, ItemRecord[][] records,
      RoaringBitmap tombstones, RoaringBitmap unscannable, Map<String, NavigableMap<Object, RoaringBitmap>> facets,
      ChunkTimes times, int live, long sequence) {
    this.size = size;
    this.dimensions = dimensions;
    this.vectors = vectors;
    this.codes = codes;
    this.records = records;
    this.tombstones = tombstones;
    this.unscannable = unscannable;
    this.facets = facets;
    this.times = times;
    this.live = live;
    this.sequence = sequence;
  }

  /** Ordinals in use, live or not. */
  public int size() {
    return size;
  }

  public int dimensions() {
    return dimensions;
  }

  /** Live items. */
  public int live() {
    return live;
  }

  /** Live items with a vector. */
  public int liveVectors() {
    return size - unscannable.getCardinality();
  }

  public long sequence() {
    return sequence;
  }

  /** The chunk holding {@code ordinal}'s vector; its offset is {@link #offset(int)}. */
  public float[] chunk(int ordinal) {
    return vectors[Chunks.chunk(ordinal)];
  }

  /** The int8 codes of the chunk holding {@code ordinal}; its slot there is {@link #slot(int)}. */
  public CodeChunk codes(int ordinal) {
    return codes[Chunks.chunk(ordinal)];
  }

  /** The slot of {@code ordinal} in its chunk. */
  public static int slot(int ordinal) {
    return Chunks.slot(ordinal);
  }

  /** The offset of {@code ordinal}'s vector in {@link #chunk(int)}. */
  public int offset(int ordinal) {
    return Chunks.slot(ordinal) * dimensions;
  }

  /** How many chunks hold ordinals below {@link #size}. */
  public int chunkCount() {
    return (size + Chunks.SLOTS - 1) / Chunks.SLOTS;
  }

  /** The first ordinal of chunk {@code c}. */
  public static int chunkStart(int c) {
    return c * Chunks.SLOTS;
  }

  public static int chunkSlots() {
    return Chunks.SLOTS;
  }

  public ItemRecord record(int ordinal) {
    return records[Chunks.chunk(ordinal)][Chunks.slot(ordinal)];
  }

  public RoaringBitmap unscannable() {
    return unscannable;
  }

  /** Ordinals no longer current (deleted or replaced); never modify the result. */
  public RoaringBitmap tombstones() {
    return tombstones;
  }

  /**
   * Ordinals below {@link #size} whose timestamp is in {@code [from, to)}, possibly including dead ones.
   * Chunks wholly outside the range are skipped and chunks wholly inside taken whole; only the records of
   * chunks that straddle a bound are read.
   */
  public RoaringBitmap timeRange(long from, long to) {
    RoaringBitmap result = new RoaringBitmap();
    for (int c = 0; c < chunkCount(); c++) {
      int first = chunkStart(c);
      int end = Math.min(first + Chunks.SLOTS, size);
      if (times.noneIn(c, from, to)) {
        continue;
      }
      if (times.allIn(c, from, to)) {
        result.add((long) first, (long) end);
        continue;
      }
      for (int o = first; o < end; o++) {
        Long ts = record(o).item().timestamp();
        if (ts != null && ts >= from && ts < to) {
          result.add(o);
        }
      }
    }
    return result;
  }

  /** Ordinals whose {@code key} attribute equals {@code value}; never modify the result. */
  public RoaringBitmap facet(String key, Object value) {
    NavigableMap<Object, RoaringBitmap> values = facets.get(key);
    RoaringBitmap bitmap = values == null ? null : values.get(value);
    return bitmap == null ? new RoaringBitmap() : bitmap;
  }

  /**
   * Ordinals whose {@code key} attribute is of the bounds' kind and between them (a null bound is open): the
   * union of the bitmaps of one sub-map of the attribute's sorted values.
   */
  public RoaringBitmap facetRange(String key, @Nullable Object lower, boolean lowerInclusive,
      @Nullable Object upper, boolean upperInclusive) {
    NavigableMap<Object, RoaringBitmap> values = facets.get(key);
    if (values == null) {
      return new RoaringBitmap();
    }
    AttributeOrder.Kind kind = AttributeOrder.kind(lower != null ? lower : upper);
    // an open end stops at the edge of its kind: numbers lie between booleans and strings, strings come last
    boolean number = kind == AttributeOrder.Kind.NUMBER;
    Object from = lower != null ? lower : number ? Double.NEGATIVE_INFINITY : "";
    boolean fromInclusive = lower == null || lowerInclusive;
    if (upper == null && !number) {
      return RoaringBitmap.or(values.tailMap(from, fromInclusive).values().iterator());
    }
    Object to = upper != null ? upper : Double.POSITIVE_INFINITY;
    boolean toInclusive = upper == null || upperInclusive;
    int order = AttributeOrder.compare(from, to);
    if (order > 0 || (order == 0 && !(fromInclusive && toInclusive))) {
      return new RoaringBitmap(); // an empty range: TreeMap refuses one whose ends cross
    }
    NavigableMap<Object, RoaringBitmap> range = values.subMap(from, fromInclusive, to, toInclusive);
    return RoaringBitmap.or(range.values().iterator());
  }

  /**
   * Ordinals whose {@code key} attribute is a string containing {@code substring}: the union of the bitmaps of
   * the distinct string values that contain it, found by testing each one (strings sort after every other kind).
   */
  public RoaringBitmap facetContaining(String key, String substring) {
    NavigableMap<Object, RoaringBitmap> values = facets.get(key);
    if (values == null) {
      return new RoaringBitmap();
    }
    RoaringBitmap union = new RoaringBitmap();
    for (Map.Entry<Object, RoaringBitmap> e : values.tailMap("", true).entrySet()) {
      if (((String) e.getKey()).contains(substring)) {
        union.or(e.getValue());
      }
    }
    return union;
  }

  /** Ordinals that have attribute {@code key}, of any value. */
  public RoaringBitmap facetAny(String key) {
    NavigableMap<Object, RoaringBitmap> values = facets.get(key);
    return values == null ? new RoaringBitmap() : RoaringBitmap.or(values.values().iterator());
  }
}
