package dev.quiver.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.internal.storefile.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Stores with varied items for the arena image tests, and the comparison with a plain open from the rows. */
final class ArenaImageFixtures {
  static final int DIMENSIONS = 8;
  static final StoreOptions OPTIONS = StoreOptions.of(DIMENSIONS, Metric.COSINE);
  private static final String[] ROOMS = {"general", "ops", "random"};

  private ArenaImageFixtures() {}

  /** A store that keeps an image from its first item. */
  static VectorStore open(Path file) {
    return VectorStore.open(file, OPTIONS, 1);
  }

  static float[] vector(SplittableRandom random) {
    float[] v = new float[DIMENSIONS];
    for (int i = 0; i < DIMENSIONS; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  /** Item {@code prefix:i}: some with text, typed attributes and a timestamp, some with none; a few unembedded. */
  static void write(VectorStore store, String prefix, int from, int to, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Item> items = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Item item = i % 3 == 0 ? Item.of(prefix + ":" + i, null, Map.of())
          : new Item(prefix + ":" + i, "text of " + i + " \u00e9\u4e2d", Map.of("room", ROOMS[i % ROOMS.length],
              "n", (long) i, "w", i / 7.0, "flag", i % 2 == 0), 1_700_000_000_000L + i);
      items.add(item);
      vectors.add(i % 17 == 5 ? null : vector(random));
    }
    store.upsertAll(items, vectors);
  }

  /** Replacements, deletions, a re-added id and an id added then deleted: what a replay must get right. */
  static void change(VectorStore store, long seed) {
    write(store, "doc", 10, 40, seed); // replaced with other vectors
    write(store, "new", 0, 25, seed + 1);
    List<String> gone = new ArrayList<>();
    for (int i = 50; i < 70; i++) {
      gone.add("doc:" + i);
    }
    store.deleteAll(gone);
    write(store, "doc", 55, 57, seed + 2); // deleted, then back
    write(store, "brief", 0, 3, seed + 3);
    store.deleteAll(List.of("brief:1", "new:4"));
  }

  /** Every item and vector by id, and the top hits of a few searches, filtered and not. */
  static Map<String, Object> contents(VectorStore store) {
    Map<String, Object> all = new TreeMap<>();
    store.forEach((item, vector) -> {
      all.put(item.id(), item);
      assertThat(store.get(item.id())).contains(item);
      all.put(item.id() + "#vector", store.vector(item.id()).map(java.util.Arrays::toString).orElse("none"));
      assertThat(store.vector(item.id()).map(java.util.Arrays::toString).orElse("none"))
          .isEqualTo(vector == null ? "none" : java.util.Arrays.toString(vector));
    });
    assertThat(store.count()).as("live items in memory against rows in the file")
        .isEqualTo(all.keySet().stream().filter(k -> !k.contains("#")).count());
    all.put("#count", store.count());
    all.put("#sequence", store.sequence());
    SplittableRandom random = new SplittableRandom(99);
    for (int q = 0; q < 5; q++) {
      float[] query = vector(random);
      all.put("#search" + q, hits(store.search(query, 10, Filter.all())));
      all.put("#room" + q, hits(store.search(query, 5, Filter.eq("room", "ops"))));
      all.put("#n" + q, hits(store.search(query, 5, Filter.eq("flag", true))));
    }
    return all;
  }

  private static List<String> hits(List<VectorHit> hits) {
    return hits.stream().map(h -> h.id() + "=" + h.score()).toList();
  }

  /** What a plain open from the rows holds: a copy of the file alone, opened in {@code scratch}. */
  static Map<String, Object> plainContents(Path file, Path scratch) throws IOException {
    Files.createDirectories(scratch);
    Path copy = scratch.resolve(file.getFileName());
    Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    if (Files.exists(wal)) {
      Files.copy(wal, scratch.resolve(wal.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    try (VectorStore plain = VectorStore.open(copy, OPTIONS, Integer.MAX_VALUE)) {
      return contents(plain);
    }
  }
}
