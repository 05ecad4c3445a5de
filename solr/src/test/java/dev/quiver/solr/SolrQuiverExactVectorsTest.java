package dev.quiver.solr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.testing.HashingTestEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact vector mode on a 2 × 2 collection: the same items, with the same seeded Gaussian vectors (so scores are
 * not tied), in the embedded store and on the cluster. Every exact search returns the embedded scan's top k,
 * id by id and rank by rank, with and without filters; items without a vector are never vector hits.
 */
@ExtendWith(SolrCluster.Extension.class)
class SolrQuiverExactVectorsTest {
  private static final String COLLECTION = "exact";
  private static final int ITEMS = 1_200;
  private static SolrCluster solr;
  private static SolrQuiver approximate;
  private static SolrQuiver exact;
  private static Quiver embedded;

  @BeforeAll
  static void start(SolrCluster shared, @TempDir Path dir) throws Exception {
    solr = shared;
    solr.createCollection(COLLECTION, 2, 2);
    // a window of 1 leaves each shard's graph search with topK = limit: HNSW as approximate as it gets
    QuiverOptions options = QuiverOptions.builder().embedder(new HashingTestEmbedder()).candidateWindow(1).build();
    approximate = SolrQuiver.open(solr.client(), COLLECTION, options);
    exact = approximate.exactVectors(true);
    embedded = Quiver.open(dir.resolve("same.quiver"), options);
    List<Item> items = new RandomItems(11).items(ITEMS);
    Random random = new Random(12);
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      vectors.add(i % 10 == 3 ? null : gaussianUnit(random)); // every tenth item from 3 has no vector
    }
    for (int from = 0; from < ITEMS; from += 300) {
      approximate.index(items.subList(from, from + 300), vectors.subList(from, from + 300));
    }
    embedded.index(items, vectors);
  }

  @AfterAll
  static void stop() throws Exception {
    embedded.close();
    approximate.close();
    solr.deleteCollection(COLLECTION);
  }

  @Test
  void exactVectorSearchesGiveTheEmbeddedScansTopKIdByIdWithAndWithoutFilters() {
    RandomItems filters = new RandomItems(13);
    Random random = new Random(14);
    for (int i = 0; i < 40; i++) {
      Filter filter = i % 4 == 0 ? Filter.all() : filters.filter(2);
      int limit = i % 5 == 0 ? 37 : 10;
      SearchRequest request = SearchRequest.of(gaussianUnit(random)).mode(SearchMode.VECTOR).limit(limit)
          .filter(filter);
      List<Hit> expected = embedded.search(request).hits();
      List<Hit> actual = exact.search(request).hits();
      assertThat(ids(actual)).as(request.toString()).isEqualTo(ids(expected));
      for (int r = 0; r < expected.size(); r++) {
        assertThat((double) actual.get(r).explanation().vectorScore()).as(request + " rank " + (r + 1))
            .isCloseTo(expected.get(r).explanation().vectorScore(), org.assertj.core.api.Assertions.within(1e-5));
      }
    }
  }

  @Test
  void itemsWithoutAVectorAreNeverExactVectorHits() {
    Filter noVector = Filter.in("room", "ops", "dev", "law", "", "Ops", "opsx");
    SearchRequest request = SearchRequest.of(gaussianUnit(new Random(15))).mode(SearchMode.VECTOR)
        .limit(SearchRequest.MAX_LIMIT).filter(noVector);
    List<Hit> hits = exact.search(request).hits();
    assertThat(ids(hits)).isEqualTo(ids(embedded.search(request).hits()));
    assertThat(hits).noneMatch(h -> Integer.parseInt(h.id().substring("item-".length())) % 10 == 3);
  }

  @Test
  void theSwitchMakesAViewOnTheSameCollectionAndHybridUsesTheExactSide() {
    assertThat(approximate.exactVectors()).isFalse();
    assertThat(exact.exactVectors()).isTrue();
    assertThat(exact.count()).isEqualTo(approximate.count()).isEqualTo(ITEMS);
    float[] query = gaussianUnit(new Random(16));
    SearchRequest hybrid = SearchRequest.of(query).limit(10);
    List<Hit> vectorOnly = exact.search(SearchRequest.of(query).mode(SearchMode.VECTOR).limit(10)).hits();
    List<Hit> fused = exact.search(hybrid).hits();
    // a query vector without text: hybrid has only the vector side, so it ranks as the exact vector search
    assertThat(ids(fused)).isEqualTo(ids(vectorOnly)).isEqualTo(ids(embedded.search(hybrid).hits()));
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }

  private static float[] gaussianUnit(Random random) {
    float[] v = new float[SolrQuiverCollections.DEFAULT_DIMENSIONS];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }
}
