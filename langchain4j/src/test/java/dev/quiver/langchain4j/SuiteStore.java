package dev.quiver.langchain4j;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What LangChain4j's suites run against: a real, persistent Quiver store (vector file and Lucene keyword index
 * in a temporary directory) opened once per suite class, and the local all-MiniLM-L6-v2 as the suite's model.
 * Each suite registers one as a static {@code @RegisterExtension} field, since each extends its own base class.
 */
final class SuiteStore implements BeforeAllCallback, AfterAllCallback {
  /** One model for every suite: it loads 23 MB of ONNX once. */
  static final EmbeddingModel MODEL = new AllMiniLmL6V2QuantizedEmbeddingModel();

  private Path dir;
  private Quiver quiver;
  private QuiverEmbeddingStore store;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("quiver-langchain4j-suite");
    // the model's vectors come with the suite's requests, so the store needs no embedder
    quiver = Quiver.open(dir.resolve("suite.quiver"), QuiverOptions.builder()
        .dimensions(384)
        .modelId("all-minilm-l6-v2-q")
        .keywordIndex(LuceneKeywordIndex.factory())
        .build());
    store = QuiverEmbeddingStore.of(quiver);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    quiver.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  QuiverEmbeddingStore store() {
    return store;
  }
}
