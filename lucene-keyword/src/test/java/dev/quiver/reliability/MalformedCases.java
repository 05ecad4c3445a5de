package dev.quiver.reliability;

import static dev.quiver.reliability.MalformedCase.ANY;
import static dev.quiver.reliability.MalformedCase.ANY_CODE;

import dev.quiver.ErrorCode;
import dev.quiver.reliability.MalformedCase.Damage;
import dev.quiver.reliability.MalformedCase.Outcome;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Generates the malformed-file cases from a seed and the base store's geometry: the same seed and base
 * store give the same cases, each described precisely (offset, bit, length, page), so a failure can be
 * replayed alone with {@code -Dquiver.reliability.case=N}.
 *
 * <p>Offsets are spread rather than drawn freely: the payload is cut into as many strata as there are
 * flips and each flip lands at a random offset inside its own stratum, so every page is hit in every run.
 */
final class MalformedCases {
  private static final String STORE = BaseStore.STORE;
  private static final Set<Outcome> HEALTHY = EnumSet.of(Outcome.HEALTHY);
  private static final Set<Outcome> CORRUPT = EnumSet.of(Outcome.CORRUPT);
  private static final Set<Outcome> REFUSED = EnumSet.of(Outcome.REFUSED);
  private static final Set<Outcome> NOT_HEALTHY = EnumSet.of(Outcome.CORRUPT, Outcome.REFUSED);

  private final BaseStore base;
  private final Random random;
  private final int scale;
  private final List<MalformedCase> cases = new ArrayList<>();
  private final int pages;

  private MalformedCases(BaseStore base, long seed, int scale) {
    this.base = base;
    this.random = new Random(seed);
    this.scale = scale;
    this.pages = (int) (base.fileLength / base.pageSize);
  }

  /** Every case for {@code base}; {@code scale} multiplies the drawn (not the enumerated) families. */
  static List<MalformedCase> generate(BaseStore base, long seed, int scale) throws IOException {
    MalformedCases g = new MalformedCases(base, seed, scale);
    g.headerBitFlips();
    g.payloadBitFlips();
    g.rangeOverwrites();
    g.metaAndSchemaCells();
    g.truncations();
    g.zeroedPages();
    g.swappedPages();
    g.journals();
    g.specialFiles();
    g.badRows();
    return g.cases;
  }

  private void add(String family, String description, Set<Outcome> allowed, Set<ErrorCode> refusals,
      Damage damage) {
    add(family, description, allowed, refusals, damage, MalformedCase.NOTHING);
  }

  private void add(String family, String description, Set<Outcome> allowed, Set<ErrorCode> refusals,
      Damage damage, Damage undo) {
    cases.add(new MalformedCase(cases.size(), family, description, allowed, refusals, damage, undo));
  }

  private static Path file(Path dir) {
    return dir.resolve(STORE);
  }

  // ---- bit flips and overwrites

  /** Bits of the 100-byte header: 2 per byte in CI (all 8 in long mode, the whole header enumerated). */
  private void headerBitFlips() {
    int bitsPerByte = scale > 1 ? 8 : 2;
    for (int offset = 0; offset < 100; offset++) {
      int first = random.nextInt(8);
      for (int k = 0; k < bitsPerByte; k++) {
        int bit = bitsPerByte == 8 ? k : (first + 4 * k) % 8;
        int at = offset;
        add("header bit flip", String.format(Locale.ROOT, "flip bit %d of header byte %d", bit, at), ANY,
            ANY_CODE, d -> flip(file(d), at, bit));
      }
    }
  }

  private void payloadBitFlips() {
    int n = 420 * scale;
    long span = base.fileLength - 100;
    for (int k = 0; k < n; k++) {
      long offset = 100 + k * span / n + (long) (random.nextDouble() * (span / (double) n));
      int bit = random.nextInt(8);
      add("payload bit flip", String.format(Locale.ROOT, "flip bit %d of byte %d (page %d, +%d)", bit, offset,
          offset / base.pageSize + 1, offset % base.pageSize), ANY, ANY_CODE, d -> flip(file(d), offset, bit));
    }
  }

