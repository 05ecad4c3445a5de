package dev.quiver.internal.memory;

import java.util.Arrays;

/**
 * The earliest and latest timestamp in each chunk, and how many of its items have none: enough for a time
 * range filter to skip a chunk, or take it whole, without reading its records. Chat messages arrive roughly
 * in time order, so most chunks fall entirely inside or outside a range.
 *
 * <p>The writer keeps one instance and updates it in place; each snapshot gets a {@link #copy()}. A batch
 * that fails before it is published leaves its items counted: the figures only ever widen, so a chunk may
 * be read record by record without need, never skipped or taken whole by mistake.
 */
final class ChunkTimes {
  private long[] earliest;
  private long[] latest;
  private int[] untimed;

  ChunkTimes() {
    this(new long[0], new long[0], new int[0]);
  }

  private ChunkTimes(long[] earliest, long[] latest, int[] untimed) {
    this.earliest = earliest;
    this.latest = latest;
    this.untimed = untimed;
  }

  /** Makes room for chunk {@code chunk}, the next one. */
  void addChunk(int chunk) {
    earliest = Arrays.copyOf(earliest, chunk + 1);
    latest = Arrays.copyOf(latest, chunk + 1);
    untimed = Arrays.copyOf(untimed, chunk + 1);
    earliest[chunk] = Long.MAX_VALUE;
    latest[chunk] = Long.MIN_VALUE;
  }

  void record(int chunk, Long timestamp) {
    if (timestamp == null) {
      untimed[chunk]++;
    } else {
      earliest[chunk] = Math.min(earliest[chunk], timestamp);
      latest[chunk] = Math.max(latest[chunk], timestamp);
    }
  }

  ChunkTimes copy() {
    return new ChunkTimes(earliest.clone(), latest.clone(), untimed.clone());
  }

  /** Whether no item of {@code chunk} can have a timestamp in {@code [from, to)}. */
  boolean noneIn(int chunk, long from, long to) {
    return latest[chunk] < from || earliest[chunk] >= to;
  }

  /** Whether every item of {@code chunk} has a timestamp in {@code [from, to)}. */
  boolean allIn(int chunk, long from, long to) {
    return untimed[chunk] == 0 && earliest[chunk] >= from && latest[chunk] < to;
  }
}
