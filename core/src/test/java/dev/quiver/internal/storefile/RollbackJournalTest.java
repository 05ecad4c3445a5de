package dev.quiver.internal.storefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.internal.storefile.Fixtures.Outcome;
import dev.quiver.internal.storefile.Fixtures.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RollbackJournal} against SQLite itself: every case puts a half-modified database copy and a
 * (possibly damaged) copy of its hot {@code -journal} in a fresh directory, lets sqlite-jdbc open it (which
 * rolls the journal back), and compares the file SQLite leaves with the one the parser predicted.
 */
class RollbackJournalTest {
  private static final int PAGE = 4096;
  private static final int RECORD = PAGE + 8;
  private static final int FIRST_RECORD = 512;

  @TempDir Path dir;

  /** The journal fixtures, made once. */
  enum JournalFixture {
    SYNCED, NO_SYNC;

    Snapshot snapshot() {
      return this == SYNCED ? Made.SYNCED : Made.NO_SYNC;
    }
  }

  private static final class Made {
    static final Snapshot SYNCED = Fixtures.hotJournal();
    static final Snapshot NO_SYNC = Fixtures.hotJournalWithoutSync();
  }

  @Test
  void theOriginalImageOfPage2IsWhatSqliteRestoresFromAHotJournal() {
    Snapshot s = Made.SYNCED;
    RollbackJournal journal = agreesWithSqlite(s, s.sidecar());

    assertThat(journal.hot()).isTrue();
    assertThat(journal.playsBack()).isTrue();
    assertThat(journal.pageSize()).isEqualTo(PAGE);
    assertThat(journal.sectorSize()).isEqualTo(512);
    assertThat(journal.headers()).as("a header per journal sync").isGreaterThan(1);
    assertThat(journal.originalPageCount() * PAGE).isLessThan(s.db().length);
    byte[] original = journal.originalImage(2).orElseThrow();
    assertThat(LeafPage.metaRows(original, PAGE)).contains(s.meta());
    // the copy's page 2 holds the open transaction's spilled change; rollback is what undoes it
    assertThat(LeafPage.metaRows(Fixtures.page(s.db(), 2, PAGE), PAGE).orElseThrow()).containsKey("generation");
    assertThat(Fixtures.openWithSqlite(s.db(), "-journal", s.sidecar()).meta()).isEqualTo(s.meta());
  }

  @Test
  void aJournalWrittenWithoutSyncCountsItsRecordsToTheEndOfTheFile() {
    Snapshot s = Made.NO_SYNC;
    assertThat(ByteBuffer.wrap(s.sidecar()).getInt(8)).as("nRec").isEqualTo(0xffffffff);
    RollbackJournal journal = agreesWithSqlite(s, s.sidecar());
    assertThat(journal.headers()).isEqualTo(1);
    assertThat(journal.records()).isEqualTo((s.sidecar().length - FIRST_RECORD) / RECORD);
    assertThat(journal.end()).isEqualTo(RollbackJournal.End.NO_MORE_HEADERS);
    assertThat(Fixtures.openWithSqlite(s.db(), "-journal", s.sidecar()).meta()).isEqualTo(s.meta());
  }

  @Test
  void aRecordCountOfZeroRestoresNoPageYetStillCutsTheDatabaseToItsOriginalSize() {
    Snapshot s = Made.SYNCED;
    byte[] zero = s.sidecar().clone();
    ByteBuffer.wrap(zero).putInt(8, 0);
    RollbackJournal journal = agreesWithSqlite(s, zero);
    assertThat(journal.playsBack()).isTrue();
    assertThat(journal.restoredPages()).isEmpty();
    assertThat(journal.end()).isEqualTo(RollbackJournal.End.NO_MORE_HEADERS);
    assertThat(Fixtures.openWithSqlite(s.db(), "-journal", zero).dbAfterClose())
        .hasSize((int) journal.originalPageCount() * PAGE);
  }

  @Test
  void aJournalWhoseFirstByteIsZeroIsNotHotAndChangesNothing() {
    Snapshot s = Made.SYNCED;
    byte[] cold = new Damage.ZeroRange(0, 1).apply(s.sidecar());
    RollbackJournal journal = agreesWithSqlite(s, cold);
    assertThat(journal.hot()).isFalse();
    assertThat(journal.playsBack()).isFalse();
    assertThat(journal.end()).isEqualTo(RollbackJournal.End.NOT_PLAYED);
    assertThat(Fixtures.openWithSqlite(s.db(), "-journal", cold).dbAfterClose()).isEqualTo(s.db());
  }