  private void rangeOverwrites() {
    for (int k = 0; k < 30 * scale; k++) {
      int offset = random.nextInt(100);
      int length = 1 + random.nextInt(Math.min(16, 100 - offset));
      overwrite("header overwrite", offset, length);
    }
    int n = 110 * scale;
    long span = base.fileLength - 100;
    for (int k = 0; k < n; k++) {
      long offset = 100 + k * span / n + (long) (random.nextDouble() * (span / (double) n));
      int length = random.nextInt(4) == 0 ? 1 + random.nextInt(base.pageSize) : 1 + random.nextInt(64);
      overwrite("payload overwrite", offset, (int) Math.min(length, base.fileLength - offset));
    }
  }

  private void overwrite(String family, long offset, int length) {
    int pattern = random.nextInt(3);
    long contentSeed = random.nextLong();
    String what = pattern == 0 ? "zeros" : pattern == 1 ? "0xff" : "random bytes (seed " + contentSeed + ")";
    add(family, String.format(Locale.ROOT, "overwrite %d bytes at %d (page %d) with %s", length, offset,
        offset / base.pageSize + 1, what), ANY, ANY_CODE, d -> {
          byte[] bytes = new byte[length];
          if (pattern == 1) {
            Arrays.fill(bytes, (byte) 0xff);
          } else if (pattern == 2) {
            new Random(contentSeed).nextBytes(bytes);
          }
          write(file(d), offset, bytes);
        });
  }

  /**
   * Every byte of the cells on page 2 (quiver_meta: dimensions, metric, model, sequence, store id) and a
   * sample of the schema's cells on page 1, each with one bit flipped: values no row checksum covers.
   */
  private void metaAndSchemaCells() throws IOException {
    byte[] file = Files.readAllBytes(base.templateFile());
    int metaStart = base.pageSize + cellContentStart(file, base.pageSize, 0);
    for (int offset = metaStart; offset < 2 * base.pageSize; offset++) {
      int bit = random.nextInt(8);
      int at = offset;
      add("meta cell bit flip", String.format(Locale.ROOT, "flip bit %d of byte %d (page 2, +%d)", bit, at,
          at - base.pageSize), ANY, ANY_CODE, d -> flip(file(d), at, bit));
    }
    int schemaStart = cellContentStart(file, 0, 100);
    int schemaFlips = 40 * scale;
    for (int k = 0; k < schemaFlips; k++) {
      int offset = schemaStart + random.nextInt(base.pageSize - schemaStart);
      int bit = random.nextInt(8);
      add("schema cell bit flip", String.format(Locale.ROOT, "flip bit %d of byte %d (page 1)", bit, offset),
          ANY, ANY_CODE, d -> flip(file(d), offset, bit));
    }
  }

  /** The start of a b-tree page's cell content area: bytes 5-6 of its header, which begins at {@code at}. */
  private static int cellContentStart(byte[] file, int pageStart, int headerAt) {
    int raw = ((file[pageStart + headerAt + 5] & 0xff) << 8) | (file[pageStart + headerAt + 6] & 0xff);
    return raw == 0 ? 65536 : raw;
  }

  // ---- truncations, zeroed and swapped pages

  private void truncations() {
    List<Long> lengths = new ArrayList<>(List.of(1L, 16L, 99L, 100L, 101L, 512L));
    for (int page : new int[] {1, 2, 3, 4, pages / 4, pages / 2, pages - 2, pages - 1}) {
      lengths.add((long) page * base.pageSize);
    }
    for (int k = 0; k < 15 * scale; k++) {
      lengths.add(100 + (long) (random.nextDouble() * (base.fileLength - 100)));
    }
    for (long length : lengths) {
      boolean boundary = length % base.pageSize == 0;
      add("truncation", String.format(Locale.ROOT, "truncate to %d bytes (%s)", length, boundary
          ? "page boundary, " + length / base.pageSize + " pages" : "mid-page"), NOT_HEALTHY, ANY_CODE, d -> {
            try (RandomAccessFile raf = new RandomAccessFile(file(d).toFile(), "rw")) {
              raf.setLength(length);
            }
          });
    }
  }

  private void zeroedPages() {
    for (int page = 1; page <= pages; page++) {
      long offset = (long) (page - 1) * base.pageSize;
      // page 1 holds the header: zeroed, the file is no SQLite database at all, and is refused
      add("zeroed page", "zero page " + page, page == 1 ? REFUSED : ANY, page == 1 ? Set.of(ErrorCode.FOREIGN)
          : ANY_CODE, d -> write(file(d), offset, new byte[base.pageSize]));
    }
  }

