package dev.quiver.internal.storefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.internal.storefile.Fixtures.Outcome;
import dev.quiver.internal.storefile.PageFormatException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/** {@link LeafPage} on pages of real SQLite files, and on damaged and random bytes. */
class LeafPageTest {
  private static final int PAGE = 4096;

  /** Real files, made once. */
  private static final class Made {
    /** A Quiver-shaped file whose meta page has seen inserts, deletes and updates (so freeblocks exist). */
    static final byte[] CHURNED = churnedMeta();
    static final Map<String, String> CHURNED_META = sqliteMeta(CHURNED);
    /** A file whose page 2 is a rowid table leaf holding one value of each storage class and size. */
    static final byte[] TYPES = types();
  }

  /** The values stored in the types table, by rowid; SQLite picks each one's serial type. */
  private static final List<Object> TYPED_VALUES = Arrays.asList(null, 0L, 1L, -1L, 127L, 128L, -129L, 32767L,
      32768L, 8_388_607L, 8_388_608L, 2_147_483_647L, 2_147_483_648L, 140_737_488_355_327L,
      140_737_488_355_328L, Long.MAX_VALUE, Long.MIN_VALUE, 3.25, -0.0, 1e300, new byte[0],
      new byte[] {0, (byte) 0xff, 7}, "", "h\u00e9llo \u4e2d\ud83d\ude00", "with\0nul");

  @Test
  void decodesTheMetaPageOfARealStoreToTheRowsSqliteReturns() throws PageFormatException {
    byte[] page = Fixtures.page(Made.CHURNED, 2, PAGE);
    LeafPage leaf = LeafPage.decode(page, 2, PAGE);
    assertThat(leaf.kind()).isEqualTo(LeafPage.Kind.INDEX);
    assertThat(leaf.rowids()).isEmpty();
    assertThat(leaf.cellCount()).isEqualTo(Made.CHURNED_META.size());
    assertThat(page[1] | page[2]).as("first freeblock").isNotZero();
    assertThat(LeafPage.metaRows(page, PAGE)).contains(Made.CHURNED_META);
    assertThat(LeafPage.metaRows(page, PAGE).orElseThrow().keySet()).containsExactlyElementsOf(
        Made.CHURNED_META.keySet());
  }

  @Test
  void decodesEveryStorageClassOfATableLeaf() throws PageFormatException {
    LeafPage leaf = LeafPage.decode(Fixtures.page(Made.TYPES, 2, PAGE), 2, PAGE);
    assertThat(leaf.kind()).isEqualTo(LeafPage.Kind.TABLE);
    long[] ids = new long[TYPED_VALUES.size()];
    Arrays.setAll(ids, i -> i + 1);
    assertThat(leaf.rowids()).containsExactly(ids);
    for (int i = 0; i < TYPED_VALUES.size(); i++) {
      List<Object> row = leaf.rows().get(i);
      assertThat(row).hasSize(2);
      assertThat(row.get(0)).as("the INTEGER PRIMARY KEY is stored as NULL; the rowid holds it").isNull();
      assertThat(row.get(1)).as("value %d", i + 1).isEqualTo(TYPED_VALUES.get(i));
    }
  }

