package dev.quiver.spi;

import dev.quiver.Filter;
import dev.quiver.Item;
import java.io.Closeable;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * A keyword (full-text) index kept beside the vector file. The SQLite file is the record of truth: every
 * change carries a sequence number, and the index remembers, durably and atomically with the changes, the
 * last sequence it applied. On open the store replays every change after {@link #appliedSequence()}.
 *
 * <p>One writer calls {@link #apply}; {@link #search} may run concurrently from any thread.
 */
public interface KeywordIndex extends Closeable {

  /** The last change sequence made durable by {@link #apply}; 0 for a new index. */
  long appliedSequence() throws IOException;

  /**
   * Applies upserts and deletions, then commits them together with {@code sequence}. An id appears in at
   * most one of the two collections.
   */
  void apply(Collection<Item> upserts, Collection<String> deletedIds, long sequence) throws IOException;

  /** Removes everything and sets the applied sequence to 0, ready for a full rebuild. */
  void clear() throws IOException;

  /**
   * The best {@code limit} items for {@code query} among those matching {@code filter}, best first.
   * Scores are the engine's own (BM25 for Lucene) and are only comparable within one result list.
   */
  List<ScoredId> search(String query, int limit, Filter filter) throws IOException;

  /**
   * The item as the index stored it, for hits when the vector file cannot supply it (quarantined or lost).
   * Indexes that keep only what they search may return empty.
   */
  default java.util.Optional<Item> get(String id) throws IOException {
    return java.util.Optional.empty();
  }

  /** The number of items in the index. */
  int count() throws IOException;

  /** An id and the engine's score for it. */
  record ScoredId(String id, float score) {}

  /** Opens or creates the index in a directory that Quiver owns. */
  @FunctionalInterface
  interface Factory {
    KeywordIndex open(java.nio.file.Path directory) throws IOException;
  }
}
