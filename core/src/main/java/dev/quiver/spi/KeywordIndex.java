package dev.quiver.spi;

import dev.quiver.Filter;
import dev.quiver.Item;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A keyword (full-text) index kept beside the vector file. The SQLite file is the record of truth: every
 * change carries a sequence number, and the index remembers, durably and atomically with the changes, the
 * last sequence it applied. On open the store replays every change after {@link #appliedSequence()}.
 *
 * <p>One writer calls {@link #apply}; {@link #reader()} and the reads may run concurrently from any thread.
 */
public interface KeywordIndex extends Closeable {

  /** The last change sequence made durable by {@link #apply}; 0 for a new index. */
  long appliedSequence() throws IOException;

  /**
   * Applies upserts and deletions, then commits them together with {@code sequence}. An id appears in at
   * most one of the two collections. When this returns, {@link #reader()} sees the batch.
   */
  void apply(Collection<Item> upserts, Collection<String> deletedIds, long sequence) throws IOException;

  /** Removes everything and sets the applied sequence to 0, ready for a full rebuild. */
  void clear() throws IOException;

  /**
   * The identity of the vector file this index was last bound to, or null for an index never bound (new, or
   * written before indexes were bound). The store refuses to pair an index with another store's file.
   */
  default @Nullable String boundStore() throws IOException {
    return null;
  }

  /** Records, durably, that this index derives from the vector file with identity {@code storeId}. */
  default void bindStore(String storeId) throws IOException {}

  /**
   * A point-in-time view of the last applied batch: every read through it sees the same sequence, whatever
   * is applied meanwhile. Readers never block the writer, nor the writer readers. Close it when done.
   */
  Reader reader() throws IOException;

  /** {@link Reader#search} on a reader of the last applied batch. */
  default List<ScoredId> search(String query, int limit, Filter filter) throws IOException {
    try (Reader reader = reader()) {
      return reader.search(query, limit, filter);
    }
  }

  /** {@link Reader#get} on a reader of the last applied batch. */
  default Optional<Item> get(String id) throws IOException {
    try (Reader reader = reader()) {
      return reader.get(id);
    }
  }

  /** The number of items in the index. */
  default int count() throws IOException {
    try (Reader reader = reader()) {
      return reader.count();
    }
  }

  /** The index as of one applied sequence. */
  interface Reader extends Closeable {
    /** The applied sequence this reader sees. */
    long sequence();

    /**
     * The best {@code limit} items for {@code query} among those matching {@code filter}, best first.
     * Scores are the engine's own (BM25 for Lucene) and are only comparable within one result list.
     */
    List<ScoredId> search(String query, int limit, Filter filter) throws IOException;

    /**
     * A short passage of each item's text around the terms {@code query} matches, with each matched term
     * marked {@code «like this»}, keyed by id. Ids this reader does not hold, or whose text matches none of the
     * query's terms, are absent. For showing why a hit matched; the default offers none.
     */
    default Map<String, String> snippets(String query, Collection<String> ids) throws IOException {
      return Map.of();
    }

    /** The item as the index stored it: id, text, attributes and timestamp. */
    Optional<Item> get(String id) throws IOException;

    /** Every item the index holds, in no particular order. */
    void forEach(Consumer<Item> consumer) throws IOException;

    /** The number of items. */
    int count();

    /** Releases the view; idempotent. */
    @Override
    void close() throws IOException;
  }

  /** An id and the engine's score for it. */
  record ScoredId(String id, float score) {}

  /** Opens or creates the index in a directory that Quiver owns. */
  @FunctionalInterface
  interface Factory {
    KeywordIndex open(Path directory) throws IOException;
  }
}
