package dev.quiver.solr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.datasets.DemoCorpus;
import dev.quiver.embed.minilm.MiniLmEmbedder;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.solr.client.solrj.impl.Http2SolrClient;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.common.cloud.Slice;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.embedded.JettySolrRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's agreement test on real text: the bundled corpus's 2,000 Debian package descriptions, embedded once
 * with the real MiniLM model, in the embedded store (SQLite and Lucene) and in a 2 shards × 2 replicas
 * collection on a 2-node cluster, with the same vectors. Keyword, exact vector and hybrid (exact vector side)
 * searches give the embedded store's top 10; HNSW's recall@10 is reported; one node stops while searches run
 * and nothing changes.
 *
 * <p><b>Ties.</b> Both backends order equal scores by id, but a score is a float computed on two sides (BM25
 * sums its clauses in the order Lucene visits them; Solr's cosine comes back as {@code (1 + cos) / 2}), so two
 * items the embedded store ranks as exactly tied may differ in their last bit on the cluster and swap. The rule
 * ({@link #assertSameTopTen}): rank by rank the scores agree within {@link #TOLERANCE}; every item the cluster
 * returns is one the embedded store ranks with that score; every item the embedded store ranks clear above its
 * 10th score is in the cluster's top 10. Only items tied within the tolerance may swap or, at rank 10, be
 * replaced. How many answers needed that (were not id-for-id equal) is logged.
 *
 * <p>The queries are 50 package summaries (the first line of every 40th item's text, as a user might describe
 * the package); every fifth is filtered to its package's section.
 *
 * <p>Keyword agreement rests on the configset's {@code ExactStatsCache}: BM25 on each shard then uses the
 * collection's document frequencies, as the one embedded index does. With per-shard statistics the scores, and
 * with them many top 10s, differ (measured in {@code benchmarks/results/solr-minilm-agreement-jdk17.md}).
 */
@ExtendWith(SolrCluster.Extension.class)
class SolrQuiverMiniLmAgreementTest {
  private static final String COLLECTION = "minilm2000";
  private static final int LIMIT = 10;
  /** Embedded hits read beyond the top 10, to know every item tied with the 10th. */
  private static final int TIED_TAIL = 30;
  private static final double TOLERANCE = 1e-5;
  /**
   * HNSW on 1,000 vectors per shard, each shard asked for the candidate window (100), misses little; a bug
   * (wrong vectors, a shard not searched, scores not converted) misses most. This floor tells those apart and
   * claims nothing about quality: the measured figure is in benchmarks/results/solr-recall-jdk17.md.
   */
  private static final double RECALL_SANITY_FLOOR = 0.9;
  private static final long CLASS_STARTED = System.nanoTime();

  private static SolrCluster solr;
  private static SolrQuiver hnsw;
  private static SolrQuiver exact;
  private static Quiver embedded;
  private static List<Item> items;
  private static List<float[]> vectors;
  private static final List<SearchRequest> QUERIES = new ArrayList<>();

  @BeforeAll
  static void start(SolrCluster shared, @TempDir Path dir) throws Exception {
    solr = shared;
    items = DemoCorpus.items(DemoCorpus.SIZE);
    MiniLmEmbedder embedder = new MiniLmEmbedder();
    long t = System.nanoTime();
    vectors = embedder.embedDocuments(items.stream().map(Item::text).toList());
    log("embedded %d documents with MiniLM in %.1f s", items.size(), seconds(t));

    QuiverOptions options = QuiverOptions.builder().embedder(embedder).build();
    embedded = Quiver.open(dir.resolve("same.quiver"), QuiverOptions.builder().embedder(embedder)
        .keywordIndex(LuceneKeywordIndex.factory()).build());
    embedded.index(items, vectors);

    t = System.nanoTime();
    solr.createCollection(COLLECTION, 2, 2);
    hnsw = SolrQuiver.open(solr.client(), COLLECTION, options);
    for (int from = 0; from < items.size(); from += 500) {
      hnsw.index(items.subList(from, from + 500), new ArrayList<>(vectors.subList(from, from + 500)));
    }
    exact = hnsw.exactVectors(true);
    log("created the 2x2 collection and indexed %d documents in %.1f s", items.size(), seconds(t));

    List<String> summaries = new ArrayList<>();
    List<Filter> filters = new ArrayList<>();
    for (int i = 0; i < items.size(); i += 40) {
      Item item = items.get(i);
      summaries.add(item.text().split("\n", 2)[0].replaceFirst("\\.$", ""));
      filters.add(summaries.size() % 5 == 0 ? Filter.eq("section", (String) item.attributes().get("section"))
          : Filter.all());
    }
    List<float[]> queryVectors = embedder.embedQueries(summaries);
    for (int i = 0; i < summaries.size(); i++) {
      QUERIES.add(SearchRequest.of(summaries.get(i)).queryVector(queryVectors.get(i)).filter(filters.get(i))
          .limit(LIMIT));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    embedded.close();
    hnsw.close();
    solr.deleteCollection(COLLECTION);
    log("class wall time, cluster start to collection deletion: %.1f s", seconds(CLASS_STARTED));
  }

  @Test
  void keywordSearchesGiveTheEmbeddedStoresTopTen() {
    agreeWithTheEmbeddedStore(SearchMode.KEYWORD, exact);
  }

  @Test
  void exactVectorSearchesGiveTheEmbeddedStoresTopTen() {
    agreeWithTheEmbeddedStore(SearchMode.VECTOR, exact);
  }

  @Test
  void hybridSearchesWithExactVectorsGiveTheEmbeddedStoresTopTen() {
    agreeWithTheEmbeddedStore(SearchMode.HYBRID, exact);
  }

  @Test
  void hnswRecallAtTenAgainstTheEmbeddedExactTopTenIsReported() {
    double sum = 0;
    double min = 1;
    int below = 0;
    for (SearchRequest q : QUERIES) {
      SearchRequest request = q.mode(SearchMode.VECTOR);
      List<Hit> truth = embedded.search(request).hits();
      List<Hit> found = hnsw.search(request).hits();
      // a section may hold fewer than 10 items: recall is then over what the exact search found
      assertThat(truth).as(request.toString()).isNotEmpty();
      // a hit tied with the exact last one counts as found: any exact top 10 may hold it
      double last = score(truth.get(truth.size() - 1), SearchMode.VECTOR);
      long hits = found.stream().filter(h -> score(h, SearchMode.VECTOR) >= last - TOLERANCE).count();
      double recall = Math.min(hits, truth.size()) / (double) truth.size();
      sum += recall;
      min = Math.min(min, recall);
      below += recall < 1 ? 1 : 0;
    }
    double mean = sum / QUERIES.size();
    log("HNSW recall@10 against exact: mean %.4f, min %.2f, %d of %d queries below 1.0", mean, min, below,
        QUERIES.size());
    assertThat(mean).isGreaterThanOrEqualTo(RECALL_SANITY_FLOOR);
  }

  /**
   * Searches go on while node 1 is stopped and after it restarts, and every answer is the one given before:
   * the same top 10, id by id. Exact modes only: each replica builds its own HNSW graph, so an approximate
   * answer may depend on which replica serves it. No writes while down (the node-loss test covers those), so
   * every replica of a shard holds the same documents and BM25 statistics.
   */
  @Test
  void searchesKeepTheirTopTenWhileANodeIsDownAndItComesBackWithEverything() throws Exception {
    List<SearchRequest> requests = new ArrayList<>();
    for (SearchMode mode : SearchMode.values()) {
      QUERIES.forEach(q -> requests.add(q.mode(mode)));
    }
    List<List<String>> before = requests.stream().map(r -> ids(exact.search(r))).toList();
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger rounds = new AtomicInteger();
    AtomicInteger searches = new AtomicInteger();
    List<String> differences = new CopyOnWriteArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Thread searcher = new Thread(() -> {
      while (!done.get()) {
        for (int i = 0; i < requests.size(); i++) {
          try {
            SearchResult result = exact.search(requests.get(i));
            searches.incrementAndGet();
            if (result.degraded() || !ids(result).equals(before.get(i))) {
              differences.add(requests.get(i) + ": " + result.degradations() + " " + ids(result) + " before "
                  + before.get(i));
            }
          } catch (RuntimeException e) {
            failures.add(e);
          }
        }
        rounds.incrementAndGet();
      }
    }, "searches-during-node-loss");
    searcher.start();
    try {
      awaitRounds(rounds, 1);
      JettySolrRunner node = solr.cluster.stopJettySolrRunner(1);
      solr.cluster.waitForJettyToStop(node);
      int downAt = searches.get();
      try {
        awaitRounds(rounds, rounds.get() + 2);
        assertThat(exact.count()).isEqualTo(items.size());
        assertEveryItemWithItsVector();
      } finally {
        log("%d searches while node 1 was down", searches.get() - downAt);
        solr.cluster.startJettySolrRunner(node);
        solr.cluster.waitForAllNodes(30);
        solr.cluster.waitForActiveCollection(COLLECTION, 30, TimeUnit.SECONDS, 2, 4);
      }
      awaitRounds(rounds, rounds.get() + 2);
    } finally {
      done.set(true);
      searcher.join(TimeUnit.MINUTES.toMillis(2));
    }
    log("%d searches in all, %d differing, %d failed", searches.get(), differences.size(), failures.size());
    assertThat(failures).isEmpty();
    assertThat(differences).isEmpty();
    assertEveryReplicaHoldsItsShardsItems();
  }

  private static void agreeWithTheEmbeddedStore(SearchMode mode, SolrQuiver cluster) {
    int notIdForId = 0;
    double largestDifference = 0;
    for (SearchRequest q : QUERIES) {
      SearchRequest request = q.mode(mode);
      List<Hit> expected = embedded.search(request.limit(LIMIT + TIED_TAIL)).hits();
      List<Hit> actual = cluster.search(request).hits();
      assertSameTopTen(request, mode, expected, actual);
      List<String> top = ids(expected.subList(0, Math.min(LIMIT, expected.size())));
      notIdForId += top.equals(ids(actual)) ? 0 : 1;
      for (int r = 0; r < actual.size(); r++) {
        double want = score(expected.get(r), mode);
        largestDifference = Math.max(largestDifference,
            Math.abs(score(actual.get(r), mode) - want) / Math.max(1, Math.abs(want)));
      }
    }
    log("%s: %d queries agree; %d of them only up to tied scores; largest score difference %.2e (relative "
        + "above 1)", mode, QUERIES.size(), notIdForId, largestDifference);
  }

  /** The tie-aware rule of the class notes; {@code expected} holds the embedded store's top 10 and then more. */
  private static void assertSameTopTen(SearchRequest request, SearchMode mode, List<Hit> expected,
      List<Hit> actual) {
    String what = mode + " " + request;
    List<Hit> top = expected.subList(0, Math.min(LIMIT, expected.size()));
    assertThat(actual).as(what).hasSameSizeAs(top);
    assertThat(top).as(what + ": a query that finds nothing tests nothing").isNotEmpty();
    Map<String, Double> expectedScore = new HashMap<>();
    expected.forEach(h -> expectedScore.put(h.id(), score(h, mode)));
    for (int r = 0; r < top.size(); r++) {
      Hit hit = actual.get(r);
      double want = score(top.get(r), mode);
      assertThat(close(score(hit, mode), want)).as("%s rank %d: %s scores %s, embedded %s", what, r + 1, hit.id(),
          score(hit, mode), want).isTrue();
      Double own = expectedScore.get(hit.id());
      assertThat(own != null && close(own, want)).as("%s rank %d: %s is not tied with the embedded hit %s there",
          what, r + 1, hit.id(), top.get(r).id()).isTrue();
    }
    double last = score(top.get(top.size() - 1), mode);
    List<String> clearAbove = top.stream().filter(h -> !close(score(h, mode), last)).map(Hit::id).toList();
    assertThat(ids(actual)).as(what).containsAll(clearAbove);
  }

  private static boolean close(double a, double b) {
    return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
  }

  /** The score the mode ranks by: BM25, the cosine, or the fused score. */
  private static double score(Hit hit, SearchMode mode) {
    return switch (mode) {
      case KEYWORD -> hit.explanation().keywordScore();
      case VECTOR -> hit.explanation().vectorScore();
      case HYBRID -> hit.score();
    };
  }

  /** Nothing lost with a node down: every item is there, text, attributes and vector as written. */
  private static void assertEveryItemWithItsVector() {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      index.put(items.get(i).id(), i);
    }
    AtomicInteger seen = new AtomicInteger();
    hnsw.forEach((item, vector) -> {
      Integer i = index.get(item.id());
      assertThat(i).as(item.id()).isNotNull();
      assertThat(item.text()).isEqualTo(items.get(i).text());
      assertThat(item.attributes()).isEqualTo(items.get(i).attributes());
      assertThat(Arrays.equals(vector, vectors.get(i))).as("vector of %s", item.id()).isTrue();
      seen.incrementAndGet();
    });
    assertThat(seen.get()).isEqualTo(items.size());
  }

  /** Once the node is back, each replica (asked alone, not distributed) holds all of its shard's items. */
  private static void assertEveryReplicaHoldsItsShardsItems() throws Exception {
    DocCollection collection = solr.client().getClusterStateProvider().getCollection(COLLECTION);
    long total = 0;
    for (Slice shard : collection.getSlices()) {
      List<Long> counts = new ArrayList<>();
      for (Replica replica : shard.getReplicas()) {
        try (Http2SolrClient direct = new Http2SolrClient.Builder(replica.getBaseUrl()).build()) {
          ModifiableSolrParams p = new ModifiableSolrParams();
          p.set("q", "*:*");
          p.set("fq", "{!term f=" + SolrFields.KIND + " v=" + SolrFields.ITEM + "}");
          p.set("rows", 0);
          p.set("distrib", false);
          counts.add(direct.query(replica.getCoreName(), p).getResults().getNumFound());
        }
      }
      assertThat(counts).as(shard.getName()).hasSize(2).containsOnly(counts.get(0));
      total += counts.get(0);
    }
    assertThat(total).isEqualTo(items.size());
  }

  private static void awaitRounds(AtomicInteger rounds, int atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (rounds.get() < atLeast) {
      assertThat(System.nanoTime()).as("searches stalled at round %d", rounds.get()).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static List<String> ids(SearchResult result) {
    return ids(result.hits());
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[SolrQuiverMiniLmAgreementTest] " + format + "%n", args);
  }
}
