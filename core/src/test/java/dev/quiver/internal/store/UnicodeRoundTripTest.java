package dev.quiver.internal.store;

import dev.quiver.internal.storefile.StoreOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.Item;
import dev.quiver.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes into the vector file comes back unchanged after a restart, or is refused before it is written. */
class UnicodeRoundTripTest {
  private static final List<String> TRICKY = List.of("?", "\uFFFD", "\uD83D\uDE00", "msg:\uD83D\uDCAC:1",
      "\u0000", "a\u0000b", "\uFFFF", "\uDBFF\uDFFF", "\u00E9", "e\u0301");

  @TempDir Path dir;

  @Test
  void loneSurrogateIdNoLongerCollidesWithQuestionMarkAfterRestart() {
    Path file = dir.resolve("collide.quiver");
    try (VectorStore store = VectorStore.open(file, StoreOptions.of(3, Metric.COSINE))) {
      store.upsert(Item.of("?", "question mark"), new float[] {1, 0, 0});
      // was: accepted, and after a restart the file held one item where memory had held two
      assertThatThrownBy(() -> store.upsert(Item.of("\uD800", "lone surrogate"), new float[] {0, 1, 0}))
          .isInstanceOf(IllegalArgumentException.class);
    }
    try (VectorStore store = VectorStore.open(file, StoreOptions.of(3, Metric.COSINE))) {
      assertThat(store.count()).isEqualTo(1);
      assertThat(store.get("?")).map(Item::text).contains("question mark");
    }
  }

  @Test
  void wellFormedIdsTextsAndAttributesSurviveARestartUnchanged() {
    Path file = dir.resolve("tricky.quiver");
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < TRICKY.size(); i++) {
      String s = TRICKY.get(i);
      items.add(new Item(s, "text " + s, Map.of("k" + s, "v" + s), (long) i));
    }
    try (VectorStore store = VectorStore.open(file, StoreOptions.of(3, Metric.COSINE))) {
      store.upsertAll(items, Collections.nCopies(items.size(), new float[] {1, 2, 3}));
    }
    try (VectorStore store = VectorStore.open(file, StoreOptions.of(3, Metric.COSINE))) {
      assertThat(store.count()).isEqualTo(TRICKY.size());
      for (Item item : items) {
        assertThat(store.get(item.id())).contains(item);
      }
    }
  }
}
