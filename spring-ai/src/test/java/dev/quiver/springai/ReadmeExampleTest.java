package dev.quiver.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.retrieval.search.DocumentRetriever;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;

/** The module README's example, compiled and run; keep the two in step. */
class ReadmeExampleTest {
  @TempDir Path data;

  @Test
  void readmeExampleStoresADocumentAndFindsItByMeaningAndByItsErrorCode() {
    List<Document> similar;
    List<Document> retrieved;
    EmbeddingModel embeddingModel = MiniLmEmbeddingModel.INSTANCE;
    // --- README example starts here ---
    QuiverOptions options = QuiverOptions.builder()
        .embedder(SpringAiEmbedder.of(embeddingModel, "all-minilm-l6-v2-q"))   // embeds the retriever's questions
        .keywordIndex(LuceneKeywordIndex.factory())                            // quiver-lucene-keyword: BM25
        .build();
    try (Quiver quiver = Quiver.open(data.resolve("docs.quiver"), options)) {
      VectorStore store = QuiverVectorStore.builder(quiver, embeddingModel).build();
      store.add(List.of(new Document("Deploys are frozen on Fridays; error QX-4711 means the freeze is on.",
          Map.of("team", "ops", "revision", 3))));

      similar = store.similaritySearch(SearchRequest.builder().query("can I deploy on a friday?")
          .filterExpression("team == 'ops' && revision >= 2").topK(3).similarityThreshold(0.3).build());

      DocumentRetriever retriever = QuiverDocumentRetriever.builder(quiver).topK(3).build();
      retrieved = retriever.retrieve(new Query("QX-4711"));   // vectors and keywords, fused
    }
    // --- README example ends here ---
    assertThat(similar).singleElement().satisfies(d -> {
      assertThat(d.getScore()).isBetween(0.3, 1.0);
      assertThat(d.getMetadata()).containsEntry("revision", 3);
    });
    assertThat(retrieved).singleElement().satisfies(d -> assertThat(d.getText()).contains("QX-4711"));
  }
}