  private void swappedPages() {
    List<int[]> pairs = new ArrayList<>(List.of(new int[] {1, 2}, new int[] {2, 3}, new int[] {2, pages},
        new int[] {pages - 1, pages}));
    for (int k = 0; k < 20 * scale; k++) {
      int a = 2 + random.nextInt(pages - 1);
      int b = 2 + random.nextInt(pages - 1);
      if (a != b) {
        pairs.add(new int[] {a, b});
      }
    }
    for (int[] pair : pairs) {
      add("swapped pages", "swap pages " + pair[0] + " and " + pair[1], ANY, ANY_CODE, d -> {
        byte[] bytes = Files.readAllBytes(file(d));
        int a = (pair[0] - 1) * base.pageSize;
        int b = (pair[1] - 1) * base.pageSize;
        byte[] pageA = Arrays.copyOfRange(bytes, a, a + base.pageSize);
        System.arraycopy(bytes, b, bytes, a, base.pageSize);
        System.arraycopy(pageA, 0, bytes, b, base.pageSize);
        Files.write(file(d), bytes);
      });
    }
  }

  // ---- journals beside the file

  private void journals() {
    Path a = base.artifacts;
    beside("another SQLite database's WAL", a.resolve("app.wal"), "-wal", null);
    beside("another Quiver store's WAL", a.resolve("other-quiver.wal"), "-wal", null);
    beside("this store's WAL from before its last changes", a.resolve("own-after-batch-3.wal"), "-wal", null);
    beside("this store's own last WAL, already checkpointed", a.resolve("own-final.wal"), "-wal", null);
    beside("a backup of the state before the last session, with that session's WAL",
        a.resolve("own-final.wal"), "-wal", a.resolve("backup-2.quiver"));
    beside("a backup of the state before the last session, with a WAL from its middle",
        a.resolve("own-after-batch-3.wal"), "-wal", a.resolve("backup-2.quiver"));
    beside("an older backup, with the WAL of a later session (continues from a later change)",
        a.resolve("own-final.wal"), "-wal", a.resolve("backup-1.quiver"));
    beside("an older backup alone: the keyword index is ahead", null, "-wal", a.resolve("backup-1.quiver"));
    beside("a hot journal of another database", a.resolve("app.hot-journal"), "-journal", null);
    beside("another SQLite database's WAL named as a journal", a.resolve("app.wal"), "-journal", null);
    add("journal", "random bytes as -wal", HEALTHY, ANY_CODE, d -> {
      byte[] junk = new byte[8192];
      new Random(7).nextBytes(junk);
      Files.write(d.resolve(STORE + "-wal"), junk);
    });
    add("journal", "a 10-byte -wal", HEALTHY, ANY_CODE, d -> Files.write(d.resolve(STORE + "-wal"), new byte[10]));
    add("journal", "an empty -journal", HEALTHY, ANY_CODE, d -> Files.write(d.resolve(STORE + "-journal"),
        new byte[0]));
    // another process may have the file open through the default VFS: refused, never deleted
    add("journal", "a stale -shm", REFUSED, Set.of(ErrorCode.IO), d -> Files.write(d.resolve(STORE + "-shm"),
        new byte[32768]));
    Set<ErrorCode> foreign = Set.of(ErrorCode.FOREIGN);
    add("journal", "a directory named -wal", REFUSED, foreign, d -> Files.createDirectory(d.resolve(STORE
        + "-wal")));
    add("journal", "a FIFO named -wal", REFUSED, foreign, d -> mkfifo(d.resolve(STORE + "-wal")));
    add("journal", "a FIFO named -journal", REFUSED, foreign, d -> mkfifo(d.resolve(STORE + "-journal")));
    add("journal", "a FIFO named -owner", REFUSED, foreign, d -> mkfifo(d.resolve(STORE + "-owner")));
  }

  /** Puts {@code journal} beside the store as {@code suffix}, after replacing the file by {@code file}. */
  private void beside(String description, Path journal, String suffix, Path file) {
    // never replayed when foreign, replayed when its own; a file that lost commits gets them back from the
    // keyword index: the store opens healthy in every case
    add("journal", description, HEALTHY, ANY_CODE, d -> {
      if (file != null) {
        Files.copy(file, file(d), StandardCopyOption.REPLACE_EXISTING);
      }
      if (journal != null) {
        Files.copy(journal, d.resolve(STORE + suffix));
      }
    });
  }

  // ---- what is at the store path

