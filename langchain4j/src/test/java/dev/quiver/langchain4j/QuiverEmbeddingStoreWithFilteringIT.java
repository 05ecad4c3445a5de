package dev.quiver.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithFilteringIT;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LangChain4j's own {@code EmbeddingStoreWithFilteringIT}, its tests unchanged, against one persistent Quiver
 * store.
 */
class QuiverEmbeddingStoreWithFilteringIT extends EmbeddingStoreWithFilteringIT {
  @RegisterExtension static final SuiteStore SUITE = new SuiteStore();

  @Override
  protected EmbeddingStore<TextSegment> embeddingStore() {
    return SUITE.store();
  }

  @Override
  protected EmbeddingModel embeddingModel() {
    return SuiteStore.MODEL;
  }

  /**
   * Quiver has {@code ContainsString} ({@code Filter.contains}): the suite's own contains cases run, and its
   * check that a store without it refuses it is skipped by the suite.
   */
  @Override
  protected boolean supportsContains() {
    return true;
  }

  /** The store persists: what one test wrote is still there for the next unless removed. */
  @Override
  protected void clearStore() {
    SUITE.store().removeAll();
  }
}
