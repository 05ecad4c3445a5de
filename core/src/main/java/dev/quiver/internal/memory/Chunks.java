package dev.quiver.internal.memory;

/**
 * Ordinal addressing shared by the vector and record chunks: ordinal {@code o} lives in chunk
 * {@code o / SLOTS} at slot {@code o % SLOTS}. Only the last chunk may be shorter than {@link #SLOTS}:
 * it grows by doubling, so a store of ten items does not allocate a full chunk.
 */
final class Chunks {
  /**
   * 16,376 items per chunk, 8 short of 2^14: at 384 dimensions (or any multiple of 128) 2^14 vectors are a
   * whole number of MiB, and the array header then spills into one more G1 region, wasting most of it.
   */
  static final int SLOTS = (1 << 14) - 8;
  static final int FIRST_CAPACITY = 64;

  private Chunks() {}

  /** The chunk of {@code ordinal} (never negative). */
  static int chunk(int ordinal) {
    return ordinal / SLOTS;
  }

  /** The slot of {@code ordinal} in its chunk. */
  static int slot(int ordinal) {
    return ordinal % SLOTS;
  }
}
