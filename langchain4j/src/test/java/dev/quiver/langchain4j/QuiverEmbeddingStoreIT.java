package dev.quiver.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreIT;
import dev.quiver.Quiver;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** LangChain4j's own {@code EmbeddingStoreIT}, unchanged, against one persistent Quiver store. */
class QuiverEmbeddingStoreIT extends EmbeddingStoreIT {
  @TempDir static Path dir;
  private static Quiver quiver;
  private static QuiverEmbeddingStore store;

  @BeforeAll
  static void open() {
    quiver = SuiteStore.open(dir);
    store = QuiverEmbeddingStore.of(quiver);
  }

  @AfterAll
  static void close() {
    quiver.close();
  }

  @Override
  protected EmbeddingStore<TextSegment> embeddingStore() {
    return store;
  }

  @Override
  protected EmbeddingModel embeddingModel() {
    return SuiteStore.MODEL;
  }

  /** The store persists: what one test wrote is still there for the next unless removed. */
  @Override
  protected void clearStore() {
    store.removeAll();
  }
}
