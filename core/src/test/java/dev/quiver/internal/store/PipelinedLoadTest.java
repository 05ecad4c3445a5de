package dev.quiver.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.ErrorCode;
import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.QuiverException;
import dev.quiver.internal.storefile.StoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens of stores larger than one batch of the pipelined load (rows read on one thread, checked and decoded
 * on another): everything loads, in write order, and damage anywhere still fails the open as on one thread.
 */
class PipelinedLoadTest {
  private static final StoreOptions OPTIONS = StoreOptions.of(3, Metric.COSINE);
  /** A few batches and a partial one: 1,024 rows a batch. */
  private static final int ITEMS = 5_000;
  @TempDir Path dir;

  private Path store() {
    return dir.resolve("big.quiver");
  }

  private void write() {
    try (VectorStore store = VectorStore.open(store(), OPTIONS)) {
      List<Item> items = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      for (int i = 0; i < ITEMS; i++) {
        items.add(new Item("kb:" + i, "entry " + i, Map.of("n", (long) i), 1_000L + i));
        vectors.add(i % 7 == 0 ? null : new float[] {1, i, -i});
      }
      store.upsertAll(items, vectors);
      // a replacement moves its item to the end of the write order
      store.upsert(new Item("kb:3", "replaced", Map.of(), null), new float[] {0, 0, 1});
      store.delete("kb:10");
    }
  }

  @Test
  void aStoreOfSeveralBatchesLoadsWholeInWriteOrder() {
    write();
    try (VectorStore store = VectorStore.open(store(), OPTIONS)) {
      assertThat(store.count()).isEqualTo(ITEMS - 1);
      assertThat(store.get("kb:4999").orElseThrow().attributes()).isEqualTo(Map.of("n", 4999L));
      assertThat(store.get("kb:3").orElseThrow().text()).isEqualTo("replaced");
      assertThat(store.get("kb:10")).isEmpty();
      assertThat(store.vector("kb:7")).isEmpty();
      assertThat(store.search(new float[] {0, 0, 1}, 1, Filter.all()).get(0).id()).isEqualTo("kb:3");
      assertThat(store.view().matching(Filter.eq("n", 4321L))).containsExactly("kb:4321");
      // the replaced item was written last, so it holds the last ordinal
      assertThat(store.view().matching(Filter.all()).get(ITEMS - 2)).isEqualTo("kb:3");
    }
  }

  @Test
  void aDamagedRowInALaterBatchFailsTheOpenAsCorrupt() throws Exception {
    write();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store()); Statement s = c.createStatement()) {
      s.execute("UPDATE quiver_items SET text = 'tampered' WHERE id = 'kb:4000'");
    }
    assertThatThrownBy(() -> VectorStore.open(store(), OPTIONS))
        .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT))
        .hasMessageContaining("kb:4000");
    // the refused open released the file: a second attempt is refused the same way, not LOCKED
    assertThatThrownBy(() -> VectorStore.open(store(), OPTIONS))
        .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT));
  }
}
