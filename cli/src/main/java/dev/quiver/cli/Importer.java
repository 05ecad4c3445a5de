package dev.quiver.cli;

import dev.quiver.Item;
import dev.quiver.Quiver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;

/** Hands items to a store in batches: one {@link Quiver#index(List)} call (one transaction) per batch. */
final class Importer {
  static final int DEFAULT_BATCH = 256;

  private Importer() {}

  /** @return the number of items indexed */
  static long indexAll(Quiver quiver, Iterator<Item> items, int batchSize, LongConsumer progress) {
    long n = 0;
    List<Item> batch = new ArrayList<>(batchSize);
    while (items.hasNext()) {
      batch.add(items.next());
      if (batch.size() == batchSize) {
        quiver.index(batch);
        n += batch.size();
        progress.accept(batch.size());
        batch = new ArrayList<>(batchSize);
      }
    }
    if (!batch.isEmpty()) {
      quiver.index(batch);
      n += batch.size();
      progress.accept(batch.size());
    }
    return n;
  }
}
