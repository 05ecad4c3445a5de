package dev.quiver;

import dev.quiver.store.StoreInfo;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/** Work in progress: the signatures of the facade a chat server uses. */
public final class Quiver implements AutoCloseable {
  private Quiver() {}

  /**
   * Opens or creates the store named by {@code store} (for example {@code data/chat.quiver}): the SQLite
   * vector file at that path, the keyword index in {@code chat.quiver-keyword/} beside it.
   */
  public static Quiver open(Path store, QuiverOptions options) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Embeds and writes one item to both sides. */
  public void index(Item item) {
    index(List.of(item));
  }

  /** Embeds and writes items to both sides; the vector side commits them in one transaction. */
  public void index(List<Item> items) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Deletes an item from both sides; false when no such item existed. */
  public boolean delete(String id) {
    throw new UnsupportedOperationException("not yet");
  }

  public Optional<Item> get(String id) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Live items. */
  public int count() {
    throw new UnsupportedOperationException("not yet");
  }

  /** A hybrid search for the 10 best hits. */
  public SearchResult search(String text) {
    return search(SearchRequest.of(text));
  }

  public SearchResult search(SearchRequest request) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Replaces the store's content with {@code source}: re-embeds into a fresh file while searches are
   * answered by the keyword side, then swaps it in.
   *
   * @param expectedTotal the number of items {@code source} will yield, or -1 when unknown
   */
  public RebuildReport rebuild(Iterator<Item> source, long expectedTotal, RebuildListener listener) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Every stored item with its vector (null when it has none), in id order. */
  public void forEach(BiConsumer<Item, float[]> consumer) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The state of both sides. */
  public Status status() {
    throw new UnsupportedOperationException("not yet");
  }

  /** Checks both sides' integrity; an empty list means healthy. */
  public List<String> verify() {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void close() {}

  /** Called during a rebuild, at most a few times a second. */
  @FunctionalInterface
  public interface RebuildListener {
    /** @param total the expected total, or -1 when unknown */
    void progress(long done, long total, double itemsPerSecond);
  }

  /** What a rebuild did. */
  public record RebuildReport(long items, long seconds) {}

  /**
   * @param vectors the vector file's state, or {@code null} when it is unavailable
   * @param vectorSide {@code ready}, {@code empty}, {@code rebuilding} or {@code quarantined}
   * @param keywordItems items in the keyword index, or -1 when there is none
   * @param keywordLag changes committed to the vector file and not yet applied to the keyword index
   */
  public record Status(StoreInfo vectors, String vectorSide, int keywordItems, long keywordLag) {}
}
