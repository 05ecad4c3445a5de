package dev.quiver.internal.store;

import dev.quiver.internal.storefile.ChangeBatch;
import dev.quiver.internal.storefile.StoreOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.ErrorCode;
import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.QuiverException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorStoreTest {
  @TempDir Path dir;

  private VectorStore open(Metric metric) {
    return VectorStore.open(dir.resolve("chat.quiver"), StoreOptions.of(3, metric));
  }

  @Test
  void upsertGetDeleteAndCountRoundTripThroughReopen() {
    try (VectorStore store = open(Metric.COSINE)) {
      store.upsert(new Item("msg:1", "deploy on friday", Map.of("room", "ops"), 1000L), new float[] {1, 0, 0});
      store.upsert(Item.of("msg:2", "lunch?"), new float[] {0, 1, 0});
      assertThat(store.count()).isEqualTo(2);
      assertThat(store.delete("msg:2")).isTrue();
      assertThat(store.delete("msg:2")).isFalse();
      assertThat(store.delete("never")).isFalse();
    }
    try (VectorStore store = open(Metric.COSINE)) {
      assertThat(store.count()).isEqualTo(1);
      assertThat(store.get("msg:1")).contains(new Item("msg:1", "deploy on friday", Map.of("room", "ops"), 1000L));
      assertThat(store.get("msg:2")).isEmpty();
      assertThat(store.sequence()).isEqualTo(3);
    }
  }

  @Test
  void upsertReplacesTheItemAndItsVector() {
    try (VectorStore store = open(Metric.DOT)) {
      store.upsert(Item.of("a", "old", Map.of("room", "x")), new float[] {1, 0, 0});
      store.upsert(Item.of("a", "new", Map.of("room", "y")), new float[] {0, 2, 0});
      assertThat(store.count()).isEqualTo(1);
      assertThat(store.get("a").orElseThrow().text()).isEqualTo("new");
      assertThat(store.search(new float[] {0, 1, 0}, 5, Filter.all())).extracting(VectorHit::score)
          .containsExactly(2f);
      assertThat(store.search(new float[] {0, 1, 0}, 5, Filter.eq("room", "x"))).isEmpty();
    }
  }

  @Test
  void cosineVectorsAreNormalisedAtWrite() {
    try (VectorStore store = open(Metric.COSINE)) {
      store.upsert(Item.of("a", null), new float[] {3, 4, 0});
      assertThat(store.vector("a").orElseThrow()).containsExactly(0.6f, 0.8f, 0f);
      assertThat(store.search(new float[] {0, 10, 0}, 1, null).get(0).score()).isEqualTo(0.8f);
    }
  }

  @Test
  void cosineKeepsAVectorOfUnitLengthBitForBitThroughReopen() {
    // 1 + 3 ulps: rescaling it to unit length would give {1, 0, 0}
    float[] almostUnit = {Math.nextUp(Math.nextUp(Math.nextUp(1f))), 0f, 0f};
    float[] unit = {0.6f, 0.8f, 0f};
    try (VectorStore store = open(Metric.COSINE)) {
      store.upsertAll(List.of(Item.of("a", null), Item.of("b", null)), List.of(almostUnit, unit));
      assertThat(store.vector("a").orElseThrow()).containsExactly(almostUnit);
      assertThat(store.view().vector("b").orElseThrow()).containsExactly(unit);
    }
    try (VectorStore store = open(Metric.COSINE)) {
      assertThat(store.vector("a").orElseThrow()).containsExactly(almostUnit);
      assertThat(store.search(new float[] {1, 0, 0}, 1, null).get(0).score())
          .isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
    }
  }

  @Test
  void aViewShowsNoVectorForAnItemWrittenAfterIt() {
    try (VectorStore store = open(Metric.DOT)) {
      store.upsert(Item.of("a", null), new float[] {1, 2, 3});
      VectorStore.View before = store.view();
      store.upsert(Item.of("b", null), new float[] {4, 5, 6});
      assertThat(before.vector("a").orElseThrow()).containsExactly(1, 2, 3);
      assertThat(before.vector("b")).isEmpty();
      assertThat(store.view().vector("b").orElseThrow()).containsExactly(4, 5, 6);
    }
  }

  @Test
  void l2ScoresAreNegativeSquaredDistancesNearestFirst() {
    try (VectorStore store = open(Metric.L2)) {
      store.upsertAll(List.of(Item.of("near", null), Item.of("far", null)),
          List.of(new float[] {1, 1, 1}, new float[] {5, 5, 5}));
      assertThat(store.search(new float[] {0, 0, 0}, 2, Filter.all()))
          .extracting(VectorHit::id, VectorHit::score)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("near", -3f),
              org.assertj.core.groups.Tuple.tuple("far", -75f));
    }
  }

  @Test
  void equalScoresAreOrderedById() {
    try (VectorStore store = open(Metric.DOT)) {
      store.upsertAll(List.of(Item.of("c", null), Item.of("a", null), Item.of("b", null)),
          List.of(new float[] {1, 0, 0}, new float[] {1, 0, 0}, new float[] {1, 0, 0}));
      assertThat(store.search(new float[] {1, 0, 0}, 2, Filter.all())).extracting(VectorHit::id)
          .containsExactly("a", "b");
    }
  }

  @Test
  void badInputIsRefusedWithWhatWasExpectedAndNothingChanges() {
    try (VectorStore store = open(Metric.COSINE)) {
      store.upsert(Item.of("keep", "x"), new float[] {1, 0, 0});
      long before = store.sequence();
      assertThatThrownBy(() -> store.upsert(Item.of("msg:42", "x"), new float[] {1, 0}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'msg:42' has 2 dimensions").hasMessageContaining("expects 3")
          .hasMessageContaining("chat.quiver");
      assertThatThrownBy(() -> store.upsertAll(List.of(Item.of("ok", "x"), Item.of("bad", "y")),
          List.of(new float[] {1, 0, 0}, new float[] {Float.NaN, 0, 0})))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN at index 0");
      assertThatThrownBy(() -> store.upsert(Item.of("huge", "x"), new float[] {3e18f, 0, 0}))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'huge' has length 3.00e+18")
          .hasMessageContaining("at most 1e+18");
      assertThatThrownBy(() -> store.upsert(Item.of("zero", "x"), new float[] {0, 0, 0}))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all zeros");
      assertThatThrownBy(() -> store.search(new float[] {1, 0, 0}, 0, Filter.all()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found 0");
      assertThatThrownBy(() -> store.search(new float[] {Float.POSITIVE_INFINITY, 0, 0}, 1, Filter.all()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
      assertThatThrownBy(() -> Item.of("", "x")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("empty");
      assertThatThrownBy(() -> Item.of("x".repeat(600), "x")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("found 600 characters");
      assertThatThrownBy(() -> Item.of("big", "x".repeat(Item.MAX_TEXT_LENGTH + 1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'big' has 1048577 characters");
      assertThatThrownBy(() -> Item.of("attr", null, Map.of("room", "y".repeat(5000))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attribute 'room'");
      assertThatThrownBy(() -> store.upsertAll(java.util.Arrays.asList(Item.of("fine", "x"), null),
          java.util.Arrays.asList(new float[] {1, 0, 0}, null)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 1 of 2 is null");
      assertThat(store.count()).isEqualTo(1);
      assertThat(store.get("ok")).isEmpty();
      assertThat(store.get("fine")).isEmpty();
      assertThat(store.sequence()).isEqualTo(before);
    }
  }

  @Test
  void closedStoreRefusesUse() {
    VectorStore store = open(Metric.COSINE);
    store.close();
    assertThatThrownBy(store::count).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> store.upsert(Item.of("a", "x"), new float[] {1, 0, 0}))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void reopeningWithOtherDimensionsOrMetricNamesBoth() {
    open(Metric.COSINE).close();
    assertThatThrownBy(() -> VectorStore.open(dir.resolve("chat.quiver"), StoreOptions.of(4, Metric.DOT)))
        .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_MISMATCH))
        .hasMessageContaining("3-dimensional COSINE").hasMessageContaining("4-dimensional DOT");
    // the refusal released the file: it opens again with the right settings
    open(Metric.COSINE).close();
  }

  @Test
  void filtersCombineFacetsAndTimeRanges() {
    try (VectorStore store = open(Metric.DOT)) {
      store.upsertAll(List.of(
              new Item("1", null, Map.of("room", "ops", "kind", "msg"), 10L),
              new Item("2", null, Map.of("room", "ops", "kind", "kb"), 20L),
              new Item("3", null, Map.of("room", "dev", "kind", "msg"), 30L),
              new Item("4", null, Map.of("room", "dev"), null)),
          List.of(new float[] {1, 0, 0}, new float[] {2, 0, 0}, new float[] {3, 0, 0}, new float[] {4, 0, 0}));
      float[] q = {1, 0, 0};
      assertThat(ids(store.search(q, 10, Filter.eq("room", "ops")))).containsExactly("2", "1");
      assertThat(ids(store.search(q, 10, Filter.and(Filter.eq("room", "dev"), Filter.not(Filter.eq("kind", "msg"))))))
          .containsExactly("4");
      assertThat(ids(store.search(q, 10, Filter.or(Filter.eq("kind", "kb"), Filter.in("room", "dev")))))
          .containsExactly("4", "3", "2");
      assertThat(ids(store.search(q, 10, Filter.timeRange(10, 30)))).containsExactly("2", "1");
      assertThat(ids(store.search(q, 1, Filter.eq("room", "ops")))).containsExactly("2");
      assertThat(store.search(q, 10, Filter.eq("room", "nowhere"))).isEmpty();
    }
  }

  @Test
  void changesSinceReplaysUpsertsAndDeletionsInBoundedBatches() {
    try (VectorStore store = open(Metric.DOT)) {
      for (int i = 0; i < 5; i++) {
        store.upsert(Item.of("i" + i, "t" + i), new float[] {1, 0, 0});
      }
      store.delete("i1");
      store.upsert(Item.of("i1", "back"), new float[] {1, 0, 0});
      store.delete("i3");
      ChangeBatch first = store.changesSince(0, 2);
      assertThat(first.complete()).isFalse();
      assertThat(first.upserts()).extracting(Item::id).containsExactly("i0", "i2");
      ChangeBatch all = store.changesSince(0, 100);
      assertThat(all.complete()).isTrue();
      assertThat(all.upserts()).extracting(Item::id).containsExactly("i0", "i2", "i4", "i1");
      assertThat(all.deletedIds()).containsExactly("i3");
      assertThat(all.lastSequence()).isEqualTo(store.sequence());
      assertThat(store.changesSince(store.sequence(), 10).upserts()).isEmpty();
    }
  }

  private static List<String> ids(List<VectorHit> hits) {
    return hits.stream().map(VectorHit::id).toList();
  }
}
