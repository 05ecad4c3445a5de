package dev.quiver.cli;

import dev.quiver.Item;
import dev.quiver.Problem;
import dev.quiver.Quiver;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.server.QuiverClient;
import java.util.List;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * What the reading commands (search, stats, verify, export) ask of a store: the store itself, or, while another
 * process holds it, that process through its server. Both answer alike, so each command prints through one path.
 */
interface StoreReader extends AutoCloseable {
  SearchResult search(SearchRequest request);

  Quiver.Status status();

  int count();

  List<Problem> verify();

  void forEach(BiConsumer<Item, float[]> consumer);

  @Override
  void close();

  /** The store, opened by this process; closing the reader closes it. */
  static StoreReader of(Quiver quiver) {
    return of(quiver, null);
  }

  /**
   * As {@link #of(Quiver)}, while {@code modelLoad} (if not null) loads the store's model: closing waits for the
   * load first, so the process never exits while ONNX Runtime is still loading (which can crash the JVM).
   */
  static StoreReader of(Quiver quiver, @Nullable Thread modelLoad) {
    return new StoreReader() {
      @Override
      public SearchResult search(SearchRequest request) {
        return quiver.search(request);
      }

      @Override
      public Quiver.Status status() {
        return quiver.status();
      }

      @Override
      public int count() {
        return quiver.count();
      }

      @Override
      public List<Problem> verify() {
        return quiver.verify();
      }

      @Override
      public void forEach(BiConsumer<Item, float[]> consumer) {
        quiver.forEach(consumer);
      }

      @Override
      public void close() {
        try {
          if (modelLoad != null) {
            modelLoad.join();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          quiver.close();
        }
      }
    };
  }

  /** The store as the process that holds it answers. */
  static StoreReader of(QuiverClient client) {
    return new StoreReader() {
      @Override
      public SearchResult search(SearchRequest request) {
        return client.search(request);
      }

      @Override
      public Quiver.Status status() {
        return client.status();
      }

      @Override
      public int count() {
        return client.count();
      }

      @Override
      public List<Problem> verify() {
        return client.verify();
      }

      @Override
      public void forEach(BiConsumer<Item, float[]> consumer) {
        client.forEach(consumer);
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }
}