  @Test
  void decodesPage1AfterTheDatabaseHeader() throws Exception {
    LeafPage schema = LeafPage.decode(Fixtures.page(Made.CHURNED, 1, PAGE), 1, PAGE);
    List<List<Object>> expected = new ArrayList<>();
    Fixtures.inScratch("schema", dir -> {
      try (Connection c = Fixtures.connect(Files.write(dir.resolve("s.db"), Made.CHURNED));
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema")) {
        while (rs.next()) {
          expected.add(Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
              rs.getString(5)));
        }
      }
      return null;
    });
    assertThat(schema.kind()).isEqualTo(LeafPage.Kind.TABLE);
    assertThat(schema.rows()).isEqualTo(expected);
    assertThat(schema.rows().get(0)).containsExactly("table", "quiver_meta", "quiver_meta", 2L, Fixtures.META_DDL);
  }

  @Test
  void anInteriorPageIsReportedAsNotALeaf() {
    byte[] db = Fixtures.inScratch("interior", dir -> {
      Path file = dir.resolve("i.db");
      try (Connection c = Fixtures.connect(file); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, data BLOB)");
        s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) "
            + "INSERT INTO big (data) SELECT randomblob(500) FROM n");
      }
      return Files.readAllBytes(file);
    });
    PageFormatException e = catchThrowableOfType(PageFormatException.class,
        () -> LeafPage.decode(Fixtures.page(db, 2, PAGE), 2, PAGE));
    assertThat(e.reason()).isEqualTo(Reason.NOT_A_LEAF);
    assertThat(e).hasMessageContaining("page 2").hasMessageContaining("0x05");
  }

  @Test
  void aCellWhosePayloadSpillsToAnOverflowPageIsRefused() {
    byte[] db = Fixtures.inScratch("overflow", dir -> {
      Path file = dir.resolve("o.db");
      try (Connection c = Fixtures.connect(file); Statement s = c.createStatement()) {
        s.execute(Fixtures.META_DDL);
        s.execute("INSERT INTO quiver_meta VALUES ('short', 'x'), ('long', '" + "y".repeat(1200) + "')");
      }
      return Files.readAllBytes(file);
    });
    PageFormatException e = catchThrowableOfType(PageFormatException.class,
        () -> LeafPage.decode(Fixtures.page(db, 2, PAGE), 2, PAGE));
    assertThat(e.reason()).isEqualTo(Reason.OVERFLOW);
    assertThat(e).hasMessageContaining("overflow");
    assertThat(LeafPage.metaRows(Fixtures.page(db, 2, PAGE), PAGE)).isEmpty();
  }

  @Test
  void cellPointersOutsideThePageAndTruncatedPagesAreMalformed() {
    byte[] page = Fixtures.page(Made.CHURNED, 2, PAGE);
    assertThat(reasonFor(new Damage.SetShort(8, 4095).apply(page))).isEqualTo(Reason.MALFORMED);
    assertThat(reasonFor(new Damage.SetShort(8, 9).apply(page))).isEqualTo(Reason.MALFORMED);
    assertThat(reasonFor(new Damage.SetShort(3, 2000).apply(page))).isEqualTo(Reason.MALFORMED);
    assertThat(reasonFor(Arrays.copyOf(page, 4000))).isEqualTo(Reason.MALFORMED);
    assertThat(reasonFor(new byte[0])).isEqualTo(Reason.MALFORMED);
    assertThat(reasonFor(new byte[PAGE])).isEqualTo(Reason.MALFORMED); // type byte 0
  }

  /** Random bytes, with the type byte sometimes made a leaf's so that decoding gets past it. */
  @Property(tries = 300)
  void randomBytesDecodeOrAreRefusedWithAReasonButNeverThrowAnythingElse(@ForAll("randomPages") byte[] page,
      @ForAll("usableSizes") int usable, @ForAll boolean first) {
    assertOnlyRefused(page, first ? 1 : 2, usable);
  }

  /** Real pages with a cut, flipped bits, zeroed ranges, or a header field or cell pointer set to any value. */
  @Property(tries = 300)
  void damagedRealPagesDecodeOrAreRefusedWithAReasonButNeverThrowAnythingElse(
      @ForAll("damagedPages") byte[] page) {
    Statistics.label("result").collect(assertOnlyRefused(page, 2, PAGE));
  }

  /**
   * A damaged meta page, written back into its file as page 2, is never decoded into rows that SQLite would
   * not return: whenever {@link LeafPage#metaRows} gives rows, SQLite reads that file and returns exactly
   * them. (The decoder may refuse pages SQLite still reads; it is the stricter of the two.)
   */
  @Property(tries = 200)
  void metaRowsDecodedFromADamagedPageAreExactlyWhatSqliteReturns(@ForAll("damagedMetaPages") byte[] page) {
    Optional<Map<String, String>> decoded = LeafPage.metaRows(page, PAGE);
    byte[] db = Made.CHURNED.clone();
    System.arraycopy(Arrays.copyOf(page, PAGE), 0, db, PAGE, PAGE);
    Outcome sqlite = Fixtures.openWithSqlite(db, "-journal", null);
    Statistics.label("decoder/sqlite").collect((decoded.isPresent() ? "rows" : "refused") + "/"
        + (sqlite.error() == null ? "rows" : "error"));
    decoded.ifPresent(rows -> {
      assertThat(sqlite.error()).as("SQLite's error reading rows the decoder gave as %s", rows).isNull();
      assertThat(rows).isEqualTo(sqlite.meta());
    });
  }

  @Provide
  Arbitrary<byte[]> randomPages() {
    Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(PAGE + 16);
    Arbitrary<byte[]> leafTyped = Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(PAGE),
        Arbitraries.of(LeafPage.TABLE_LEAF, LeafPage.INDEX_LEAF), Arbitraries.integers().between(0, 40))
        .as((bytes, type, cells) -> {
          byte[] out = bytes.clone();
          for (int header : new int[] {0, 100}) {
            out[header] = (byte) (int) type;
            out[header + 3] = 0;
            out[header + 4] = (byte) (int) cells;
          }
          return out;
        });
    return Arbitraries.oneOf(any, leafTyped);
  }

  @Provide
  Arbitrary<Integer> usableSizes() {
    return Arbitraries.of(0, 479, 480, 512, 4000, PAGE, 65536, 70000);
  }

  @Provide
  Arbitrary<byte[]> damagedPages() {
    byte[] meta = Fixtures.page(Made.CHURNED, 2, PAGE);
    byte[] table = Fixtures.page(Made.TYPES, 2, PAGE);
    return Arbitraries.of(meta, table).flatMap(this::damaged);
  }

  @Provide
  Arbitrary<byte[]> damagedMetaPages() {
    return damaged(Fixtures.page(Made.CHURNED, 2, PAGE));
  }

  private Arbitrary<byte[]> damaged(byte[] page) {
    int cells = ((page[3] & 0xff) << 8) | (page[4] & 0xff);
    int content = ((page[5] & 0xff) << 8) | (page[6] & 0xff);
    // the page header, the cell pointers, the cells themselves, anywhere
    Arbitrary<Integer> positions = Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.integers().between(0, 7)),
        Tuple.of(2, Arbitraries.integers().between(8, 8 + 2 * cells)),
        Tuple.of(3, Arbitraries.integers().between(content, PAGE - 1)),
        Tuple.of(1, Arbitraries.integers().between(0, PAGE - 1)));
    Arbitrary<Damage> setField = Combinators.combine(positions, Arbitraries.integers().between(0, 0xffff))
        .as(Damage.SetShort::new);
    Arbitrary<Damage> one = Arbitraries.oneOf(Damage.one(positions), setField);
    return one.list().ofMinSize(1).ofMaxSize(3).map(damage -> Damage.applyAll(damage, page));
  }

  /** Decodes, and returns "decoded" or the refusal's reason; anything other than a refusal propagates. */
  private static String assertOnlyRefused(byte[] page, int pageNumber, int usable) {
    try {
      LeafPage leaf = LeafPage.decode(page, pageNumber, usable);
      assertThat(leaf.rows()).hasSize(leaf.cellCount());
      return "decoded";
    } catch (PageFormatException e) {
      assertThat(e.getMessage()).isNotBlank();
      return e.reason().name();
    }
  }

  private static Reason reasonFor(byte[] page) {
    return catchThrowableOfType(PageFormatException.class, () -> LeafPage.decode(page, 2, PAGE)).reason();
  }

  private static byte[] churnedMeta() {
    return Fixtures.inScratch("churned", dir -> {
      Path file = dir.resolve("c.db");
      try (Connection c = Fixtures.connect(file); Statement s = c.createStatement()) {
        Fixtures.createQuiverShape(c);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO quiver_meta VALUES (?, ?)")) {
          for (int i = 0; i < 30; i++) {
            insert.setString(1, String.format("k%02d", i));
            insert.setString(2, "v".repeat(i * 3 + 1));
            insert.executeUpdate();
          }
        }
        s.execute("DELETE FROM quiver_meta WHERE key IN ('k03', 'k04', 'k11', 'k20', 'k21', 'k22')");
        s.execute("UPDATE quiver_meta SET value = 'short' WHERE key IN ('k25', 'k27')");
        s.execute("UPDATE quiver_meta SET value = value || '" + "z".repeat(40) + "' WHERE key = 'k06'");
      }
      return Files.readAllBytes(file);
    });
  }

  private static Map<String, String> sqliteMeta(byte[] db) {
    Outcome outcome = Fixtures.openWithSqlite(db, "-journal", null);
    assertThat(outcome.error()).isNull();
    return outcome.meta();
  }

  private static byte[] types() {
    return Fixtures.inScratch("types", dir -> {
      Path file = dir.resolve("t.db");
      try (Connection c = Fixtures.connect(file); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE typed (id INTEGER PRIMARY KEY, v)"); // no affinity: values stay as bound
      }
      try (Connection c = Fixtures.connect(file); Statement s = c.createStatement();
          PreparedStatement insert = c.prepareStatement("INSERT INTO typed (id, v) VALUES (?, ?)")) {
        for (int i = 0; i < TYPED_VALUES.size(); i++) {
          Object v = TYPED_VALUES.get(i);
          if (v instanceof String text && text.indexOf('\0') >= 0) {
            // text with a NUL inside, cast from a blob so no binding can cut it short
            s.execute("INSERT INTO typed (id, v) VALUES (" + (i + 1) + ", CAST(X'"
                + hex(text.getBytes(StandardCharsets.UTF_8)) + "' AS TEXT))");
          } else {
            insert.setLong(1, i + 1);
            insert.setObject(2, v);
            insert.executeUpdate();
          }
        }
      }
      return Files.readAllBytes(file);
    });
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(String.format("%02x", b & 0xff));
    }
    return out.toString();
  }
}
