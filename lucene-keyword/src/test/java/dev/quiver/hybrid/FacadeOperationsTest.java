package dev.quiver.hybrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.Degradation;
import dev.quiver.ErrorCode;
import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverException;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.Side;
import dev.quiver.keyword.LuceneKeywordIndex;
import dev.quiver.spi.Embedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operations integrations need, through the facade on real files: caller vectors, query vectors, ... */
class FacadeOperationsTest {
  @TempDir Path dir;

  private Quiver callerVectors() {
    return Quiver.open(dir.resolve("byo.quiver"), QuiverOptions.builder().dimensions(3).modelId("caller-model")
        .keywordIndex(LuceneKeywordIndex.factory()).build());
  }

  @Test
  void callersBringTheirOwnVectorsAndQueryVectorsWithoutAnEmbedder() {
    try (Quiver quiver = callerVectors()) {
      quiver.index(List.of(Item.of("a", "deploy moved to friday", Map.of("room", "ops")),
          Item.of("b", "lunch at noon", Map.of("room", "dev")), Item.of("c", "no vector here")),
          Arrays.asList(new float[] {1, 0, 0}, new float[] {0, 1, 0}, null));
      quiver.index(Item.of("d", "retro on thursday", Map.of("room", "ops")), new float[] {0.9f, 0.1f, 0});

      SearchResult nearest = quiver.search(SearchRequest.of(new float[] {1, 0.05f, 0}).limit(3));
      assertThat(nearest.answered()).containsExactly(Side.VECTOR);
      assertThat(nearest.degraded()).isFalse();
      assertThat(nearest.hits()).extracting(Hit::id).containsExactly("a", "d", "b");

      // text and the caller's vector together: hybrid without an embedder
      SearchResult hybrid = quiver.search(SearchRequest.of("friday deploy").queryVector(new float[] {0, 1, 0})
          .mode(SearchMode.HYBRID));
      assertThat(hybrid.answered()).containsExactlyInAnyOrder(Side.VECTOR, Side.KEYWORD);
      assertThat(hybrid.hits()).extracting(Hit::id).contains("a", "b");

      // text alone: no embedder, so keyword results, and the result says why
      SearchResult textOnly = quiver.search("friday");
      assertThat(textOnly.answered()).containsExactly(Side.KEYWORD);
      assertThat(textOnly.degradedBy(Degradation.Reason.NOT_CONFIGURED)).isTrue();
    }
    try (Quiver reopened = callerVectors()) {
      assertThat(reopened.count()).isEqualTo(4);
    }
  }

