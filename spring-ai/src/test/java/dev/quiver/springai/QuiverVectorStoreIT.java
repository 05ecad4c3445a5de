package dev.quiver.springai;

import dev.quiver.Filter;
import dev.quiver.Quiver;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.test.vectorstore.BaseVectorStoreTests;
import org.springframework.ai.vectorstore.VectorStore;

/**
 * Spring AI's own {@code BaseVectorStoreTests} (spring-ai-test 1.1.2), unchanged, against one persistent Quiver
 * store with a Lucene keyword index and the local MiniLM model. No Spring context is needed: the suite asks only
 * for a {@code VectorStore}.
 */
class QuiverVectorStoreIT extends BaseVectorStoreTests {
  @TempDir static Path dir;
  private static Quiver quiver;
  private static QuiverVectorStore store;

  @BeforeAll
  static void open() {
    quiver = SuiteStore.open(dir);
    store = SuiteStore.vectorStore(quiver);
  }

  @AfterAll
  static void close() {
    quiver.close();
  }

  /** The store persists and the suite cleans up only after a passing test: each test starts from an empty one. */
  @BeforeEach
  void wipe() {
    quiver.deleteAll(Filter.all());
  }

  @Override
  protected void executeTest(Consumer<VectorStore> testFunction) {
    testFunction.accept(store);
  }
}
