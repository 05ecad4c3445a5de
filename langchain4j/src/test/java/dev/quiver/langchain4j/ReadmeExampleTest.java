package dev.quiver.langchain4j;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The module README's example, compiled and run; keep the two in step. */
class ReadmeExampleTest {
  @TempDir Path data;

  @Test
  void readmeExampleStoresASegmentAndFindsItByMeaningAndByItsErrorCode() {
    List<EmbeddingMatch<TextSegment>> matches;
    List<Content> contents;
    // --- README example starts here ---
    EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();   // any LangChain4j EmbeddingModel
    QuiverOptions options = QuiverOptions.builder()
        .embedder(LangChain4jEmbedder.of(model, "all-minilm-l6-v2-q"))   // embeds the retriever's questions
        .keywordIndex(LuceneKeywordIndex.factory())                      // quiver-lucene-keyword: BM25
        .build();
    try (Quiver quiver = Quiver.open(data.resolve("docs.quiver"), options)) {
      EmbeddingStore<TextSegment> store = QuiverEmbeddingStore.of(quiver);
      TextSegment segment = TextSegment.from("Deploys are frozen on Fridays; error QX-4711 means the freeze is on.",
          new Metadata().put("team", "ops").put("revision", 3));
      store.add(model.embed(segment).content(), segment);

      matches = store.search(EmbeddingSearchRequest.builder()
          .queryEmbedding(model.embed("can I deploy on a friday?").content())
          .filter(metadataKey("team").isEqualTo("ops"))
          .maxResults(3).build()).matches();

      ContentRetriever retriever = QuiverContentRetriever.builder(quiver).maxResults(3).build();
      contents = retriever.retrieve(Query.from("QX-4711"));   // vectors and keywords, fused
    }
    // --- README example ends here ---
    assertThat(matches).singleElement().satisfies(m -> {
      assertThat(m.score()).isBetween(0.5, 1.0);
      assertThat(m.embedded().metadata().getInteger("revision")).isEqualTo(3);
    });
    assertThat(contents).singleElement().satisfies(c -> assertThat(c.textSegment().text()).contains("QX-4711"));
  }
}