  @Test
  void vectorReadsBackAUnitVectorAsGivenAndAnyOtherScaledToUnitLength() {
    float[] unit = {0.26726124f, 0.5345225f, 0.8017837f};
    try (Quiver quiver = callerVectors()) {
      quiver.index(List.of(Item.of("unit", null), Item.of("long", null), Item.of("none", "text only")),
          Arrays.asList(unit, new float[] {3, 4, 0}, null));
      assertThat(quiver.vector("unit")).hasValueSatisfying(v -> assertThat(v).containsExactly(unit));
      assertThat(quiver.vector("long")).hasValueSatisfying(v -> assertThat(v).containsExactly(0.6f, 0.8f, 0f));
      assertThat(quiver.vector("none")).isEmpty();
      assertThat(quiver.vector("missing")).isEmpty();
      assertThatThrownBy(() -> quiver.vector("")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aCallerVectorOfTheWrongLengthIsRefusedBeforeAnythingIsWritten() {
    try (Quiver quiver = callerVectors()) {
      assertThatThrownBy(() -> quiver.index(List.of(Item.of("a", "x"), Item.of("b", "y")),
          Arrays.asList(new float[] {1, 0, 0}, new float[] {1, 0})))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 dimensions")
          .hasMessageContaining("expects 3");
      assertThatThrownBy(() -> quiver.index(List.of(Item.of("a", "x")), List.of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 items and 0 vectors");
      assertThat(quiver.count()).isZero();
    }
  }

  @Test
  void minVectorScoreDropsWeakVectorCandidates() {
    try (Quiver quiver = callerVectors()) {
      quiver.index(List.of(Item.of("near", "x"), Item.of("far", "y"), Item.of("opposite", "z")),
          List.of(new float[] {1, 0, 0}, new float[] {0, 1, 0}, new float[] {-1, 0, 0}));
      SearchRequest query = SearchRequest.of(new float[] {1, 0.1f, 0});
      assertThat(quiver.search(query).hits()).extracting(Hit::id).containsExactly("near", "far", "opposite");
      assertThat(quiver.search(query.minVectorScore(0.5)).hits()).extracting(Hit::id).containsExactly("near");
      assertThat(quiver.search(query.minVectorScore(2)).hits()).isEmpty();
    }
  }

  @Test
  void deleteAllRemovesExactlyTheMatchingItemsFromBothSides() {
    try (Quiver quiver = Quiver.open(dir.resolve("chat.quiver"), QuiverOptions.builder()
        .embedder(new HashingEmbedder()).keywordIndex(LuceneKeywordIndex.factory()).build())) {
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        items.add(new Item("m" + i, "zeppelin message " + i, Map.of("room", i % 3 == 0 ? "ops" : "dev"),
            1_000L + i));
      }
      quiver.index(items);
      assertThat(quiver.deleteAll(Filter.and(Filter.eq("room", "ops"), Filter.timeRange(1_000, 1_015)))).isEqualTo(5);
      assertThat(quiver.count()).isEqualTo(25);
      for (SearchMode mode : SearchMode.values()) {
        assertThat(quiver.search(SearchRequest.of("zeppelin message").mode(mode).limit(100)
            .filter(Filter.eq("room", "ops"))).hits()).extracting(Hit::id)
            .containsExactlyInAnyOrder("m15", "m18", "m21", "m24", "m27");
      }
      assertThat(quiver.deleteAll(Filter.eq("room", "nowhere"))).isZero();
      assertThat(quiver.deleteAll(Filter.all())).isEqualTo(25);
      assertThat(quiver.count()).isZero();
      assertThat(quiver.verify()).isEmpty();
    }
  }

  @Test
  void deleteAllByIdsRemovesThemFromBothSidesAndCountsThoseThatExisted() {
    try (Quiver quiver = Quiver.open(dir.resolve("ids.quiver"), QuiverOptions.builder()
        .embedder(new HashingEmbedder()).keywordIndex(LuceneKeywordIndex.factory()).build())) {
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        items.add(Item.of("m" + i, "zeppelin message " + i));
      }
      quiver.index(items);
      long before = quiver.status().vectors().sequence();
      assertThat(quiver.deleteAll(List.of("m1", "m3", "m3", "absent", "m9"))).isEqualTo(3);
      assertThat(quiver.status().vectors().sequence()).isEqualTo(before + 3); // one change per item deleted
      assertThat(quiver.count()).isEqualTo(7);
      for (SearchMode mode : SearchMode.values()) {
        assertThat(quiver.search(SearchRequest.of("zeppelin message").mode(mode).limit(100)).hits())
            .extracting(Hit::id).doesNotContain("m1", "m3", "m9").hasSize(7);
      }
      assertThat(quiver.deleteAll(List.of("absent"))).isZero();
      assertThat(quiver.deleteAll(List.of())).isZero();
      assertThatThrownBy(() -> quiver.deleteAll(Arrays.asList("m0", null)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> quiver.deleteAll(List.of("m0", "")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(quiver.count()).isEqualTo(7); // a bad id refuses the whole call
      assertThat(quiver.verify()).isEmpty();
    }
  }

  @Test
  void queriesAndDocumentsAreEmbeddedEachTheirOwnWay() {
    AsymmetricEmbedder embedder = new AsymmetricEmbedder();
    try (Quiver quiver = Quiver.open(dir.resolve("chat.quiver"), QuiverOptions.builder().embedder(embedder)
        .build())) {
      quiver.index(List.of(Item.of("a", "alpha"), Item.of("b", "beta")));
      quiver.search("alpha");
    }
    assertThat(embedder.documents).containsExactly("passage: alpha", "passage: beta");
    assertThat(embedder.queries).containsExactly("query: alpha");
  }

  @Test
  void anotherModelOnAnExistingStoreIsAModelMismatch() {
    try (Quiver quiver = Quiver.open(dir.resolve("chat.quiver"), QuiverOptions.builder()
        .embedder(new HashingEmbedder()).build())) {
      quiver.index(Item.of("a", "alpha"));
    }
    assertThatThrownBy(() -> Quiver.open(dir.resolve("chat.quiver"), QuiverOptions.builder()
        .embedder(new AsymmetricEmbedder()).build()))
        .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_MISMATCH))
        .hasMessageContaining("hashing-64");
  }

  @Test
  void largeScansRunOnTheCallersExecutor() {
    AtomicInteger tasks = new AtomicInteger();
    Executor counting = task -> {
      tasks.incrementAndGet();
      task.run();
    };
    int n = 140_000; // past the size at which an unfiltered scan is split
    List<Item> items = new ArrayList<>(n);
    List<float[]> vectors = new ArrayList<>(n);
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < n; i++) {
      items.add(Item.of("v" + i, null));
      vectors.add(new float[] {random.nextFloat() - 0.5f, random.nextFloat() - 0.5f, random.nextFloat() + 0.1f});
    }
    try (Quiver quiver = Quiver.open(dir.resolve("big.quiver"), QuiverOptions.builder().dimensions(3)
        .searchParallelism(2).searchExecutor(counting).build())) {
      quiver.index(items, vectors);
      assertThat(quiver.search(SearchRequest.of(new float[] {0, 0, 1})).hits()).hasSize(10);
      assertThat(tasks).as("the searching thread scans one of the two ranges itself").hasValue(1);
    }
  }

  /** Prefixes like e5's, recording what it was asked to embed. */
  private static final class AsymmetricEmbedder implements Embedder {
    final List<String> documents = new ArrayList<>();
    final List<String> queries = new ArrayList<>();
    private final HashingEmbedder inner = new HashingEmbedder();

    @Override
    public String modelId() {
      return "asymmetric-test";
    }

    @Override
    public int dimensions() {
      return inner.dimensions();
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      throw new AssertionError("the store should say whether it embeds documents or queries");
    }

    @Override
    public synchronized List<float[]> embedDocuments(List<String> texts) {
      texts.forEach(t -> documents.add("passage: " + t));
      return inner.embed(texts);
    }

    @Override
    public synchronized List<float[]> embedQueries(List<String> texts) {
      texts.forEach(t -> queries.add("query: " + t));
      return inner.embed(texts);
    }
  }
}
