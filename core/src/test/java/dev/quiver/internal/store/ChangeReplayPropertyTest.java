package dev.quiver.internal.store;

import dev.quiver.internal.storefile.ChangeBatch;
import dev.quiver.internal.storefile.StoreOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Item;
import dev.quiver.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * What a derived index sees: replaying {@code changesSince} from any applied sequence, in batches of any
 * size, rebuilds exactly the live items. This is what the keyword index's catch-up relies on.
 */
class ChangeReplayPropertyTest {
  @Property(tries = 30)
  void replayingChangesInAnyBatchSizeReproducesTheLiveItems(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 7) int batch, @ForAll @IntRange(min = 0, max = 120) int checkpointAt)
      throws IOException {
    Random random = new Random(seed);
    try (VectorStore store = VectorStore.open(Files.createTempDirectory("replay").resolve("r.quiver"),
        StoreOptions.of(2, Metric.DOT))) {
      Map<String, Item> replica = new HashMap<>();
      long applied = 0;
      for (int i = 0; i < 120; i++) {
        String id = "id" + random.nextInt(25);
        if (random.nextInt(4) == 0) {
          store.delete(id);
        } else {
          store.upsert(Item.of(id, "v" + i), new float[] {i, 1});
        }
        if (i == checkpointAt) {
          applied = replay(store, replica, applied, batch); // a replica that caught up part way
        }
      }
      replay(store, replica, applied, batch);
      Map<String, Item> live = new HashMap<>();
      store.forEach((item, vector) -> live.put(item.id(), item));
      assertThat(replica).isEqualTo(live);
    }
  }

  private static long replay(VectorStore store, Map<String, Item> replica, long from, int batch) {
    long applied = from;
    while (true) {
      ChangeBatch changes = store.changesSince(applied, batch);
      changes.upserts().forEach(item -> replica.put(item.id(), item));
      changes.deletedIds().forEach(replica::remove);
      assertThat(changes.lastSequence()).isGreaterThanOrEqualTo(applied);
      applied = changes.lastSequence();
      if (changes.complete()) {
        assertThat(applied).isEqualTo(store.sequence());
        return applied;
      }
    }
  }
}
