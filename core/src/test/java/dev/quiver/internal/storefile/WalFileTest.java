package dev.quiver.internal.storefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.internal.storefile.Fixtures.Outcome;
import dev.quiver.internal.storefile.Fixtures.Snapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WalFile} against SQLite itself: every case puts a database copy and a (possibly damaged) copy of
 * its {@code -wal} in a fresh directory, lets sqlite-jdbc open it, and compares what SQLite then shows and
 * leaves behind with what the parser predicted.
 */
class WalFileTest {
  private static final int PAGE = 4096;
  private static final int FRAME = WalFile.FRAME_HEADER_BYTES + PAGE;

  @TempDir Path dir;

  /** The WAL fixtures, made once. */
  enum WalFixture {
    COMMITS, UNCOMMITTED_TAIL, RESTARTED;

    Snapshot snapshot() {
      return switch (this) {
        case COMMITS -> Made.COMMITS;
        case UNCOMMITTED_TAIL -> Made.UNCOMMITTED_TAIL;
        case RESTARTED -> Made.RESTARTED;
      };
    }
  }

  private static final class Made {
    static final Snapshot COMMITS = Fixtures.walWithCommits();
    static final Snapshot UNCOMMITTED_TAIL = Fixtures.walWithUncommittedTail();
    static final Snapshot RESTARTED = Fixtures.restartedWal();
  }

  @Test
  void theLastCommittedImageOfPage2DecodesToTheLatestMetaRows() {
    Snapshot s = Made.COMMITS;
    assertThat(metaRootPage(s)).isEqualTo(2);
    WalFile wal = agreesWithSqlite(s, s.sidecar());

    assertThat(wal.header()).isEqualTo(WalFile.Header.VALID);
    assertThat(wal.pageSize()).isEqualTo(PAGE);
    assertThat(wal.bigEndianChecksums()).isFalse(); // written on a little-endian machine
    assertThat(wal.committedFrames()).isEqualTo(wal.validFrames()).isEqualTo((s.sidecar().length - 32) / FRAME);
    assertThat(wal.bytesAfterCommit()).isZero();
    assertThat(wal.framesAfterCommit()).isZero();
    assertThat(wal.committedPages()).contains(1L, 2L);
    assertThat(wal.lastCommittedImage(2).flatMap(page -> LeafPage.metaRows(page, PAGE))).contains(s.meta());
    // the main file still holds the rows written before WAL was switched on
    assertThat(LeafPage.metaRows(Fixtures.page(s.db(), 2, PAGE), PAGE).orElseThrow()).doesNotContainKey("generation");
  }

  @Test
  void framesAfterTheLastCommitFrameAreIgnored() {
    Snapshot s = Made.UNCOMMITTED_TAIL;
    WalFile wal = agreesWithSqlite(s, s.sidecar());

    assertThat(wal.validFrames()).isGreaterThan(wal.committedFrames()); // spilled frames of the open transaction
    assertThat(wal.framesAfterCommit()).isEqualTo((s.sidecar().length - 32) / FRAME - wal.committedFrames());
    assertThat(wal.bytesAfterCommit()).isEqualTo(s.sidecar().length - wal.committedBytes()).isPositive();
    assertThat(wal.lastCommittedImage(2).flatMap(page -> LeafPage.metaRows(page, PAGE))).contains(s.meta());
  }

  @Test
  void framesLeftFromBeforeARestartCarryOldSaltsAndAreIgnored() {
    Snapshot s = Made.RESTARTED;
    WalFile wal = agreesWithSqlite(s, s.sidecar());

    long frames = (s.sidecar().length - 32) / FRAME;
    assertThat(wal.validFrames()).isEqualTo(wal.committedFrames()).isLessThan(frames);
    ByteBuffer bytes = ByteBuffer.wrap(s.sidecar());
    int next = 32 + (int) wal.validFrames() * FRAME;
    assertThat(bytes.getInt(next + 8)).as("salt-1 of the first old frame").isEqualTo(wal.salt1() - 1);
    assertThat(wal.checkpointSequence()).isPositive();
  }

