package dev.quiver.springai;

import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.embed.minilm.MiniLmEmbedder;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.nio.file.Path;

/**
 * What the tests run against: a real, persistent Quiver store (vector file and Lucene keyword index in a temporary
 * directory) for the vectors of the local all-MiniLM-L6-v2, which the Spring AI store embeds itself.
 */
final class SuiteStore {
  private SuiteStore() {}

  /** A store at {@code dir}, for vectors the caller brings. */
  static Quiver open(Path dir) {
    return Quiver.open(dir.resolve("suite.quiver"), QuiverOptions.builder()
        .dimensions(MiniLmEmbedder.DIMENSIONS)
        .modelId(MiniLmEmbedder.MODEL_ID)
        .keywordIndex(LuceneKeywordIndex.factory())
        .build());
  }

  /** A Spring AI view of {@code quiver} embedding with the local MiniLM. */
  static QuiverVectorStore vectorStore(Quiver quiver) {
    return QuiverVectorStore.builder(quiver, MiniLmEmbeddingModel.INSTANCE).build();
  }
}
