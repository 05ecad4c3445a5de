package dev.quiver.store;

import dev.quiver.Filter;
import dev.quiver.Item;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Work in progress: the signatures of the vector store. */
public final class VectorStore implements AutoCloseable {
  private VectorStore() {}

  public static VectorStore open(Path file, StoreOptions options) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Inserts or replaces one item; {@code vector} may be null for an item not yet embedded. */
  public void upsert(Item item, float[] vector) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Inserts or replaces items in one transaction; {@code vectors.get(i)} belongs to {@code items.get(i)}. */
  public void upsertAll(List<Item> items, List<float[]> vectors) {
    throw new UnsupportedOperationException("not yet");
  }

  public boolean delete(String id) {
    throw new UnsupportedOperationException("not yet");
  }

  public int deleteAll(Collection<String> ids) {
    throw new UnsupportedOperationException("not yet");
  }

  public Optional<Item> get(String id) {
    throw new UnsupportedOperationException("not yet");
  }

  public Optional<float[]> vector(String id) {
    throw new UnsupportedOperationException("not yet");
  }

  public int count() {
    throw new UnsupportedOperationException("not yet");
  }

  public List<VectorHit> search(float[] query, int k, Filter filter) {
    throw new UnsupportedOperationException("not yet");
  }

  public ChangeBatch changesSince(long sequence, int maxItems) {
    throw new UnsupportedOperationException("not yet");
  }

  public long sequence() {
    throw new UnsupportedOperationException("not yet");
  }

  public StoreInfo info() {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void close() {}
}
