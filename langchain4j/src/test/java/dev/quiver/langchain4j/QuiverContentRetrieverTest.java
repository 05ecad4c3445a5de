package dev.quiver.langchain4j;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.query.Query;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hybrid retriever over segments added through the embedding store, with the local MiniLM. */
class QuiverContentRetrieverTest {
  @TempDir Path dir;

  private static final List<TextSegment> SEGMENTS = List.of(
      TextSegment.from("Deploys are frozen on Fridays.", new Metadata().put("team", "ops").put("rev", 3)),
      TextSegment.from("The release train leaves every Tuesday.", new Metadata().put("team", "ops")),
      TextSegment.from("Error QX-4711 means the disk quota is exhausted.", new Metadata().put("team", "infra")),
      TextSegment.from("Lunch is served at noon in the atrium.", new Metadata().put("team", "office")));

  private Quiver open() {
    return Quiver.open(dir.resolve("rag.quiver"), QuiverOptions.builder()
        .embedder(LangChain4jEmbedder.of(SuiteStore.MODEL, "all-minilm-l6-v2-q"))
        .keywordIndex(LuceneKeywordIndex.factory()).build());
  }

  private static void add(Quiver quiver) {
    QuiverEmbeddingStore.of(quiver).addAll(SuiteStore.MODEL.embedAll(SEGMENTS).content(), SEGMENTS);
  }

  @Test
  void aRareCodeIsFoundByItsKeywordAndComesFirst() {
    try (Quiver quiver = open()) {
      add(quiver);
      List<Content> contents = QuiverContentRetriever.builder(quiver).maxResults(2).build()
          .retrieve(Query.from("QX-4711"));
      assertThat(contents).hasSizeLessThanOrEqualTo(2);
      assertThat(contents.get(0).textSegment().text()).contains("QX-4711");
      assertThat(contents.get(0).metadata()).containsKeys(ContentMetadata.SCORE, ContentMetadata.EMBEDDING_ID);
      assertThat(QuiverContentRetriever.builder(quiver).mode(SearchMode.KEYWORD).build()
          .retrieve(Query.from("QX-4711"))).singleElement()
          .satisfies(c -> assertThat(c.textSegment()).isEqualTo(SEGMENTS.get(2)));
    }
  }

  @Test
  void aFilterKeepsTheRetrieverInsideItsTeamAndMetadataKeepTheirTypes() {
    try (Quiver quiver = open()) {
      add(quiver);
      List<Content> contents = QuiverContentRetriever.builder(quiver).maxResults(5)
          .filter(metadataKey("team").isEqualTo("ops")).build().retrieve(Query.from("can I deploy on friday?"));
      assertThat(contents).extracting(c -> c.textSegment().metadata().getString("team")).containsOnly("ops");
      assertThat(contents.get(0).textSegment()).isEqualTo(SEGMENTS.get(0));
      assertThat(contents.get(0).textSegment().metadata().toMap().get("rev")).isInstanceOf(Integer.class);
    }
  }

  @Test
  void aStoreWithoutAnEmbedderEmbedsTheQuestionWithTheGivenModel() {
    try (Quiver quiver = Quiver.open(dir.resolve("plain.quiver"), QuiverOptions.builder().dimensions(384)
        .modelId("all-minilm-l6-v2-q").build())) {
      add(quiver);
      List<Content> contents = QuiverContentRetriever.builder(quiver).embeddingModel(SuiteStore.MODEL)
          .maxResults(1).build().retrieve(Query.from("when is lunch?"));
      assertThat(contents).singleElement().satisfies(c -> assertThat(c.textSegment()).isEqualTo(SEGMENTS.get(3)));
    }
  }
}
