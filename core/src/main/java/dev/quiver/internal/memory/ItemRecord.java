package dev.quiver.internal.memory;

import dev.quiver.Item;

/**
 * An item's in-memory entry at one ordinal. {@code previous} links to the entry this one replaced until the
 * replacement is published, so a reader holding an older snapshot can still find the version it sees.
 */
public final class ItemRecord {
  final Item item;
  final int ordinal;
  /** The change sequence that wrote this version to the store file (0 when not known, as in tests). */
  final long seq;
  volatile ItemRecord previous;

  ItemRecord(Item item, int ordinal, long seq, ItemRecord previous) {
    this.item = item;
    this.ordinal = ordinal;
    this.seq = seq;
    this.previous = previous;
  }

  public Item item() {
    return item;
  }

  public int ordinal() {
    return ordinal;
  }

  public long seq() {
    return seq;
  }
}
