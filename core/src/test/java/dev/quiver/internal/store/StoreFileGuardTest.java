package dev.quiver.internal.store;

import dev.quiver.internal.storefile.StoreOptions;
import dev.quiver.StoreInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.ErrorCode;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.QuiverException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store-file rules of the incident, each against real files. */
class StoreFileGuardTest {
  private static final StoreOptions OPTIONS = StoreOptions.of(3, Metric.COSINE);
  @TempDir Path dir;

  @Test
  void refusesAnotherApplicationsDatabaseWithoutChangingAByteOrLeavingASidecar() throws Exception {
    Path chat = dir.resolve("chat.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + chat); Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=DELETE");
      s.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, body TEXT)");
      s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)");
      s.execute("INSERT INTO messages (body) VALUES ('hello')");
    }
    String before = sha256(chat);
    Set<Path> filesBefore = listing();

    assertRefused(() -> VectorStore.open(chat, OPTIONS), ErrorCode.FOREIGN)
        .hasMessageContaining(chat.toString()).hasMessageContaining("[messages, users]")
        .hasMessageContaining("application_id 0");

    assertThat(sha256(chat)).isEqualTo(before);
    assertThat(listing()).isEqualTo(filesBefore);
  }

  @Test
  void refusesAFileThatIsNotADatabaseAtAll() throws Exception {
    Path notes = Files.writeString(dir.resolve("notes.quiver"), "just some text that is long enough ".repeat(5));
    String before = sha256(notes);
    assertRefused(() -> VectorStore.open(notes, OPTIONS), ErrorCode.FOREIGN)
        .hasMessageContaining("not an SQLite database").hasMessageContaining(notes.toString());
    assertThat(sha256(notes)).isEqualTo(before);
    assertThat(listing()).containsExactly(notes);
  }

  @Test
  void refusesADatabaseStampedByAnotherApplication() throws Exception {
    Path other = dir.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
      s.execute("PRAGMA application_id=1234");
      s.execute("CREATE TABLE t (x)");
    }
    assertRefused(() -> VectorStore.open(other, OPTIONS), ErrorCode.FOREIGN)
        .hasMessageContaining("application_id 0x000004d2");
  }

  @Test
  void refusesThePrimaryDatabaseThroughASymlinkAHardLinkAndARelativePath() throws Exception {
    Path primary = dir.resolve("chat.db");
    // even a Quiver-stamped file is refused when it is the configured primary database
    VectorStore.open(primary, OPTIONS).close();
    StoreOptions guarded = OPTIONS.withPrimaryDatabase(primary);

    Path symlink = Files.createSymbolicLink(dir.resolve("vectors.quiver"), primary);
    assertRefused(() -> VectorStore.open(symlink, guarded), ErrorCode.PRIMARY_DATABASE)
        .hasMessageContaining("primary database").hasMessageContaining("through a link");

    Path relative = Path.of("").toAbsolutePath().relativize(primary);
    assertRefused(() -> VectorStore.open(relative, guarded), ErrorCode.PRIMARY_DATABASE);

    Path hardLink = Files.createLink(dir.resolve("hard.quiver"), primary);
    assertRefused(() -> VectorStore.open(hardLink, guarded), ErrorCode.PRIMARY_DATABASE);
    // a hard-linked file is refused even when no primary database is configured
    assertRefused(() -> VectorStore.open(hardLink, OPTIONS), ErrorCode.FOREIGN).hasMessageContaining("2 hard links");
  }

  @Test
  void refusesASecondOpenInTheSameJvmNamingTheOwner() {
    Path file = dir.resolve("chat.quiver");
    try (VectorStore first = VectorStore.open(file, OPTIONS)) {
      first.upsert(Item.of("a", "x"), new float[] {1, 0, 0});
      assertRefused(() -> VectorStore.open(file, OPTIONS), ErrorCode.LOCKED)
          .hasMessageContaining("pid=" + ProcessHandle.current().pid()).hasMessageContaining("host=");
      // the refused open did not disturb the owner
      first.upsert(Item.of("b", "y"), new float[] {0, 1, 0});
      assertThat(first.count()).isEqualTo(2);
    }
    try (VectorStore again = VectorStore.open(file, OPTIONS)) {
      assertThat(again.count()).isEqualTo(2);
    }
  }

  @Test
  void usesWalWithoutSharedMemoryOnALocalFilesystem() throws IOException {
    Path file = dir.resolve("chat.quiver");
    try (VectorStore store = VectorStore.open(file, OPTIONS, "ext4")) {
      store.upsert(Item.of("a", "x"), new float[] {1, 0, 0});
      StoreInfo info = store.info();
      assertThat(info.journalMode()).isEqualTo("wal");
      assertThat(info.synchronous()).isEqualTo("NORMAL");
      assertThat(info.sqliteVersion()).isNotBlank();
      assertThat(Files.exists(dir.resolve("chat.quiver-wal"))).isTrue();
      assertThat(Files.exists(dir.resolve("chat.quiver-shm"))).isFalse();
    }
  }

  @Test
  void theProbedFilesystemChoosesTheJournal() throws IOException {
    try (VectorStore store = VectorStore.open(dir.resolve("chat.quiver"), OPTIONS)) {
      StoreInfo info = store.info();
      assertThat(info.filesystem()).isEqualTo(Files.getFileStore(dir).type());
      assertThat(info.journalMode())
          .isEqualTo(dev.quiver.internal.storefile.JournalPolicy.forFilesystem(info.filesystem(), false).journalMode());
      assertThat(Files.exists(dir.resolve("chat.quiver-shm"))).isFalse();
    }
  }

  @Test
  void usesARollbackJournalWithFullSyncOnAnOverlayFilesystem() {
    Path file = dir.resolve("chat.quiver");
    try (VectorStore store = VectorStore.open(file, OPTIONS, "overlay")) {
      store.upsert(Item.of("a", "x"), new float[] {1, 0, 0});
      assertThat(store.info().journalMode()).isEqualTo("delete");
      assertThat(store.info().synchronous()).isEqualTo("FULL");
      assertThat(Files.exists(dir.resolve("chat.quiver-wal"))).isFalse();
    }
    // a file written under WAL elsewhere can move to a network volume and back
    try (VectorStore store = VectorStore.open(file, OPTIONS, "xfs")) {
      assertThat(store.count()).isEqualTo(1);
      assertThat(store.info().journalMode()).isEqualTo("wal");
    }
  }

  @Test
  void staleWalBesideANewFileIsRemovedBeforeCreation() throws IOException {
    Path wal = Files.writeString(dir.resolve("chat.quiver-wal"), "stale frames from an old file");
    try (VectorStore store = VectorStore.open(dir.resolve("chat.quiver"), OPTIONS)) {
      assertThat(store.count()).isZero();
    }
    assertThat(wal).doesNotExist();
  }

  @Test
  void damagedFileIsReportedAsCorruptNeverAsABareSqlException() throws Exception {
    Path file = dir.resolve("chat.quiver");
    try (VectorStore store = VectorStore.open(file, OPTIONS)) {
      for (int i = 0; i < 200; i++) {
        store.upsert(Item.of("msg:" + i, "some text of message " + i), new float[] {1, i, 0});
      }
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      // keep the 100-byte header (it is still Quiver's file) and scribble over the b-tree pages
      for (long offset = 4096; offset < raf.length(); offset += 512) {
        raf.seek(offset);
        raf.write(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2, 3, 4});
      }
    }
    assertRefused(() -> VectorStore.open(file, OPTIONS), ErrorCode.CORRUPT).hasMessageContaining(file.toString());
  }

  @Test
  void newerSchemaVersionIsRefusedWithBothVersions() throws Exception {
    Path file = dir.resolve("chat.quiver");
    VectorStore.open(file, OPTIONS).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version=99");
    }
    assertRefused(() -> VectorStore.open(file, OPTIONS), ErrorCode.VERSION)
        .hasMessageContaining("schema version 99").hasMessageContaining("versions 1 to 2");
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      ThrowingCallable open, ErrorCode code) {
    return assertThatThrownBy(open).isInstanceOfSatisfying(QuiverException.class,
        e -> assertThat(e.code()).isEqualTo(code));
  }

  private Set<Path> listing() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.collect(Collectors.toSet());
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
