package dev.quiver.solr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
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
    try {
      assertThat(answers(requests)).isEqualTo(before);
      store.index(Item.of("while-down", "written while a node was down", Map.of("room", "ops")));
      assertThat(store.count()).isEqualTo(201);
      assertThat(store.get("while-down")).isPresent();
      afterWrite = answers(requests); // one more document changes BM25's statistics, so keyword ranks may move
    } finally {
      solr.cluster.startJettySolrRunner(node);
      solr.cluster.waitForAllNodes(30);
      solr.cluster.waitForActiveCollection(COLLECTION, 30, TimeUnit.SECONDS, 2, 4);
    }
    // The restarted node's replicas recover the write. A replica that caught up by replaying it was seen to
    // answer from before the write until its next commit (autoSoftCommit, 3 s in the configset): wait for it.
    // Queries go to either replica of a shard, so the same answers three times running is taken as settled.
    long back = System.nanoTime();
    long deadline = back + TimeUnit.SECONDS.toNanos(30);
    for (int same = 0; same < 3 && System.nanoTime() < deadline; ) {
      same = answers(requests).equals(afterWrite) ? same + 1 : 0;
      Thread.sleep(same == 0 ? 200 : 0);
    }
    System.err.printf("node loss: answers settled %d ms after the collection was active again%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back));
    assertThat(answers(requests)).isEqualTo(afterWrite);
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

  private static List<List<String>> answers(List<SearchRequest> requests) {
    List<List<String>> out = new ArrayList<>();
    for (SearchRequest r : requests) {
      SearchResult result = store.search(r);
      assertThat(result.degraded()).as(r.toString()).isFalse();
      out.add(result.hits().stream().map(Hit::id).toList());
    }
    return out;
  }
}