  @Test
  void aJournalNamingAMissingSuperJournalIsNotPlayedBack() {
    Snapshot s = Made.SYNCED;
    Path missing = dir.resolve("gone-mj1234");
    byte[] bytes = withSuperJournal(s.sidecar(), missing.toString());
    RollbackJournal journal = agreesWithSqlite(s, bytes);
    assertThat(journal.superJournal()).contains(missing.toString());
    assertThat(journal.playsBack()).isFalse();
    assertThat(Fixtures.openWithSqlite(s.db(), "-journal", bytes).dbAfterClose()).isEqualTo(s.db());
  }

  @Test
  void aJournalNamingAnEmptySuperJournalIsNotPlayedBackForTheUnixVfsCountsAnEmptyFileAsMissing()
      throws IOException {
    Snapshot s = Made.SYNCED;
    Path empty = Files.createFile(dir.resolve("empty-mj4321"));
    byte[] bytes = withSuperJournal(s.sidecar(), empty.toString());
    RollbackJournal journal = agreesWithSqlite(s, bytes);
    assertThat(journal.superJournal()).contains(empty.toString());
    assertThat(journal.playsBack()).isFalse();
  }

  @Test
  void aJournalNamingAnExistingSuperJournalIsPlayedBack() throws IOException {
    Snapshot s = Made.SYNCED;
    // a super-journal lists its child journals, each ending in a NUL
    Path present = Files.writeString(dir.resolve("present-mj5678"), dir.resolve("other.db-journal") + "\0");
    byte[] bytes = withSuperJournal(s.sidecar(), present.toString());
    RollbackJournal journal = agreesWithSqlite(s, bytes); // SQLite may delete the super-journal afterwards
    assertThat(journal.superJournal()).contains(present.toString());
    assertThat(journal.playsBack()).isTrue();
    assertThat(journal.originalImage(2)).isPresent();
  }

  @Test
  void aSuperJournalNameWithABadChecksumIsTreatedAsAbsent() {
    Snapshot s = Made.SYNCED;
    byte[] bytes = withSuperJournal(s.sidecar(), dir.resolve("gone-mj9").toString());
    bytes[bytes.length - 12 + 3] ^= 1; // the checksum's low byte
    RollbackJournal journal = agreesWithSqlite(s, bytes);
    assertThat(journal.superJournal()).isEmpty();
    assertThat(journal.playsBack()).isTrue();
  }

  @Test
  void aRecordIsWrittenToWhateverPageItNamesForThePageNumberIsNotChecksummed() {
    Snapshot s = Made.SYNCED;
    RollbackJournal intact = parse(s.sidecar());
    long unnamed = 1;
    while (intact.restoredPages().contains(unnamed)) {
      unnamed++;
    }
    assertThat(unnamed).isLessThanOrEqualTo(intact.originalPageCount());
    int record = recordOffset(s.sidecar(), 2);
    byte[] moved = s.sidecar().clone();
    ByteBuffer.wrap(moved).putInt(record, (int) unnamed);

    RollbackJournal journal = agreesWithSqlite(s, moved);
    assertThat(journal.originalImage(2)).isEmpty();
    assertThat(journal.originalImage(unnamed).orElseThrow()).isEqualTo(intact.originalImage(2).orElseThrow());
  }

  @Test
  void aPageSizeFieldOfZeroMeansTheDatabasesOwnPageSize() {
    Snapshot s = Made.SYNCED;
    byte[] old = s.sidecar().clone();
    ByteBuffer.wrap(old).putInt(24, 0); // as SQLite before 3.5.8 wrote it
    RollbackJournal journal = agreesWithSqlite(s, old);
    assertThat(journal.pageSize()).isEqualTo(PAGE);
    assertThat(journal.originalImage(2)).isPresent();
  }

  @Test
  void readingAMissingJournalCreatesNothing() {
    assertThatThrownBy(() -> RollbackJournal.read(dir.resolve("store.db-journal"), PAGE))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(listing()).isEmpty();
  }

  /**
   * Whatever the damage to the journal (a cut, a flipped bit, a zeroed range, up to three), the database
   * file SQLite leaves after rolling it back is byte for byte the one the parser predicts; and where SQLite
   * can then read the meta rows and the predicted page 2 decodes, they are the same rows.
   */
  @Property(tries = 200)
  void theParserAndSqliteAgreeAfterAnyDamageToTheJournal(@ForAll("damagedJournals") DamagedJournal damaged) {
    RollbackJournal journal = parse(damaged.bytes());
    // a flipped high bit of the original-size field would have SQLite extend the copy to gigabytes
    Assume.that(!journal.playsBack() || journal.originalPageCount() <= 4096);
    agreesWithSqlite(damaged.fixture().snapshot(), damaged.bytes());
    Statistics.label("outcome").collect(journal.playsBack() ? journal.end() : "not played");
  }