  @Test
  void aWalWithBigEndianChecksumsIsReplayedBySqliteAndTheParserAlike() {
    Snapshot s = Made.COMMITS;
    byte[] bigEndian = reencode(s.sidecar(), WalFile.MAGIC_BIG_ENDIAN, WalFile.FORMAT_VERSION);
    WalFile wal = agreesWithSqlite(s, bigEndian);

    assertThat(wal.bigEndianChecksums()).isTrue();
    assertThat(wal.committedFrames()).isEqualTo((s.sidecar().length - 32) / FRAME);
    assertThat(Fixtures.openWithSqlite(s.db(), "-wal", bigEndian).meta()).isEqualTo(s.meta());
    // and the little-endian original no longer checks out under the big-endian magic
    byte[] magicOnly = s.sidecar().clone();
    ByteBuffer.wrap(magicOnly).putInt(0, WalFile.MAGIC_BIG_ENDIAN);
    assertThat(parse(magicOnly).header()).isEqualTo(WalFile.Header.INVALID);
  }

  @Test
  void aChecksumValidHeaderWithAnotherFormatVersionMakesSqliteRefuseTheDatabase() {
    Snapshot s = Made.COMMITS;
    byte[] future = reencode(s.sidecar(), WalFile.MAGIC_LITTLE_ENDIAN, WalFile.FORMAT_VERSION + 1);
    WalFile wal = parse(future);
    assertThat(wal.header()).isEqualTo(WalFile.Header.UNSUPPORTED_VERSION);
    assertThat(wal.formatVersion()).isEqualTo(3007001);
    assertThat(wal.committedFrames()).isZero();

    Outcome sqlite = Fixtures.openWithSqlite(s.db(), "-wal", future);
    assertThat(sqlite.error()).contains("unable to open");
  }

  @Test
  void sqliteReplaysAWalBesideADatabaseWhoseHeaderSaysRollbackJournal() {
    // why the open path must inspect a -wal even beside a store it closed in rollback-journal mode
    Snapshot s = Made.COMMITS;
    byte[] rollbackHeader = s.db().clone();
    rollbackHeader[18] = 1;
    rollbackHeader[19] = 1;
    assertThat(Fixtures.openWithSqlite(rollbackHeader, "-wal", s.sidecar()).meta()).isEqualTo(s.meta());
  }

  @Test
  void aWalOf32BytesIsNotReadAtAll() {
    Snapshot s = Made.COMMITS;
    byte[] headerOnly = Arrays.copyOf(s.sidecar(), 32);
    WalFile wal = agreesWithSqlite(s, headerOnly);
    assertThat(wal.header()).isEqualTo(WalFile.Header.TOO_SHORT);
    assertThat(wal.committedFrames()).isZero();
    assertThat(wal.bytesAfterCommit()).isEqualTo(32);
  }

  @Test
  void aHeaderWithABadChecksumIsReportedAsIgnoredNotThrown() {
    Snapshot s = Made.COMMITS;
    byte[] badSalt = new Damage.FlipBit(16, 0).apply(s.sidecar());
    WalFile wal = agreesWithSqlite(s, badSalt);
    assertThat(wal.header()).isEqualTo(WalFile.Header.INVALID);
    assertThat(wal.headerValid()).isFalse();
    assertThat(wal.committedPages()).isEmpty();
    assertThat(wal.lastCommittedImage(2)).isEmpty();
    assertThat(wal.bytesAfterCommit()).isEqualTo(s.sidecar().length);
  }

  @Test
  void recoveryStopsAtTheFirstBadFrameThoughTheNextFramesChainStillHolds() {
    // The running checksum covers frame header bytes 0..7 and the page, not the salts or the stored
    // checksum. Damaging frame 3's stored checksum leaves frame 4's chain intact, yet SQLite stops at 3.
    Snapshot s = Made.COMMITS;
    byte[] damaged = new Damage.FlipBit(32 + 2 * FRAME + 17, 3).apply(s.sidecar());
    WalFile wal = agreesWithSqlite(s, damaged);
    assertThat(wal.validFrames()).isEqualTo(2);
    assertThat(wal.committedFrames()).isLessThanOrEqualTo(2);
  }

