package dev.quiver.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Item;
import org.junit.jupiter.api.Test;

class ArenaTest {
  @Test
  void deleteThenUpsertOfOneIdInOneBatchCountsTheItemOnce() {
    Arena arena = new Arena(2);
    Arena.Batch first = arena.begin();
    first.upsert(Item.of("a", "one"), new float[] {1, 0});
    first.publish(1);
    Arena.Batch second = arena.begin();
    assertThat(second.delete("a")).isTrue();
    second.upsert(Item.of("a", "two"), new float[] {0, 1});
    second.publish(3);
    assertThat(arena.snapshot().live()).isEqualTo(1);
    assertThat(arena.snapshot().liveVectors()).isEqualTo(1);
    assertThat(arena.get("a").orElseThrow().item().text()).isEqualTo("two");
  }

  @Test
  void aReaderHoldingAnOlderSnapshotKeepsSeeingItsVersionWhileTheNextIsWritten() {
    Arena arena = new Arena(2);
    Arena.Batch first = arena.begin();
    first.upsert(Item.of("a", "old"), new float[] {1, 0});
    first.publish(1);
    Snapshot before = arena.snapshot();
    Arena.Batch second = arena.begin();
    second.upsert(Item.of("a", "new"), new float[] {0, 1});
    // not yet published: readers still get the old version, though the id map already points further
    assertThat(arena.get("a").orElseThrow().item().text()).isEqualTo("old");
    second.publish(2);
    assertThat(arena.get("a").orElseThrow().item().text()).isEqualTo("new");
    assertThat(before.record(0).item().text()).isEqualTo("old");
    assertThat(before.size()).isEqualTo(1);
  }
}
