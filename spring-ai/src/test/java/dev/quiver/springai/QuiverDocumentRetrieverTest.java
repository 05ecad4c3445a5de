package dev.quiver.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.Quiver;
import dev.quiver.SearchMode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.retrieval.search.VectorStoreDocumentRetriever;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;

class QuiverDocumentRetrieverTest {
  @TempDir Path dir;
  private Quiver quiver;

  @BeforeEach
  void open() {
    quiver = SuiteStore.open(dir);
    SuiteStore.vectorStore(quiver).add(List.of(
        doc("freeze", "Deploys are frozen on Fridays; error QX-4711 means the freeze is on.", "ops", 3),
        doc("lunch", "The team lunch is on Friday at noon.", "people", 1),
        doc("oncall", "The on-call engineer answers pages within five minutes.", "ops", 2)));
  }

  @AfterEach
  void close() {
    quiver.close();
  }

  private static Document doc(String id, String text, String team, int revision) {
    return Document.builder().id(id).text(text).metadata(new HashMap<>(Map.of("team", team, "revision", revision)))
        .build();
  }

  private QuiverDocumentRetriever.Builder retriever() {
    return QuiverDocumentRetriever.builder(quiver).embeddingModel(MiniLmEmbeddingModel.INSTANCE);
  }

  @Test
  void hybridSearchFindsARareCodeByItsKeywordFirst() {
    List<Document> found = retriever().topK(3).build().retrieve(new Query("QX-4711"));
    assertThat(found.get(0).getId()).isEqualTo("freeze");
    assertThat(found.get(0).getMetadata()).containsEntry("team", "ops").containsEntry("revision", 3);
    assertThat(found.get(0).getScore()).isNotNull();
  }

  @Test
  void keywordModeNeedsNoModelAndReturnsOnlyKeywordMatches() {
    List<Document> found = QuiverDocumentRetriever.builder(quiver).mode(SearchMode.KEYWORD).build()
        .retrieve(new Query("QX-4711"));
    assertThat(found).extracting(Document::getId).containsExactly("freeze");
  }

  @Test
  void builderFilterAsTextOrExpressionLimitsTheDocuments() {
    assertThat(retriever().filterExpression("team == 'people'").build().retrieve(new Query("deploy on friday")))
        .extracting(Document::getId).containsExactly("lunch");
    FilterExpressionBuilder b = new FilterExpressionBuilder();
    assertThat(retriever().filterExpression(b.gte("revision", 2).build()).build().retrieve(new Query("friday")))
        .extracting(Document::getId).containsExactlyInAnyOrder("freeze", "oncall");
  }

  @Test
  void queryContextFilterWinsOverTheBuildersAsInSpringAisRetriever() {
    QuiverDocumentRetriever r = retriever().filterExpression("team == 'people'").build();
    Query query = Query.builder().text("who answers pages?")
        .context(Map.of(VectorStoreDocumentRetriever.FILTER_EXPRESSION, "team == 'ops' && revision < 3")).build();
    assertThat(r.retrieve(query)).extracting(Document::getId).containsExactly("oncall");
  }

  @Test
  void topKBoundsTheDocumentsAndIsChecked() {
    assertThat(retriever().topK(1).build().retrieve(new Query("friday"))).hasSize(1);
    assertThat(retriever().build().retrieve(new Query("friday"))).hasSizeLessThanOrEqualTo(
        QuiverDocumentRetriever.DEFAULT_TOP_K);
    assertThatThrownBy(() -> retriever().topK(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("topK must be 1 to");
  }
}
