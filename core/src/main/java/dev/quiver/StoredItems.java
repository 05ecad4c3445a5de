package dev.quiver;

import dev.quiver.internal.store.VectorStore;
import dev.quiver.internal.storefile.ChangeBatch;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A vector file's live items in change order, read a page at a time, as the source for re-embedding a store
 * from its own texts. The caller holds the store's write lock, so the file does not change underneath.
 */
final class StoredItems implements Iterator<Item> {
  private static final int PAGE = 256;

  private final VectorStore file;
  private Iterator<Item> page = Collections.emptyIterator();
  private long after;
  private boolean complete;

  StoredItems(VectorStore file) {
    this.file = file;
  }

  @Override
  public boolean hasNext() {
    while (!page.hasNext() && !complete) {
      ChangeBatch batch = file.changesSince(after, PAGE);
      page = batch.upserts().iterator();
      after = batch.lastSequence();
      complete = batch.complete();
    }
    return page.hasNext();
  }

  @Override
  public Item next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return page.next();
  }
}
