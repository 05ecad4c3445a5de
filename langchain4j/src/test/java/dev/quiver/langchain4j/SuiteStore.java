package dev.quiver.langchain4j;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.nio.file.Path;

/**
 * What LangChain4j's suites run against: a real, persistent Quiver store (vector file and Lucene keyword index
 * in a temporary directory) opened once per suite class, and the local all-MiniLM-L6-v2 as the suite's model.
 */
final class SuiteStore {
  /** One model for every suite: it loads 23 MB of ONNX once. */
  static final EmbeddingModel MODEL = new AllMiniLmL6V2QuantizedEmbeddingModel();

  private SuiteStore() {}

  /** A store at {@code dir} for the model's vectors, which the suites bring themselves. */
  static Quiver open(Path dir) {
    return Quiver.open(dir.resolve("suite.quiver"), QuiverOptions.builder()
        .dimensions(384)
        .modelId("all-minilm-l6-v2-q")
        .keywordIndex(LuceneKeywordIndex.factory())
        .build());
  }
}
