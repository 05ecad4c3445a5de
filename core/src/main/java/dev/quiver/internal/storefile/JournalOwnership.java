package dev.quiver.internal.storefile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, before any SQLite connection opens a Quiver file, whether the {@code -wal} and {@code -journal}
 * beside it are the file's own; one that is not is moved to the quarantine directory, with one warning, and
 * never replayed into the file. SQLite itself replays any valid WAL beside any non-empty database: restoring
 * {@code chat.quiver} from a backup and leaving the old {@code -wal} would otherwise mix two states.
 *
 * <p>The evidence is the meta page (page 2, {@link Schema}), which every Quiver write transaction rewrites.
 * A WAL is the file's own when its last committed image of that page carries the file's {@code store.id} and
 * its generation continues from the file's state: {@code wal.base <= file sequence <= WAL sequence} (a crash
 * during a checkpoint leaves the file anywhere in between, and replaying the rest is then correct). A hot
 * journal is the file's own when it holds the original of that page (written first in every transaction)
 * with the same id, from a sequence not after the file's. A file whose meta page cannot be read, or that
 * predates {@code store.id}, is left to SQLite and {@code quick_check}.
 */
final class JournalOwnership {
  private static final System.Logger LOG = System.getLogger(JournalOwnership.class.getName());
  private static final long META_PAGE = 2;

  private JournalOwnership() {}

  /** Moves every journal beside {@code file} that is not its own. Reads only until it moves something. */
  static void moveForeignJournals(Path file) {
    Path wal = sidecar(file, "-wal");
    Path journal = sidecar(file, "-journal");
    if (isEmpty(wal) && isEmpty(journal)) {
      return;
    }
    Meta own;
    try {
      own = Meta.ofFile(file);
    } catch (IOException e) {
      return; // unreadable here: SQLite and quick_check judge the file
    }
    if (own == null) {
      return;
    }
    try {
      if (!isEmpty(wal)) {
        String verdict = walVerdict(WalFile.read(wal, page -> page == META_PAGE), own);
        moveIfForeign(file, wal, verdict);
      }
      if (!isEmpty(journal)) {
        String verdict = journalVerdict(RollbackJournal.read(journal, own.pageSize, page -> page == META_PAGE),
            own);
        moveIfForeign(file, journal, verdict);
      }
    } catch (IOException e) {
      throw new dev.quiver.QuiverException(dev.quiver.ErrorCode.IO, file, "cannot read the journal files beside "
          + file + " to check they are its own: " + e, e);
    }
  }

  /** Why {@code wal} is not the file's own, or null when it is (or holds nothing SQLite would replay). */
  static String walVerdict(WalFile wal, Meta own) {
    if (wal.header() == WalFile.Header.TOO_SHORT) {
      return null;
    }
    if (wal.header() != WalFile.Header.VALID) {
      return "its header is not a valid WAL header of SQLite 3.7.0 or later (" + wal.header() + ")";
    }
    if (wal.committedFrames() == 0) {
      return null; // nothing committed: SQLite replays nothing and starts the WAL over
    }
    if (wal.pageSize() != own.pageSize) {
      return "its pages are " + wal.pageSize() + " bytes; the file's are " + own.pageSize;
    }
    Optional<byte[]> image = wal.lastCommittedImage(META_PAGE);
    if (image.isEmpty()) {
      return "it commits " + wal.committedFrames() + " frames but none of the meta page every Quiver write "
          + "changes";
    }
    Meta theirs = Meta.of(image.get(), own);
    if (theirs == null) {
      return "its page 2 is not Quiver's meta page";
    }
    if (!theirs.storeId.equals(own.storeId)) {
      return "it was written by another Quiver store (store.id " + theirs.storeId + "; this file's is "
          + own.storeId + ")";
    }
    if (own.sequence < theirs.walBase) {
      return "it continues from change " + theirs.walBase + " but the file is at change " + own.sequence
          + ": the file is older than the WAL (restored from a backup?)";
    }
    if (own.sequence > theirs.sequence) {
      return "it ends at change " + theirs.sequence + " but the file is already at change " + own.sequence
          + ": the WAL is older than the file";
    }
    return null;
  }

  /** Why {@code journal} is not the file's own, or null when it is (or SQLite would not play it back). */
  static String journalVerdict(RollbackJournal journal, Meta own) {
    if (!journal.playsBack()) {
      return null;
    }
    if (journal.pageSize() != own.pageSize) {
      return "its pages are " + journal.pageSize() + " bytes; the file's are " + own.pageSize;
    }
    Optional<byte[]> image = journal.originalImage(META_PAGE);
    if (image.isEmpty()) {
      return "it rolls back " + journal.records() + " pages but not the meta page every Quiver write changes "
          + "first";
    }
    Meta theirs = Meta.of(image.get(), own);
    if (theirs == null) {
      return "its original of page 2 is not Quiver's meta page";
    }
    if (!theirs.storeId.equals(own.storeId)) {
      return "it was written by another Quiver store (store.id " + theirs.storeId + "; this file's is "
          + own.storeId + ")";
    }
    if (theirs.sequence > own.sequence) {
      return "it would roll the file back to change " + theirs.sequence + ", after the file's own change "
          + own.sequence;
    }
    return null;
  }

  private static void moveIfForeign(Path file, Path journal, String verdict) {
    if (verdict == null) {
      return;
    }
    Path moved = Quarantine.moveJournal(file, journal);
    LOG.log(System.Logger.Level.WARNING, "{0} does not belong to {1}: {2}. Moved it to {3}; the store opens as "
        + "its file was, without replaying it", journal, file, verdict, moved);
  }

  private static Path sidecar(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  private static boolean isEmpty(Path file) {
    try {
      return !Files.exists(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** What a meta page says about the store it belongs to. */
  static final class Meta {
    final int pageSize;
    final int usableSize;
    final String storeId;
    final long sequence;
    final long walBase;

    private Meta(int pageSize, int usableSize, String storeId, long sequence, long walBase) {
      this.pageSize = pageSize;
      this.usableSize = usableSize;
      this.storeId = storeId;
      this.sequence = sequence;
      this.walBase = walBase;
    }

    /** The file's own meta page as it is on disk, or null when it has no store id to compare with. */
    static Meta ofFile(Path file) throws IOException {
      byte[] header = DatabasePages.readHeader(file);
      int pageSize = DatabasePages.pageSize(header, file);
      int usable = DatabasePages.usableSize(header, file);
      return parse(LeafPage.metaRows(DatabasePages.readPage(file, (int) META_PAGE, pageSize), usable),
          pageSize, usable);
    }

    /** A meta page image from a journal, read with the file's page geometry, or null when it is not one. */
    static Meta of(byte[] page, Meta geometry) {
      return parse(LeafPage.metaRows(page, geometry.usableSize), geometry.pageSize, geometry.usableSize);
    }

    private static Meta parse(Optional<Map<String, String>> rows, int pageSize, int usable) {
      if (rows.isEmpty() || rows.get().get(Schema.STORE_ID) == null) {
        return null;
      }
      Map<String, String> meta = rows.get();
      try {
        long sequence = Long.parseLong(meta.getOrDefault("sequence", ""));
        long walBase = Long.parseLong(meta.getOrDefault(Schema.WAL_BASE, "0"));
        return new Meta(pageSize, usable, meta.get(Schema.STORE_ID), sequence, walBase);
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }
}