  @Test
  void aBadCommitFrameUncommitsItsWholeTransaction() {
    Snapshot s = Made.COMMITS;
    WalFile whole = parse(s.sidecar());
    long lastCommit = whole.committedFrames();
    byte[] damaged = new Damage.FlipBit(32 + (int) (lastCommit - 1) * FRAME + 24 + 100, 0).apply(s.sidecar());
    WalFile wal = agreesWithSqlite(s, damaged);
    assertThat(wal.validFrames()).isEqualTo(lastCommit - 1);
    assertThat(wal.committedFrames()).isLessThan(lastCommit - 1);
    assertThat(wal.lastCommittedImage(2).flatMap(page -> LeafPage.metaRows(page, PAGE)).orElseThrow())
        .containsEntry("generation", "3");
  }

  @Test
  void readingAMissingWalCreatesNothing() {
    Path missing = dir.resolve("store.db-wal");
    assertThatThrownBy(() -> WalFile.read(missing)).isInstanceOf(NoSuchFileException.class);
    assertThat(listing()).isEmpty();
  }

  @Test
  void readingAWalChangesNeitherItsBytesNorItsTimestamp() throws IOException {
    Path wal = Files.write(dir.resolve("store.db-wal"), Made.COMMITS.sidecar());
    FileTime modified = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(wal, modified);
    WalFile.read(wal);
    assertThat(Files.readAllBytes(wal)).isEqualTo(Made.COMMITS.sidecar());
    assertThat(Files.getLastModifiedTime(wal)).isEqualTo(modified);
    assertThat(listing()).containsExactly(wal);
  }

