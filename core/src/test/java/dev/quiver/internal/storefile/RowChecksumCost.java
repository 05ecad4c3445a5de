package dev.quiver.internal.storefile;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: the time {@link RowCodec#itemChecksum} takes over every row of a store file, the work the
 * per-row checksums add to each open (and, per 10,000 rows, to each batch written). The rows are read into
 * memory first, so only the checksums are timed, in thread CPU time (the machine may be shared): fifteen
 * rounds after ten of warm-up, which the JIT needs.
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector -cp core/target/classes:core/target/test-classes:$SQLITE_JDBC:$ROARING \
 *     dev.quiver.internal.storefile.RowChecksumCost /dev/shm/cost/cost.quiver
 * </pre>
 * (the file made by {@code dev.quiver.internal.store.StoreFileCost}).
 */
final class RowChecksumCost {
  private static final int WARM_UP = 10;
  private static final int TIMED = 15;

  private RowChecksumCost() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    List<Object[]> rows = new ArrayList<>();
    long bytes = 0;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, seq, text, attributes, ts, vector, crc FROM quiver_items")) {
      while (rs.next()) {
        long ts = rs.getLong(5);
        rows.add(new Object[] {rs.getString(1), rs.getLong(2), rs.getString(3), rs.getBytes(4),
            rs.wasNull() ? null : ts, rs.getBytes(6), rs.getLong(7)});
        Object[] r = rows.get(rows.size() - 1);
        bytes += ((String) r[0]).length() + ((String) r[2]).length() + ((byte[]) r[3]).length + ((byte[]) r[5]).length;
      }
    }
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    double[] timed = new double[TIMED];
    for (int round = 0; round < WARM_UP + TIMED; round++) {
      long c0 = cpu.getCurrentThreadCpuTime();
      int mismatches = 0;
      for (Object[] r : rows) {
        long crc = RowCodec.itemChecksum((String) r[0], (Long) r[1], (String) r[2], (byte[]) r[3], (Long) r[4],
            (byte[]) r[5]);
        if (crc != (Long) r[6]) {
          mismatches++;
        }
      }
      double ms = (cpu.getCurrentThreadCpuTime() - c0) / 1e6;
      if (mismatches != 0) {
        throw new IllegalStateException(mismatches + " rows do not match their checksum");
      }
      if (round >= WARM_UP) {
        timed[round - WARM_UP] = ms;
      }
    }
    java.util.Arrays.sort(timed);
    double median = timed[TIMED / 2];
    System.out.printf(Locale.ROOT, "itemChecksum over %d rows of %d bytes on average, thread CPU ms after %d "
        + "warm-up rounds: min %.1f, median %.1f (%.2f us per row, %.1f ms per 10,000 rows)%n", rows.size(),
        bytes / rows.size(), WARM_UP, timed[0], median, median * 1000 / rows.size(), median * 10_000 / rows.size());
  }
}
