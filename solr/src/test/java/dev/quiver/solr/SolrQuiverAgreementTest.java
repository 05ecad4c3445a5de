package dev.quiver.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.testing.HashingTestEmbedder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same items in the embedded store (exact search) and on the cluster: vector searches give the same top
 * 10, rank by rank, with the same cosine scores; tied scores may come in either order.
 */
@ExtendWith(SolrCluster.Extension.class)
class SolrQuiverAgreementTest {
  private static final String COLLECTION = "agreement";
  private static final float TIE = 1e-5f;
  private static SolrCluster solr;
  private static SolrQuiver cluster;
  private static Quiver embedded;

  @BeforeAll
  static void start(SolrCluster shared, @TempDir Path dir) throws Exception {
    solr = shared;
    solr.createCollection(COLLECTION, 2, 2);
    QuiverOptions options = QuiverOptions.builder().embedder(new HashingTestEmbedder()).build();
    cluster = SolrQuiver.open(solr.client(), COLLECTION, options);
    embedded = Quiver.open(dir.resolve("same.quiver"), options);
    List<Item> items = new RandomItems(7).items(400);
    cluster.index(items);
    embedded.index(items);
  }

  @AfterAll
  static void stop() throws Exception {
    embedded.close();
    cluster.close();
    solr.deleteCollection(COLLECTION);
  }

  @Test
  void vectorSearchesGiveTheEmbeddedStoresExactTopTen() {
    RandomItems queries = new RandomItems(8);
    for (int i = 0; i < 30; i++) {
      Filter filter = i % 3 == 0 ? Filter.all() : queries.filter(2);
      SearchRequest request = SearchRequest.of(queries.text(3)).mode(SearchMode.VECTOR).limit(10).filter(filter);
      List<Hit> expected = embedded.search(request).hits();
      List<Hit> actual = cluster.search(request).hits();
      assertThat(actual).as(request.toString()).hasSameSizeAs(expected);
      for (int r = 0; r < expected.size(); r++) {
        assertThat(actual.get(r).explanation().vectorScore()).as(request + " rank " + (r + 1))
            .isCloseTo(expected.get(r).explanation().vectorScore(), within(TIE));
      }
      assertThat(clearOfTies(actual)).as(request.toString()).isEqualTo(clearOfTies(expected));
    }
  }

  @Test
  void hybridExplanationsCarryBothSidesRanksAndTheFusedScore() {
    SearchRequest request = SearchRequest.of("deploy canary rollback").limit(5);
    List<Hit> hits = cluster.search(request).hits();
    assertThat(hits).hasSize(5);
    Hit top = hits.get(0);
    assertThat(top.explanation().vectorRank()).isNotNull();
    assertThat(top.explanation().keywordRank()).isNotNull();
    assertThat(top.score()).isEqualTo(top.explanation().fusedScore());
    assertThat(hits).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
  }

  /** The ids whose score is not tied with the last hit's, which any exact top k must hold. */
  private static Set<String> clearOfTies(List<Hit> hits) {
    if (hits.isEmpty()) {
      return Set.of();
    }
    float last = hits.get(hits.size() - 1).explanation().vectorScore();
    return hits.stream().filter(h -> h.explanation().vectorScore() > last + TIE).map(Hit::id)
        .collect(Collectors.toSet());
  }
}
