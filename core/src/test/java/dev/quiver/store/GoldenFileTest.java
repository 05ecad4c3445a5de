package dev.quiver.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Item;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store file written by format version 1 opens, reads and searches the same in this build. */
class GoldenFileTest {
  @TempDir Path dir;

  @Test
  void formatVersion1FileOpensWithItsItemsVectorsAndChangeLog() throws Exception {
    Path file = dir.resolve("format-v1.quiver");
    try (InputStream golden = getClass().getResourceAsStream("/golden/format-v1.quiver")) {
      Files.copy(golden, file);
    }
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
