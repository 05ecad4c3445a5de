package dev.quiver.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.roaringbitmap.RoaringBitmap;

/**
 * A time range over several chunks matches exactly the items whose timestamp is in range, whether chunks are
 * skipped, taken whole or read record by record: timestamps mostly in arrival order with some late ones,
 * some items without a timestamp, and ranges that fall inside, across and outside chunks.
 */
class TimeRangeTest {
  @Property(tries = 25)
  void aTimeRangeMatchesExactlyTheItemsInRange(@ForAll @IntRange(min = 20_000, max = 60_000) int size,
      @ForAll @IntRange(max = 3) int untimedPerThousand, @ForAll long seed) {
    Random random = new Random(seed);
    Arena arena = new Arena(2);
    Arena.Batch batch = arena.begin();
    List<Long> timestamps = new ArrayList<>();
    long clock = 1_700_000_000_000L;
    for (int i = 0; i < size; i++) {
      clock += random.nextInt(1_000);
      Long ts = random.nextInt(1_000) < untimedPerThousand ? null
          : random.nextInt(500) == 0 ? clock - random.nextInt(10_000_000) : clock; // a late arrival
      timestamps.add(ts);
      batch.upsert(new Item("m" + i, null, Map.of(), ts), new float[] {1, 0});
    }
    batch.publish(1);
    Snapshot snapshot = arena.snapshot();

    for (int q = 0; q < 20; q++) {
      long from = 1_700_000_000_000L + (long) (random.nextDouble() * (clock - 1_700_000_000_000L + 2_000_000))
          - 1_000_000;
      long to = from + (long) (random.nextDouble() * random.nextDouble() * (clock - 1_700_000_000_000L));
      RoaringBitmap expected = new RoaringBitmap();
      for (int i = 0; i < size; i++) {
        Long ts = timestamps.get(i);
        if (ts != null && ts >= from && ts < to) {
          expected.add(i);
        }
      }
      assertThat(snapshot.timeRange(from, to)).as("[%d, %d) over %d items", from, to, size).isEqualTo(expected);
    }
    assertThat(snapshot.timeRange(Long.MIN_VALUE, Long.MAX_VALUE).getCardinality())
        .as("the widest range: every timed item")
        .isEqualTo((int) timestamps.stream().filter(t -> t != null && t != Long.MAX_VALUE).count());
  }
}