  /** A fixture and the damage done to its journal. */
  record DamagedJournal(JournalFixture fixture, List<Damage> damage) {
    byte[] bytes() {
      return Damage.applyAll(damage, fixture.snapshot().sidecar());
    }
  }

  @Provide
  Arbitrary<DamagedJournal> damagedJournals() {
    return Arbitraries.of(JournalFixture.values()).flatMap(fixture -> {
      int size = fixture.snapshot().sidecar().length;
      // the fields of a header at any sector, and each record's checksum and the next one's page number
      Arbitrary<Integer> positions = Arbitraries.oneOf(
          Damage.positions(size, 28, FIRST_RECORD - 4, RECORD, 8),
          Damage.positions(size, 28, 0, 512, 28));
      return Damage.some(positions).map(damage -> new DamagedJournal(fixture, damage));
    });
  }

  /** Asserts SQLite leaves the file the parser predicts; returns the parser's reading. */
  private static RollbackJournal agreesWithSqlite(Snapshot s, byte[] journalBytes) {
    RollbackJournal journal = parse(journalBytes);
    byte[] predicted = afterRollback(s.db(), journal);
    Outcome sqlite = Fixtures.openWithSqlite(s.db(), "-journal", journalBytes);
    Fixtures.assertSameFile(sqlite.dbAfterClose(), predicted, s.db(), PAGE, "database after SQLite rolled back "
        + journal);
    if (sqlite.error() == null && predicted.length >= 2 * PAGE) {
      Optional<Map<String, String>> rows = LeafPage.metaRows(Fixtures.page(predicted, 2, PAGE), PAGE);
      rows.ifPresent(meta -> assertThat(meta).as("page 2 predicted from %s", journal).isEqualTo(sqlite.meta()));
    }
    return journal;
  }

  /**
   * The main file as SQLite's rollback leaves it: resized to the original page count (cut; or extended by
   * writing a zero page at the new end, but not when less than a page is missing), then each restored page
   * written in place.
   */
  private static byte[] afterRollback(byte[] db, RollbackJournal journal) {
    if (!journal.playsBack()) {
      return db;
    }
    int pageSize = journal.pageSize();
    long size = journal.originalPageCount() * pageSize;
    byte[] out = db;
    if (db.length > size || db.length + pageSize <= size) {
      out = Arrays.copyOf(db, Math.toIntExact(size));
    }
    for (long page : journal.restoredPages()) {
      int at = Math.toIntExact((page - 1) * pageSize);
      if (out.length < at + pageSize) {
        out = Arrays.copyOf(out, at + pageSize);
      }
      System.arraycopy(journal.originalImage(page).orElseThrow(), 0, out, at, pageSize);
    }
    return out;
  }

  /** The offset of the first record for {@code page} under the first header, found without the parser. */
  private static int recordOffset(byte[] journal, int page) {
    ByteBuffer b = ByteBuffer.wrap(journal);
    int count = b.getInt(8);
    for (int i = 0; i < count; i++) {
      int at = FIRST_RECORD + i * RECORD;
      if (b.getInt(at) == page) {
        return at;
      }
    }
    throw new AssertionError("no record for page " + page + " among the first header's " + count);
  }

  private static final byte[] JOURNAL_MAGIC = {(byte) 0xd9, (byte) 0xd5, 0x05, (byte) 0xf9, 0x20, (byte) 0xa1, 0x63,
      (byte) 0xd7};
  /** The lock-byte page of 4096-byte pages: the one holding byte 0x40000000. */
  private static final int LOCK_PAGE = 0x40000000 / PAGE + 1;

  /** Appends a super-journal record as SQLite writes one: lock-page number, name, length, checksum, magic. */
  private static byte[] withSuperJournal(byte[] journal, String name) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    int sum = 0;
    for (byte c : utf8) {
      sum += c;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(journal);
    out.writeBytes(ByteBuffer.allocate(4).putInt(LOCK_PAGE).array());
    out.writeBytes(utf8);
    out.writeBytes(ByteBuffer.allocate(8).putInt(utf8.length).putInt(sum).array());
    out.writeBytes(JOURNAL_MAGIC);
    return out.toByteArray();
  }

  private static RollbackJournal parse(byte[] bytes) {
    return Fixtures.inScratch("journal", scratch ->
        RollbackJournal.read(Files.write(scratch.resolve("store.db-journal"), bytes), PAGE));
  }

  private List<Path> listing() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
