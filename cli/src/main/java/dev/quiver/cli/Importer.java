package dev.quiver.cli;

import dev.quiver.Item;
import dev.quiver.Quiver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Hands items to a store in batches: one {@link Quiver#index(List)} call (one transaction) per batch. */
final class Importer {
  static final int DEFAULT_BATCH = 256;

  private Importer() {}

  /** What an incremental import did: items written (new or changed), and items already stored as given. */
  record Counts(long indexed, long unchanged) {}

  /**
   * Indexes the items that are new or differ from what the store holds (text, attributes or timestamp), and
   * skips the others, so a re-run after an interrupted import, or over a source that changed a little, embeds
   * only what changed. {@code progress} advances for skipped items too.
   */
  static Counts indexChanged(Quiver quiver, Iterator<Item> items, int batchSize, Progress progress) {
    ChangedItems changed = new ChangedItems(quiver, items, progress);
    long indexed = indexAll(quiver, changed, batchSize, progress);
    return new Counts(indexed, changed.unchanged);
  }

  /** The items of a source that the store does not already hold exactly as given. */
  private static final class ChangedItems implements Iterator<Item> {
    private final Quiver quiver;
    private final Iterator<Item> items;
    private final Progress progress;
    private Item next;
    long unchanged;

    ChangedItems(Quiver quiver, Iterator<Item> items, Progress progress) {
      this.quiver = quiver;
      this.items = items;
      this.progress = progress;
    }

    @Override
    public boolean hasNext() {
      while (next == null && items.hasNext()) {
        Item candidate = items.next();
        if (quiver.get(candidate.id()).filter(candidate::equals).isPresent()) {
          unchanged++;
          progress.stepBy(1);
        } else {
          next = candidate;
        }
      }
      return next != null;
    }

    @Override
    public Item next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      Item item = next;
      next = null;
      return item;
    }
  }

  /**
   * Indexes every item, a batch per transaction. {@code progress} advances as the store's embedder reports
   * (see {@link EmbeddingProgress}), and at each commit for the items it did not embed.
   *
   * @return the number of items indexed
   */
  static long indexAll(Quiver quiver, Iterator<Item> items, int batchSize, Progress progress) {
    long n = 0;
    List<Item> batch = new ArrayList<>(batchSize);
    while (items.hasNext()) {
      batch.add(items.next());
      if (batch.size() == batchSize) {
        quiver.index(batch);
        n += batch.size();
        progress.committed(batch.size());
        batch = new ArrayList<>(batchSize);
      }
    }
    if (!batch.isEmpty()) {
      quiver.index(batch);
      n += batch.size();
      progress.committed(batch.size());
    }
    return n;
  }
}
