package dev.quiver.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithRemovalIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** LangChain4j's own {@code EmbeddingStoreWithRemovalIT}, unchanged, against one persistent Quiver store. */
class QuiverEmbeddingStoreWithRemovalIT extends EmbeddingStoreWithRemovalIT {
  @RegisterExtension static final SuiteStore SUITE = new SuiteStore();

  /** This suite has no clearing hook of its own, and each test counts what the store holds. */
  @BeforeEach
  void startEmpty() {
    SUITE.store().removeAll();
  }

  @Override
  protected EmbeddingStore<TextSegment> embeddingStore() {
    return SUITE.store();
  }

  @Override
  protected EmbeddingModel embeddingModel() {
    return SuiteStore.MODEL;
  }
}
