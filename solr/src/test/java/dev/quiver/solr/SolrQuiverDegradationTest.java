package dev.quiver.solr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Degradation;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.Side;
import dev.quiver.testing.HashingTestEmbedder;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.request.schema.SchemaRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** When the kNN side cannot answer, keywords do, and the result says why; as in the embedded store. */
@ExtendWith(SolrCluster.Extension.class)
class SolrQuiverDegradationTest {
  private static final List<Item> ITEMS = List.of(
      Item.of("a", "the deploy is scheduled for friday", Map.of("room", "ops")),
      Item.of("b", "deploy the canary first", Map.of("room", "dev")),
      Item.of("c", "pizza for lunch", Map.of("room", "ops")));
  private static SolrCluster solr;

  @BeforeAll
  static void start(SolrCluster cluster) {
    solr = cluster;
  }

  @Test
  void aCollectionWithoutAVectorFieldAnswersFromKeywords() throws Exception {
    solr.createCollection("novector", 2, 1);
    try {
      new SchemaRequest.DeleteField(SolrFields.VECTOR).process(solr.client(), "novector");
      try (SolrQuiver store = SolrQuiver.open(solr.client(), "novector", QuiverOptions.builder()
          .embedder(new HashingTestEmbedder()).build())) {
        store.index(ITEMS); // stored without vectors
        SearchResult result = store.search(SearchRequest.of("deploy"));
        assertThat(result.answered()).containsExactly(Side.KEYWORD);
        assertThat(result.degradedBy(Degradation.Reason.UNAVAILABLE)).isTrue();
        assertThat(result.degradations().get(0).side()).isEqualTo(Side.VECTOR);
        assertThat(result.hits()).extracting(Hit::id).containsExactlyInAnyOrder("a", "b");
        SearchResult vectorOnly = store.search(SearchRequest.of("deploy").mode(SearchMode.VECTOR));
        assertThat(vectorOnly.hits()).isEmpty();
        assertThat(vectorOnly.degradedBy(Degradation.Reason.UNAVAILABLE)).isTrue();
      }
    } finally {
      solr.deleteCollection("novector");
    }
  }

  @Test
  void aKnnQueryThatSolrRefusesAnswersFromKeywords() throws Exception {
    solr.createCollection("brokenknn", 2, 1);
    try (SolrQuiver store = SolrQuiver.open(solr.client(), "brokenknn", QuiverOptions.builder()
        .embedder(new HashingTestEmbedder()).build())) {
      store.index(ITEMS);
      assertThat(store.search(SearchRequest.of("deploy")).answered()).contains(Side.VECTOR);
      // the vector field turns into a string field under the open store: Solr then refuses every kNN query
      new SchemaRequest.ReplaceField(Map.of("name", SolrFields.VECTOR, "type", "string", "indexed", true,
          "stored", false)).process(solr.client(), "brokenknn");
      SearchResult result = store.search(SearchRequest.of("deploy").filter(dev.quiver.Filter.eq("room", "ops")));
      assertThat(result.answered()).containsExactly(Side.KEYWORD);
      assertThat(result.degradedBy(Degradation.Reason.FAILED)).isTrue();
      assertThat(result.degradations().get(0).side()).isEqualTo(Side.VECTOR);
      assertThat(result.hits()).extracting(Hit::id).containsExactly("a");
      assertThat(result.hits().get(0).explanation().vectorRank()).isNull();
    } finally {
      solr.deleteCollection("brokenknn");
    }
  }

  @Test
  void aFailingQueryEmbedderAnswersFromKeywords() throws Exception {
    solr.createCollection("noembedder", 2, 1);
    try {
      try (SolrQuiver store = SolrQuiver.open(solr.client(), "noembedder", QuiverOptions.builder()
          .embedder(new HashingTestEmbedder()).build())) {
        store.index(ITEMS);
      }
      HashingTestEmbedder down = new HashingTestEmbedder() {
        @Override
        public List<float[]> embedQueries(List<String> texts) {
          throw new IllegalStateException("model server is down");
        }
      };
      try (SolrQuiver store = SolrQuiver.open(solr.client(), "noembedder", QuiverOptions.builder()
          .embedder(down).build())) {
        SearchResult result = store.search(SearchRequest.of("canary"));
        assertThat(result.answered()).containsExactly(Side.KEYWORD);
        assertThat(result.degradations()).singleElement().satisfies(d -> {
          assertThat(d.reason()).isEqualTo(Degradation.Reason.FAILED);
          assertThat(d.detail()).contains("model server is down");
        });
        assertThat(result.hits()).extracting(Hit::id).containsExactly("b");
      }
      try (SolrQuiver keywordsOnly = SolrQuiver.open(solr.client(), "noembedder", QuiverOptions.builder().build())) {
        SearchResult result = keywordsOnly.search(SearchRequest.of("canary"));
        assertThat(result.degradedBy(Degradation.Reason.NOT_CONFIGURED)).isTrue();
        assertThat(result.hits()).extracting(Hit::id).containsExactly("b");
      }
    } finally {
      solr.deleteCollection("noembedder");
    }
  }
}
