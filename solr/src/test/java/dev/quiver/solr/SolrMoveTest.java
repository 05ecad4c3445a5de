package dev.quiver.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quiver.ErrorCode;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverException;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.spi.AttributeOrder;
import dev.quiver.testing.HashingTestEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving 2,000 items of an embedded store, with their vectors, into a 2 × 2 collection reached through its
 * ZooKeeper address, and back: in interrupted parts that resume without duplicates, with the same exact top 10s,
 * refusing another model, and back into a store equal to the original. The tests run in order, on one move.
 */
@ExtendWith(SolrCluster.Extension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SolrMoveTest {
  private static final String COLLECTION = "moved";
  private static final int ITEMS = 2_000;
  /** Ids that query syntax or UTF-16 order would get wrong; they sort among the others. */
  private static final List<String> ODD_IDS = List.of("item-0350 \"quoted\" id", "item-0350\\back\\slash",
      "item-0351-\uE000", "item-0351-\uD83D\uDE00", "item-0352 a:b*c? [x TO y]");
  private static SolrCluster solr;
  private static CloudSolrClient client;
  private static Quiver source;
  private static SolrQuiver target;
  private static List<String> sourceIds;
  private static Path dir;

  @BeforeAll
  static void start(SolrCluster shared, @TempDir Path temp) throws Exception {
    solr = shared;
    dir = temp;
    String zk = solr.cluster.getZkServer().getZkAddress(); // host:port/solr: a chroot, as most clusters have
    SolrAddress address = SolrAddress.parse(zk + "/" + COLLECTION);
    client = address.connect();
    assertThat(SolrQuiverCollections.createIfMissing(client, address.collection(), 2, 2, 384)).isTrue();
    assertThat(SolrQuiverCollections.createIfMissing(client, address.collection(), 2, 2, 384)).isFalse();
    solr.cluster.waitForActiveCollection(COLLECTION, 2, 4);
    source = Quiver.open(dir.resolve("source.quiver"), QuiverOptions.builder()
        .embedder(new HashingTestEmbedder()).build());
    List<Item> items = items(new Random(41));
    for (int from = 0; from < items.size(); from += 500) {
      source.index(items.subList(from, Math.min(items.size(), from + 500)));
    }
    sourceIds = new ArrayList<>();
    source.forEach((item, vector) -> sourceIds.add(item.id()));
    target = SolrQuiver.open(client, COLLECTION, QuiverOptions.builder().modelId("test-hashing").dimensions(384)
        .build()).exactVectors(true);
  }

  /** Typed attributes, some timestamps, texts from a vocabulary large enough that no two hashed vectors tie. */
  private static List<Item> items(Random random) {
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      String id = i < ODD_IDS.size() ? ODD_IDS.get(i) : String.format(Locale.ROOT, "item-%04d", i);
      Map<String, Object> attributes = new HashMap<>();
      attributes.put("room", List.of("ops", "dev", "law").get(i % 3));
      if (i % 4 == 0) {
        attributes.put("priority", (long) (i % 7));
      }
      if (i % 5 == 0) {
        attributes.put("score", i / 8.0);
      }
      if (i % 6 == 0) {
        attributes.put("urgent", i % 12 == 0);
      }
      String text = i % 97 == 5 ? null : words(random, 6 + random.nextInt(6)); // a few without text or vector
      out.add(new Item(id, text, attributes, i % 3 == 0 ? null : 1_700_000_000_000L + i));
    }
    return out;
  }

  private static String words(Random random, int n) {
    StringBuilder b = new StringBuilder();
    for (int w = 0; w < n; w++) {
      b.append(w == 0 ? "" : " ").append("w").append(random.nextInt(20_000));
    }
    return b.toString();
  }

  @AfterAll
  static void stop() throws Exception {
    source.close();
    target.close();
    client.close();
    solr.deleteCollection(COLLECTION);
  }

  @Test
  @Order(1)
  void anInterruptedMoveResumesWithoutDuplicatesAndAFinishedOneWritesNothing() throws Exception {
    AtomicLong progress = new AtomicLong();
    SolrMove.Report first = SolrMove.builder().batchSize(200).limit(700).progress(progress::addAndGet).build()
        .intoSolr(source, target);
    assertThat(first).isEqualTo(new SolrMove.Report(700, 0));
    assertThat(target.count()).isEqualTo(700);
    assertThat(progress.get()).isEqualTo(700);

    // as if the batch in flight had reached one shard only: items just before the cursor are missing
    List<String> lost = List.of(sourceIds.get(650), sourceIds.get(680), sourceIds.get(698));
    UpdateRequest delete = new UpdateRequest().deleteById(lost);
    delete.setAction(UpdateRequest.ACTION.COMMIT, true, true, true);
    delete.process(client, COLLECTION);
    assertThat(target.count()).isEqualTo(697);

    SolrMove.Report second = SolrMove.builder().batchSize(200).limit(603).build().intoSolr(source, target);
    assertThat(second.written()).isEqualTo(603); // the 3 lost ones again, then 600 new
    assertThat(target.count()).isEqualTo(1_300);
    assertThat(lost).allSatisfy(id -> assertThat(target.get(id)).isPresent());

    SolrMove.Report rest = SolrMove.builder().batchSize(200).build().intoSolr(source, target);
    assertThat(rest.written()).isEqualTo(ITEMS - 1_300);
    SolrMove.Report again = SolrMove.builder().build().intoSolr(source, target);
    assertThat(again).isEqualTo(new SolrMove.Report(0, ITEMS));

    List<String> moved = new ArrayList<>();
    target.forEach((item, vector) -> moved.add(item.id()));
    assertThat(moved).hasSize(ITEMS).doesNotHaveDuplicates().isEqualTo(sourceIds); // same id order too
    assertThat(target.count()).isEqualTo(ITEMS);
  }

  @Test
  @Order(2)
  void theCollectionGivesTheEmbeddedStoresExactTopTen() {
    Random random = new Random(42);
    for (int q = 0; q < 25; q++) {
      // half an item's words and two others: that item first, then its neighbours, fewer ties than random words
      String text = source.get(sourceIds.get(random.nextInt(ITEMS))).orElseThrow().text();
      String[] words = text == null ? new String[0] : text.split(" ");
      String half = String.join(" ", Arrays.asList(words).subList(0, words.length / 2)) + " " + words(random, 2);
      float[] query = new HashingTestEmbedder().embedQueries(List.of(half)).get(0);
      SearchRequest request = SearchRequest.of(query).mode(SearchMode.VECTOR).limit(10);
      List<Hit> expected = source.search(SearchRequest.of(query).mode(SearchMode.VECTOR).limit(11)).hits();
      List<Hit> actual = target.search(request).hits();
      assertThat(actual).hasSize(10);
      for (int r = 0; r < 10; r++) {
        double score = expected.get(r).explanation().vectorScore();
        assertThat((double) actual.get(r).explanation().vectorScore()).as("query " + q + " rank " + (r + 1))
            .isCloseTo(score, within(1e-5));
        // Solr scores (1 + cos) / 2 in float, so tied and near-tied hits may come in either order
        boolean tied = (r > 0 && Math.abs(score - expected.get(r - 1).explanation().vectorScore()) < 1e-5)
            || Math.abs(score - expected.get(r + 1).explanation().vectorScore()) < 1e-5;
        if (!tied) {
          assertThat(actual.get(r).id()).as("query " + q + " rank " + (r + 1)).isEqualTo(expected.get(r).id());
        }
      }
    }
  }

  @Test
  @Order(3)
  void vectorsOfAnotherModelAreRefusedNamingTheCollection() throws Exception {
    try (Quiver other = Quiver.open(dir.resolve("other.quiver"), QuiverOptions.builder()
        .embedder(new HashingTestEmbedder("another-model", 384)).build())) {
      other.index(Item.of("item-9999", "a message embedded by another model"));
      assertThatThrownBy(() -> SolrMove.builder().build().intoSolr(other, target))
          .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_MISMATCH))
          .hasMessageContaining("collection " + COLLECTION).hasMessageContaining("another-model");
    }
    assertThat(target.get("item-9999")).isEmpty();
    assertThat(target.modelId()).contains("test-hashing");
  }

  @Test
  @Order(4)
  void readingOnAfterAnIdFollowsCodePointOrderWhateverTheIdHolds() {
    List<String> ordered = new ArrayList<>(sourceIds);
    ordered.sort(AttributeOrder::compareStrings);
    assertThat(ordered).isEqualTo(sourceIds); // the store lists in code point order, not String.compareTo's
    for (String after : ODD_IDS) {
      List<String> read = new ArrayList<>();
      target.forEachAfter(after, 300, (items, vectors) -> {
        items.forEach(i -> read.add(i.id()));
        return true;
      });
      assertThat(read).as(after).isEqualTo(sourceIds.subList(sourceIds.indexOf(after) + 1, ITEMS));
    }
  }

  @Test
  @Order(5)
  void theWayBackInPartsGivesAStoreEqualToTheOriginal() {
    QuiverOptions options = QuiverOptions.builder().modelId(target.modelId().orElseThrow())
        .dimensions(target.dimensions()).build();
    try (Quiver back = Quiver.open(dir.resolve("back.quiver"), options)) {
      long written = 0;
      SolrMove.Report part;
      do { // parts that end inside Solr's pages and on odd ids alike
        part = SolrMove.builder().batchSize(150).limit(353).build().fromSolr(target, back);
        written += part.written();
        assertThat(back.count()).isEqualTo((int) written);
      } while (part.written() > 0);
      assertThat(written).isEqualTo(ITEMS);
      assertThat(everything(back)).isEqualTo(everything(source));
      assertThat(back.status().vectors().modelId()).isEqualTo("test-hashing");
    }
  }

  @Test
  @Order(6)
  void theWayBackRefusesAStoreOfAnotherModel() {
    try (Quiver other = Quiver.open(dir.resolve("other-back.quiver"), QuiverOptions.builder()
        .embedder(new HashingTestEmbedder("another-model", 384)).build())) {
      assertThatThrownBy(() -> SolrMove.builder().build().fromSolr(target, other))
          .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_MISMATCH))
          .hasMessageContaining("collection " + COLLECTION);
      assertThat(other.count()).isZero();
    }
  }

  /** Each item beside its vector (exact floats, as text), in the store's order. */
  private static List<List<Object>> everything(Quiver store) {
    List<List<Object>> out = new ArrayList<>();
    store.forEach((item, vector) -> out.add(List.of(item, Arrays.toString(vector))));
    assertThat(new HashSet<>(out)).hasSameSizeAs(out);
    return out;
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }
}
