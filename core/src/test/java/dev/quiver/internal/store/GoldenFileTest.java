package dev.quiver.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Item;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Store files written by each format version open, read and search the same in this build; a version 1 file
 * is migrated to the current version on open and is sound afterwards.
 */
class GoldenFileTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void goldenFileOpensWithItsItemsVectorsAndChangeLog(int version) throws Exception {
    Path file = dir.resolve("format-v" + version + ".quiver");
    try (InputStream golden = getClass().getResourceAsStream("/golden/format-v" + version + ".quiver")) {
      Files.copy(golden, file);
    }
    checkContent(file);
    checkContent(file); // again, after the migration committed
    try (VectorStore store = VectorStore.open(file, GoldenFiles.OPTIONS)) {
      assertThat(store.check()).isEmpty();
    }
  }

  private static void checkContent(Path file) {
    try (VectorStore store = VectorStore.open(file, GoldenFiles.OPTIONS)) {
      assertThat(store.count()).isEqualTo(4);
      assertThat(store.sequence()).isEqualTo(6);
      for (Item item : GoldenFiles.items()) {
        assertThat(store.get(item.id())).contains(item);
      }
      assertThat(store.get("gone")).isEmpty();
      assertThat(store.vector("msg:2").orElseThrow()).containsExactly(0f, 0.6f, 0.8f);
      assertThat(store.vector("note:1")).isEmpty();
      assertThat(store.search(new float[] {1, 0, 0}, 10, Filter.eq("room", "ops")))
          .extracting(VectorHit::id).containsExactly("msg:1");
      assertThat(store.changesSince(0, 100).deletedIds()).containsExactly("gone");
      assertThat(store.info().modelId()).isEqualTo("golden-model");
    }
  }
}
