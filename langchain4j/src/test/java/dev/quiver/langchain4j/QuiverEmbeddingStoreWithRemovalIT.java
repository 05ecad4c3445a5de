package dev.quiver.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithRemovalIT;
import dev.quiver.Quiver;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** LangChain4j's own {@code EmbeddingStoreWithRemovalIT}, unchanged, against one persistent Quiver store. */
class QuiverEmbeddingStoreWithRemovalIT extends EmbeddingStoreWithRemovalIT {
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

  /** This suite has no clearing hook of its own, and each test counts what the store holds. */
  @BeforeEach
  void startEmpty() {
    store.removeAll();
  }

  @Override
  protected EmbeddingStore<TextSegment> embeddingStore() {
    return store;
  }

  @Override
  protected EmbeddingModel embeddingModel() {
    return SuiteStore.MODEL;
  }
}
