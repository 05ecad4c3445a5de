package dev.quiver.internal.memory;

/**
 * Ordinal addressing shared by the vector and record chunks: ordinal {@code o} lives in chunk
 * {@code o >>> SHIFT} at slot {@code o & MASK}. Only the last chunk may be shorter than {@link #SLOTS}:
 * it grows by doubling, so a store of ten items does not allocate a full chunk.
 */
final class Chunks {
  /** 16,384 items per chunk: 24 MiB of floats at 384 dimensions, few enough chunks at a million. */
  static final int SHIFT = 14;
  static final int SLOTS = 1 << SHIFT;
  static final int MASK = SLOTS - 1;
  static final int FIRST_CAPACITY = 64;

  private Chunks() {}
}
