package dev.quiver.internal.store;

import dev.quiver.internal.storefile.StoreOptions;
import dev.quiver.Item;
import dev.quiver.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the golden file of the current format version into the test resources. Run it only when the format
 * version changes (a new golden file beside the old ones, never a rewrite of an old one):
 * {@code java -cp core/target/classes:core/target/test-classes:<deps> dev.quiver.store.GoldenFiles core/src/test/resources/golden}
 */
public final class GoldenFiles {
  static final StoreOptions OPTIONS = StoreOptions.of(3, Metric.COSINE).withModelId("golden-model");

  private GoldenFiles() {}

  static List<Item> items() {
    return List.of(
        new Item("msg:1", "deploy moved to friday", Map.of("room", "ops", "kind", "message"), 1_700_000_000_000L),
        new Item("msg:2", "lunch at noon", Map.of("room", "general"), 1_700_000_060_000L),
        new Item("kb:1", "how to rotate certificates", Map.of("kind", "kb"), null),
        Item.of("note:1", "not embedded yet"));
  }

  static List<float[]> vectors() {
    return java.util.Arrays.asList(new float[] {1, 0, 0}, new float[] {0, 3, 4}, new float[] {1, 1, 0}, null);
  }

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]).resolve("format-v" + dev.quiver.internal.storefile.StoreFile.SCHEMA_VERSION
        + ".quiver");
    Files.deleteIfExists(file);
    try (VectorStore store = VectorStore.open(file, OPTIONS)) {
      store.upsertAll(items(), vectors());
      store.upsert(Item.of("gone", "deleted again"), new float[] {0, 0, 1});
      store.delete("gone");
    }
    Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-owner"));
  }
}