  @Test
  void pagesNotRetainedAreRefusedRatherThanReportedAbsent() {
    WalFile wal = parse(Made.COMMITS.sidecar(), page -> page == 2);
    assertThat(wal.lastCommittedImage(2)).isPresent();
    assertThat(wal.committedPages()).contains(1L);
    assertThatThrownBy(() -> wal.lastCommittedImage(1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("page 1").hasMessageContaining("not retained");
  }

  /**
   * The key property: whatever the damage (a cut, a flipped bit, a zeroed range, up to three of them), the
   * page 2 the parser predicts (the WAL's last committed image, else the main file's) decodes to exactly the
   * meta rows SQLite returns, and the file SQLite leaves after its closing checkpoint is exactly the main
   * file with the predicted committed pages written over it.
   */
  @Property(tries = 200)
  void theParserAndSqliteAgreeAfterAnyDamageToTheWal(@ForAll("damagedWals") DamagedWal damaged) {
    agreesWithSqlite(damaged.fixture().snapshot(), damaged.bytes());
  }

  /** A fixture and the damage done to its WAL. */
  record DamagedWal(WalFixture fixture, List<Damage> damage) {
    byte[] bytes() {
      return Damage.applyAll(damage, fixture.snapshot().sidecar());
    }
  }

  @Provide
  Arbitrary<DamagedWal> damagedWals() {
    return Arbitraries.of(WalFixture.values()).flatMap(fixture -> {
      int size = fixture.snapshot().sidecar().length;
      // frame headers (page number, commit size, salts, checksums) and the WAL header are favoured
      Arbitrary<Integer> positions = Damage.positions(size, WalFile.HEADER_BYTES, WalFile.HEADER_BYTES, FRAME,
          WalFile.FRAME_HEADER_BYTES);
      return Damage.some(positions).map(damage -> new DamagedWal(fixture, damage));
    });
  }

  /** Asserts the parser predicts what SQLite shows and leaves; returns the parser's reading. */
  private static WalFile agreesWithSqlite(Snapshot s, byte[] walBytes) {
    WalFile wal = parse(walBytes);
    byte[] page2 = wal.lastCommittedImage(2).orElseGet(() -> Fixtures.mainFilePage(s.db(), 2));
    Optional<Map<String, String>> predicted = LeafPage.metaRows(page2, PAGE);

    Outcome sqlite = Fixtures.openWithSqlite(s.db(), "-wal", walBytes);
    assertThat(sqlite.error()).as("SQLite's error for %s", wal).isNull();
    assertThat(predicted).as("page 2 predicted from %s", wal).contains(sqlite.meta());
    Fixtures.assertSameFile(sqlite.dbAfterClose(), afterCheckpoint(s.db(), wal), s.db(), PAGE,
        "database after SQLite's checkpoint of " + wal);
    return wal;
  }

  /** The main file as a full checkpoint leaves it: sized to the committed database, committed pages written. */
  private static byte[] afterCheckpoint(byte[] db, WalFile wal) {
    if (wal.committedFrames() == 0) {
      return db;
    }
    byte[] out = Arrays.copyOf(db, Math.toIntExact(wal.databasePageCount() * wal.pageSize()));
    for (long page : wal.committedPages()) {
      if (page <= wal.databasePageCount()) {
        System.arraycopy(wal.lastCommittedImage(page).orElseThrow(), 0, out, (int) (page - 1) * wal.pageSize(),
            wal.pageSize());
      }
    }
    return out;
  }

  private static WalFile parse(byte[] bytes) {
    return parse(bytes, page -> true);
  }

  private static WalFile parse(byte[] bytes, LongPredicate retain) {
    return Fixtures.inScratch("wal", scratch -> WalFile.read(Files.write(scratch.resolve("store.db-wal"), bytes),
        retain));
  }

  private static int metaRootPage(Snapshot s) {
    return Fixtures.inScratch("root", scratch -> {
      Path db = Files.write(scratch.resolve("store.db"), s.db());
      Files.write(scratch.resolve("store.db-wal"), s.sidecar());
      try (Connection c = Fixtures.connect(db); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT rootpage FROM sqlite_schema WHERE name = 'quiver_meta'")) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }

  /**
   * Rewrites a WAL whose frames are all valid under another magic and format version, recomputing the header
   * checksum and every frame's running checksum. Written apart from {@link WalFile} on purpose: SQLite, not
   * the parser, judges whether it is right.
   */
  private static byte[] reencode(byte[] wal, int magic, int version) {
    byte[] out = wal.clone();
    ByteBuffer b = ByteBuffer.wrap(out);
    b.putInt(0, magic);
    b.putInt(4, version);
    boolean bigEndian = (magic & 1) == 1;
    int[] s = {0, 0};
    sum(out, 0, 24, bigEndian, s);
    b.putInt(24, s[0]);
    b.putInt(28, s[1]);
    int pageSize = b.getInt(8);
    for (int at = 32; at + 24 + pageSize <= out.length; at += 24 + pageSize) {
      sum(out, at, 8, bigEndian, s);
      sum(out, at + 24, pageSize, bigEndian, s);
      b.putInt(at + 16, s[0]);
      b.putInt(at + 20, s[1]);
    }
    return out;
  }

  private static void sum(byte[] a, int from, int length, boolean bigEndian, int[] s) {
    for (int i = from; i < from + length; i += 8) {
      s[0] += word(a, i, bigEndian) + s[1];
      s[1] += word(a, i + 4, bigEndian) + s[0];
    }
  }

  private static int word(byte[] a, int i, boolean bigEndian) {
    int b0 = a[i] & 0xff;
    int b1 = a[i + 1] & 0xff;
    int b2 = a[i + 2] & 0xff;
    int b3 = a[i + 3] & 0xff;
    return bigEndian ? b0 << 24 | b1 << 16 | b2 << 8 | b3 : b3 << 24 | b2 << 16 | b1 << 8 | b0;
  }

  private List<Path> listing() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
