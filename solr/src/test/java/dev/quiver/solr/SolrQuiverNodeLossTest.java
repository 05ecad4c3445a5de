package dev.quiver.solr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.testing.HashingTestEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.solr.embedded.JettySolrRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With two replicas of each shard, losing a node loses nothing: searches and writes go on, then it comes back. */
@ExtendWith(SolrCluster.Extension.class)
class SolrQuiverNodeLossTest {
  private static final String COLLECTION = "nodeloss";
  private static SolrCluster solr;
  private static SolrQuiver store;

  @BeforeAll
  static void start(SolrCluster cluster) throws Exception {
    solr = cluster;
    solr.createCollection(COLLECTION, 2, 2);
    store = SolrQuiver.open(solr.client(), COLLECTION, QuiverOptions.builder()
        .embedder(new HashingTestEmbedder()).build());
    store.index(new RandomItems(11).items(200));
  }

  @AfterAll
  static void stop() throws Exception {
    store.close();
    solr.deleteCollection(COLLECTION);
  }

  @Test
  void searchesKeepAnsweringTheSameWhileANodeIsDown() throws Exception {
    List<SearchRequest> requests = requests();
    List<List<String>> before = answers(requests);

    JettySolrRunner node = solr.cluster.stopJettySolrRunner(1);
    solr.cluster.waitForJettyToStop(node);
    List<List<String>> afterWrite;
    List<List<String>> everythingAfterWrite;
    try {
      assertThat(answers(requests)).isEqualTo(before);
      store.index(Item.of("while-down", "written while a node was down", Map.of("room", "ops")));
      assertThat(store.count()).isEqualTo(201);
      assertThat(store.get("while-down")).isPresent();
      afterWrite = answers(requests); // one more document changes BM25's statistics, so keyword ranks may move
      everythingAfterWrite = answers(everything(requests));
    } finally {
      solr.cluster.startJettySolrRunner(node);
      solr.cluster.waitForAllNodes(30);
      solr.cluster.waitForActiveCollection(COLLECTION, 30, TimeUnit.SECONDS, 2, 4);
    }
    // Nothing is lost once the node is back: vector answers are the same, rank by rank, and keyword and hybrid
    // searches find the same items. Their ranks may not be: after the restart a replica was seen to rank a few
    // keyword hits differently for as long as it was watched (30 s), with the same items. Replicas' BM25
    // statistics can differ (deleted documents count until merged); that is the likely cause, not yet proven.
    List<List<String>> now = answers(requests);
    List<List<String>> all = answers(everything(requests));
    for (int i = 0; i < requests.size(); i++) {
      if (requests.get(i).mode() == SearchMode.VECTOR) {
        assertThat(now.get(i)).as(requests.get(i).toString()).isEqualTo(afterWrite.get(i));
      }
    }
    assertThat(all).isEqualTo(everythingAfterWrite);
    assertThat(store.search(SearchRequest.of("written while down").mode(SearchMode.KEYWORD)).hits())
        .extracting(Hit::id).contains("while-down");
  }

  private static List<SearchRequest> requests() {
    RandomItems random = new RandomItems(12);
    List<SearchRequest> out = new ArrayList<>();
    for (SearchMode mode : SearchMode.values()) {
      for (int i = 0; i < 4; i++) {
        out.add(SearchRequest.of(random.text(2)).mode(mode).limit(10)
            .filter(i % 2 == 0 ? Filter.all() : Filter.exists("room")));
      }
    }
    return out;
  }

  /** The requests asking for every match, whose ids are compared in id order. */
  private static List<SearchRequest> everything(List<SearchRequest> requests) {
    return requests.stream().map(r -> r.limit(500)).toList();
  }

  private static List<List<String>> answers(List<SearchRequest> requests) {
    List<List<String>> out = new ArrayList<>();
    for (SearchRequest r : requests) {
      SearchResult result = store.search(r);
      assertThat(result.degraded()).as(r.toString()).isFalse();
      List<String> ids = result.hits().stream().map(Hit::id).toList();
      out.add(r.limit() == 500 ? ids.stream().sorted().toList() : ids);
    }
    return out;
  }
}
