package dev.quiver.internal.store;

import dev.quiver.internal.storefile.StoreOptions;
import dev.quiver.Item;
import dev.quiver.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Not a test: what writing and opening a store file of 100,000 vectors of 384 dimensions costs, through the
 * public API only, so the same class runs unchanged on a commit from before the per-row checksums (0f8ae5d)
 * and after. Prints the time of each 10,000-item batch and of five opens (each open reads and checks every
 * row into memory), in wall and thread CPU time; {@link dev.quiver.internal.storefile.RowChecksumCost} times the checksums alone.
 *
 * <pre>
 * mvn -B -q -o -pl core test-compile -Djacoco.skip=true
 * java --add-modules=jdk.incubator.vector -cp core/target/classes:core/target/test-classes:$SQLITE_JDBC:$ROARING \
 *     dev.quiver.internal.store.StoreFileCost /dev/shm/cost [open-only]
 * </pre>
 * ({@code open-only} reuses the file of an earlier run and opens it ten times.)
 */
final class StoreFileCost {
  static final int ITEMS = 100_000;
  static final int DIMENSIONS = 384;
  static final int BATCH = 10_000;
  private static final int OPENS = 5;
  /**
   * Thread CPU time as well as wall time: SQLite runs in the calling thread, so CPU time counts the open's
   * work and not the time other processes on a shared machine took.
   */
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory
      .getThreadMXBean();

  private StoreFileCost() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/store-file-cost"));
    Path file = dir.resolve("cost.quiver");
    boolean openOnly = args.length > 1 && args[1].equals("open-only"); // reuse the file of an earlier run
    for (String suffix : new String[] {"", "-wal", "-journal", "-owner"}) {
      if (!openOnly) {
        Files.deleteIfExists(dir.resolve("cost.quiver" + suffix));
      }
    }
    Random random = new Random(42);
    StoreOptions options = StoreOptions.of(DIMENSIONS, Metric.COSINE);
    double[] writes = new double[openOnly ? 0 : ITEMS / BATCH];
    double[] writeCpu = new double[writes.length];
    try (VectorStore store = VectorStore.open(file, options)) {
      for (int b = 0; b < writes.length; b++) {
        List<Item> items = new ArrayList<>(BATCH);
        List<float[]> vectors = new ArrayList<>(BATCH);
        for (int i = b * BATCH; i < (b + 1) * BATCH; i++) {
          items.add(item(i));
          vectors.add(vector(random));
        }
        long t0 = System.nanoTime();
        long c0 = CPU.getCurrentThreadCpuTime();
        store.upsertAll(items, vectors);
        writes[b] = (System.nanoTime() - t0) / 1e6;
        writeCpu[b] = (CPU.getCurrentThreadCpuTime() - c0) / 1e6;
      }
    }
    double[] opens = new double[openOnly ? 2 * OPENS : OPENS];
    double[] openCpu = new double[opens.length];
    for (int k = 0; k < opens.length; k++) {
      long t0 = System.nanoTime();
      long c0 = CPU.getCurrentThreadCpuTime();
      try (VectorStore store = VectorStore.open(file, options)) {
        opens[k] = (System.nanoTime() - t0) / 1e6;
        openCpu[k] = (CPU.getCurrentThreadCpuTime() - c0) / 1e6;
        if (store.count() != ITEMS) {
          throw new IllegalStateException("expected " + ITEMS + " items, found " + store.count());
        }
      }
    }
    System.out.printf(Locale.ROOT, "file %s: %.1f MB%n", file, Files.size(file) / 1e6);
    if (!openOnly) {
      System.out.printf(Locale.ROOT, "write per %d-item batch, wall ms: %s; median %.0f%n", BATCH,
          Arrays.toString(round(writes)), median(writes));
      System.out.printf(Locale.ROOT, "write per %d-item batch, thread CPU ms: %s; median %.0f%n", BATCH,
          Arrays.toString(round(writeCpu)), median(writeCpu));
    }
    System.out.printf(Locale.ROOT, "open of %d items, wall ms: %s; median %.0f%n", ITEMS,
        Arrays.toString(round(opens)), median(opens));
    System.out.printf(Locale.ROOT, "open of %d items, thread CPU ms: %s; median %.0f%n", ITEMS,
        Arrays.toString(round(openCpu)), median(openCpu));
  }

  static Item item(int i) {
    return new Item("msg:" + i, "message " + i + " in the ops channel about the deploy of build " + (i % 977),
        Map.of("room", i % 2 == 0 ? "ops" : "dev", "author", "user-" + (i % 31)), 1_700_000_000_000L + i);
  }

  static float[] vector(Random random) {
    float[] v = new float[DIMENSIONS];
    for (int d = 0; d < DIMENSIONS; d++) {
      v[d] = (float) random.nextGaussian();
    }
    return v;
  }

  private static long[] round(double[] values) {
    return Arrays.stream(values).mapToLong(Math::round).toArray();
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