  private void specialFiles() {
    Set<ErrorCode> foreign = Set.of(ErrorCode.FOREIGN);
    add("special file", "a 0-byte store file", CORRUPT, ANY_CODE, d -> Files.write(file(d), new byte[0]));
    add("special file", "the store file deleted", CORRUPT, ANY_CODE, d -> Files.delete(file(d)));
    add("special file", "a directory where the file should be", REFUSED, foreign, d -> {
      Files.delete(file(d));
      Files.createDirectory(file(d));
    });
    add("special file", "a FIFO where the file should be", REFUSED, foreign, d -> {
      Files.delete(file(d));
      mkfifo(file(d));
    });
    add("special file", "a symlink to another application's database", REFUSED, foreign, d -> {
      Files.delete(file(d));
      Files.createSymbolicLink(file(d), base.artifacts.resolve("rollback.db"));
    });
    add("special file", "another application's SQLite database", REFUSED, foreign,
        d -> Files.copy(base.artifacts.resolve("app.db"), file(d), StandardCopyOption.REPLACE_EXISTING));
    add("special file", "an SQLite database with application_id 0", REFUSED, foreign, d -> {
      Files.delete(file(d));
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file(d)); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE quiver_items (id TEXT PRIMARY KEY)");
      }
    });
    add("special file", "a text file", REFUSED, foreign, d -> Files.writeString(file(d),
        "these are not the vectors you are looking for\n".repeat(100), StandardCharsets.UTF_8));
    add("special file", "another Quiver store's file", ANY, ANY_CODE,
        d -> Files.copy(base.artifacts.resolve("other.quiver"), file(d), StandardCopyOption.REPLACE_EXISTING));
    boolean root = "root".equals(System.getProperty("user.name"));
    add("special file", root ? "an immutable store file (chattr +i)" : "a read-only store file (chmod 444)",
        REFUSED, Set.of(ErrorCode.IO), d -> readOnly(file(d), true), d -> readOnly(file(d), false));
    add("special file", root ? "an immutable keyword index directory (chattr +i)"
        : "a read-only keyword index directory (chmod 555)", EnumSet.of(Outcome.REPORTED), Set.of(),
        d -> readOnly(d.resolve(STORE + "-keyword"), true), d -> readOnly(d.resolve(STORE + "-keyword"), false));
    add("special file", root ? "an immutable store directory (chattr +i)"
        : "a read-only store directory (chmod 555)", REFUSED, Set.of(ErrorCode.IO), d -> readOnly(d, true),
        d -> readOnly(d, false));
  }

  /**
   * Makes {@code path} unwritable, or writable again: {@code chattr +i} as root (whom permission bits do not
   * stop), {@code chmod} otherwise.
   */
  static void readOnly(Path path, boolean on) throws Exception {
    if (!Files.exists(path)) {
      return;
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      run("chattr", on ? "+i" : "-i", path.toString());
    } else {
      boolean dir = Files.isDirectory(path);
      run("chmod", on ? (dir ? "555" : "444") : (dir ? "755" : "644"), path.toString());
    }
  }

  private static void mkfifo(Path path) throws Exception {
    run("mkfifo", path.toString());
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }

  // ---- bad rows

  private void badRows() throws IOException {
    String item = BaseStore.id(101);
    String longItem = BaseStore.id(128); // i % 41 == 5: a text that spills into overflow pages
    row("an item whose id is NULL", item, true, r -> r.withId(null));
    row("an item whose id is empty", item, true, r -> r.withId(""));
    row("an attribute blob that does not decode", item, true, r -> r.withAttributes(new byte[] {0, 0, 0, 2, 0,
        9, 'r'}));
    row("an attribute blob whose count is negative", item, true, r -> r.withAttributes(new byte[] {-1, -1, -1,
        -1}));
    row("an attribute blob with bytes after its last pair", item, true, r -> r.withAttributes(concat(
        r.attributes(), new byte[] {1, 2, 3})));
    row("an attribute blob that ends inside a pair", item, true, r -> r.withAttributes(Arrays.copyOf(
        r.attributes(), r.attributes().length - 2)));
    row("an empty attribute name inside a valid blob", item, true, r -> r.withAttributes(BadRows.attributes("",
        "ops")));
    row("an attribute value over the length limit", item, true, r -> r.withAttributes(BadRows.attributes("room",
        "x".repeat(5000))));
    row("a vector blob of the wrong length", item, true, r -> r.withVector(Arrays.copyOf(r.vector(),
        r.vector().length - 4)));
    row("a vector blob one float too long", item, true, r -> r.withVector(Arrays.copyOf(r.vector(),
        r.vector().length + 4)));
    row("a NaN in a vector blob", item, true, r -> r.withVector(BadRows.withFloat(r.vector(), 5, Float.NaN)));
    row("an infinite float in a vector blob", item, true, r -> r.withVector(BadRows.withFloat(r.vector(), 0,
        Float.POSITIVE_INFINITY)));
    row("an empty vector blob", item, true, r -> r.withVector(new byte[0]));
    row("a row whose crc does not match (text changed)", item, false, r -> r.withText(r.text() + "!"));
    row("a row whose crc does not match (long text changed)", longItem, false, r -> r.withText(r.text()
        .replace('z', 'Z')));
    row("a row whose crc does not match (vector changed)", item, false, r -> r.withVector(BadRows.withFloat(
        r.vector(), 1, 0.5f)));
    row("a row whose id changed to another valid id", item, false, r -> r.withId("msg:10001"));
    sql("a row without a crc", "UPDATE quiver_items SET crc = NULL WHERE id = '" + item + "'");
    sql("a row whose crc is text", "UPDATE quiver_items SET crc = 'abc' WHERE id = '" + item + "'");
    sql("a deletion row whose crc does not match", "UPDATE quiver_deletions SET seq = seq + 1 WHERE rowid = "
        + "(SELECT min(rowid) FROM quiver_deletions)");
    sql("a deletion row with a NULL id", "UPDATE quiver_deletions SET id = NULL WHERE rowid = "
        + "(SELECT min(rowid) FROM quiver_deletions)");
    meta("non-numeric dimensions", "dimensions", "sixty-four");
    meta("negative dimensions", "dimensions", "-64");
    meta("huge dimensions", "dimensions", "99999999999999999999");
    meta("zero dimensions", "dimensions", "0");
    meta("dimensions that disagree with every vector", "dimensions", "65");
    meta("non-numeric sequence", "sequence", "12a");
    meta("negative sequence", "sequence", "-5");
    meta("huge sequence", "sequence", "99999999999999999999");
    meta("an unknown metric", "metric", "MANHATTAN");
    meta("a metric in lower case", "metric", "cosine");
    sql("a missing store.id", "DELETE FROM quiver_meta WHERE key = 'store.id'");
    sql("a missing dimensions setting", "DELETE FROM quiver_meta WHERE key = 'dimensions'");
    sql("a missing sequence setting", "DELETE FROM quiver_meta WHERE key = 'sequence'");
    sql("a missing metric setting", "DELETE FROM quiver_meta WHERE key = 'metric'");
    sql("a dropped quiver_items table", "DROP TABLE quiver_items");
    sql("a dropped quiver_deletions table", "DROP TABLE quiver_deletions");
    schema("a dropped seq index", "DROP INDEX quiver_items_seq");
    schema("an extra table", "CREATE TABLE other_app (x)");
    add("bad rows", "user_version 1 on a version 2 file", ANY, ANY_CODE,
        d -> BadRows.execute(file(d), "PRAGMA user_version=1"));
    add("bad rows", "user_version 3", REFUSED, Set.of(ErrorCode.VERSION),
        d -> BadRows.execute(file(d), "PRAGMA user_version=3"));
    add("bad rows", "another application_id", REFUSED, Set.of(ErrorCode.FOREIGN),
        d -> BadRows.execute(file(d), "PRAGMA application_id=1234"));
  }

  private void row(String description, String id, boolean recompute, BadRows.RowEdit edit) {
    add("bad rows", description + " (" + id + (recompute ? ", checksum recomputed)" : ")"), CORRUPT, ANY_CODE,
        d -> BadRows.editItem(file(d), id, recompute, edit));
  }

  private void sql(String description, String statement) {
    add("bad rows", description + ": " + statement, CORRUPT, ANY_CODE, d -> BadRows.execute(file(d), statement));
  }

  /** A change of schema the file may survive: any outcome, with its invariants. */
  private void schema(String description, String statement) {
    add("bad rows", description + ": " + statement, ANY, ANY_CODE, d -> BadRows.execute(file(d), statement));
  }

  private void meta(String description, String key, String value) {
    sql(description, "UPDATE quiver_meta SET value = '" + value + "' WHERE key = '" + key + "'");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  // ---- byte edits

  static void flip(Path file, long offset, int bit) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      int b = raf.read();
      raf.seek(offset);
      raf.write(b ^ (1 << bit));
    }
  }

  static void write(Path file, long offset, byte[] bytes) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      raf.write(bytes);
    }
  }
}
