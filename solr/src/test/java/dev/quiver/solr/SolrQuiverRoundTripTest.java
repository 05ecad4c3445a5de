package dev.quiver.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.ErrorCode;
import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.QuiverException;
import dev.quiver.QuiverOptions;
import dev.quiver.RetrievalStore;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.Side;
import dev.quiver.testing.HashingTestEmbedder;
import java.util.List;
import org.apache.solr.client.solrj.request.FieldAnalysisRequest;
import org.apache.solr.client.solrj.response.AnalysisResponseBase;
import org.apache.solr.client.solrj.response.FieldAnalysisResponse;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Index, get, search in the three modes, and delete, on a 2-shard x 2-replica collection of a real cluster. */
@ExtendWith(SolrCluster.Extension.class)
class SolrQuiverRoundTripTest {
  private static final String COLLECTION = "roundtrip";
  private static SolrCluster solr;
  private static RetrievalStore store;

  @BeforeAll
  static void start(SolrCluster cluster) throws Exception {
    solr = cluster;
    solr.createCollection(COLLECTION, 2, 2);
    store = SolrQuiver.open(solr.client(), COLLECTION, QuiverOptions.builder()
        .embedder(new HashingTestEmbedder()).build());
    store.index(List.of(
        new Item("m1", "the deploy is scheduled for friday night", Map.of("room", "ops", "priority", 3L), 1000L),
        new Item("m2", "lunch order: pizza and salad", Map.of("room", "random", "priority", 1L), 2000L),
        new Item("m3", "rollback the deploy if the canary fails", Map.of("room", "ops", "urgent", true), 3000L),
        new Item("m4", "contract review with the legal team", Map.of("room", "law", "score", 2.5), null),
        Item.of("m5", null, Map.of("room", "ops"))));
  }

  @AfterAll
  static void stop() throws Exception {
    store.close();
    solr.deleteCollection(COLLECTION);
  }

  @Test
  void itemsComeBackAsTheyWereWithTheirTypes() {
    assertThat(store.count()).isEqualTo(5);
    assertThat(store.get("m1")).contains(new Item("m1", "the deploy is scheduled for friday night",
        Map.of("room", "ops", "priority", 3L), 1000L));
    assertThat(store.get("m4").orElseThrow().attributes()).containsEntry("score", 2.5);
    assertThat(store.get("m3").orElseThrow().attributes()).containsEntry("urgent", true);
    assertThat(store.get("m5")).contains(Item.of("m5", null, Map.of("room", "ops")));
    assertThat(store.get("nothing")).isEmpty();
  }

  @Test
  void keywordSearchRanksByBm25AndExplainsTheKeywordSideOnly() {
    SearchResult result = store.search(SearchRequest.of("deploying").mode(SearchMode.KEYWORD));
    assertThat(result.hits()).extracting(Hit::id).containsExactlyInAnyOrder("m1", "m3"); // stemmed
    assertThat(result.answered()).containsExactly(Side.KEYWORD);
    assertThat(result.degraded()).isFalse();
    Hit top = result.hits().get(0);
    assertThat(top.explanation().keywordRank()).isEqualTo(1);
    assertThat(top.explanation().vectorRank()).isNull();
    assertThat(top.score()).isEqualTo((double) top.explanation().keywordScore());
  }

  @Test
  void vectorSearchFindsTheNearestTextAndScoresItsCosine() {
    SearchResult result = store.search(SearchRequest.of("pizza and salad for lunch").mode(SearchMode.VECTOR)
        .limit(2));
    assertThat(result.hits()).hasSize(2);
    Hit top = result.hits().get(0);
    assertThat(top.id()).isEqualTo("m2");
    assertThat(top.explanation().vectorRank()).isEqualTo(1);
    assertThat(top.explanation().vectorScore()).isBetween(0.5f, 1.0001f);
    assertThat(result.answered()).containsExactly(Side.VECTOR);
  }

  @Test
  void hybridSearchFusesBothSidesAndFiltersBoth() {
    SearchResult result = store.search(SearchRequest.of("deploy canary").filter(Filter.eq("room", "ops")));
    assertThat(result.answered()).isEqualTo(Set.of(Side.VECTOR, Side.KEYWORD));
    assertThat(result.hits()).extracting(Hit::id).startsWith("m3").doesNotContain("m2", "m4");
    Hit top = result.hits().get(0);
    assertThat(top.explanation().vectorRank()).isEqualTo(1);
    assertThat(top.explanation().keywordRank()).isEqualTo(1);
    assertThat(top.text()).isEqualTo("rollback the deploy if the canary fails");
    assertThat(store.search(SearchRequest.of("deploy").includeText(false)).hits().get(0).text()).isNull();
  }

  @Test
  void deleteRemovesFromBothSidesAndSaysWhetherTheItemExisted() {
    store.index(Item.of("gone", "a message about zebras", Map.of("room", "zoo")));
    assertThat(store.search(SearchRequest.of("zebras").mode(SearchMode.KEYWORD)).hits()).extracting(Hit::id)
        .containsExactly("gone");
    assertThat(store.delete("gone")).isTrue();
    assertThat(store.delete("gone")).isFalse();
    assertThat(store.get("gone")).isEmpty();
    assertThat(store.search(SearchRequest.of("zebras")).hits()).extracting(Hit::id).doesNotContain("gone");
  }

  @Test
  void theCollectionsTextFieldAnalyzesAsTheQuerySideDoes() throws Exception {
    String text = "The DevOps team's deployments aren't failing: they're rolling back (quickly) at 3am, e-mail me!";
    FieldAnalysisRequest request = new FieldAnalysisRequest().addFieldName(SolrFields.TEXT).setFieldValue(text);
    FieldAnalysisResponse response = request.process(solr.client(), COLLECTION);
    List<AnalysisResponseBase.TokenInfo> last = null;
    for (AnalysisResponseBase.AnalysisPhase phase : response.getFieldNameAnalysis(SolrFields.TEXT)
        .getIndexPhases()) {
      last = phase.getTokens();
    }
    assertThat(last).extracting(AnalysisResponseBase.TokenInfo::getText)
        .containsExactlyElementsOf(KeywordQuery.terms(text));
  }

  @Test
  void anotherModelIsRefused() {
    assertThatThrownBy(() -> SolrQuiver.open(solr.client(), COLLECTION, QuiverOptions.builder()
        .embedder(new HashingTestEmbedder("another-model", 384)).build()))
        .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_MISMATCH));
    assertThatThrownBy(() -> SolrQuiver.open(solr.client(), COLLECTION, QuiverOptions.builder()
        .embedder(new HashingTestEmbedder("test-hashing", 16)).build()))
        .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_MISMATCH));
  }

  @Test
  void aQueryVectorOfOtherDimensionsIsTheCallersMistake() {
    assertThatThrownBy(() -> store.search(SearchRequest.of(new float[] {1, 0, 0})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 dimensions");
  }
}
