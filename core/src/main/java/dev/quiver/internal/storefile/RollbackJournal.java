package dev.quiver.internal.storefile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongPredicate;

/**
 * What SQLite's hot-journal rollback would write from a {@code -journal} file, decided in pure Java without
 * opening it for writing.
 *
 * <p>The rollback, as SQLite's pager runs it when it finds the journal on opening a read transaction:
 * <ol>
 *   <li>The journal is hot only if its first byte is not 0 (and, outside this class, the database file is
 *       not empty and no connection holds a RESERVED lock; an empty database makes SQLite delete the journal).
 *   <li>If the last 16 bytes name a super-journal (length, checksum of signed name bytes, magic) whose file
 *       does not exist, nothing is played back. An empty file counts as missing, as the unix VFS's
 *       existence test has it.
 *   <li>Headers sit at multiples of the sector size. A header is read only if a whole sector fits in the
 *       file (512 bytes for the first: the reader's own sector size with power-safe overwrite) and it starts
 *       with the magic {@code d9 d5 05 f9 20 a1 63 d7}. It holds the record count, the checksum nonce and the
 *       original database size in pages; the first also holds the sector size (a power of two from 32 to
 *       65536) and page size (a power of two from 512 to 65536; 0 means the database's own). A first header
 *       out of range plays back nothing.
 *   <li>After the first header the database is cut or extended to the original size. A record count of
 *       {@code 0xffffffff} means "to the end of the file"; 0 means no records under this header.
 *   <li>Records are a 4-byte page number, the page, a 4-byte checksum (nonce plus every 200th byte, going
 *       down from offset {@code pageSize - 200} while positive). A record past the end of the file, with
 *       page number 0, with the lock-byte page's number, or with a wrong checksum ends the whole rollback.
 *       A record for a page above the original size is skipped without checking its checksum. The page
 *       number is not checksummed: a record is written to whatever page it names.
 *   <li>Records are written in order, so a page named twice gets the later image.
 * </ol>
 *
 * <p>Page images are held in memory: by default all of them, up to the size of the journal.
 */
final class RollbackJournal {
  private static final byte[] MAGIC = {(byte) 0xd9, (byte) 0xd5, 0x05, (byte) 0xf9, 0x20, (byte) 0xa1, 0x63,
      (byte) 0xd7};
  /**
   * The reader's sector size, which bounds the first header before the journal's own is known: 512 under the
   * unix VFS's default power-safe overwrite.
   */
  static final int READER_SECTOR_SIZE = 512;
  static final int MIN_SECTOR_SIZE = 32;
  static final int MAX_SECTOR_SIZE = 0x10000;
  /** The unix VFS's longest path: a longer super-journal name is not read. */
  static final int MAX_PATHNAME = 512;
  /** The lock-byte page holds this offset; its number marks the super-journal record. */
  private static final long PENDING_BYTE = 0x40000000L;
  private static final long NO_SYNC_RECORD_COUNT = 0xffffffffL;

  /** Why the rollback stops reading the journal. */
  enum End {
    /** Not hot, or a named super-journal is missing: nothing is read. */
    NOT_PLAYED,
    /** No further header fits in the file, or the next one lacks the magic or is out of range. */
    NO_MORE_HEADERS,
    /** A record runs past the end of the file. */
    TRUNCATED_RECORD,
    /** A record with page number 0 or the lock-byte page's number (the super-journal record starts so). */
    END_MARKER,
    /** A record whose checksum does not match. */
    CHECKSUM_MISMATCH
  }

  private final Path path;
  private final long fileSize;
  private final boolean hot;
  private final Optional<String> superJournal;
  private final boolean playsBack;
  private final int pageSize;
  private final int sectorSize;
  private final long originalPageCount;
  private final int headers;
  private final long records;
  private final End end;
  private final SortedSet<Long> restoredPages;
  private final Map<Long, byte[]> images;
  private final LongPredicate retained;

  private RollbackJournal(Path path, long fileSize, boolean hot, Optional<String> superJournal, boolean playsBack,
      int pageSize, int sectorSize, long originalPageCount, int headers, long records, End end,
      SortedSet<Long> restoredPages, Map<Long, byte[]> images, LongPredicate retained) {
    this.path = path;
    this.fileSize = fileSize;
    this.hot = hot;
    this.superJournal = superJournal;
    this.playsBack = playsBack;
    this.pageSize = pageSize;
    this.sectorSize = sectorSize;
    this.originalPageCount = originalPageCount;
    this.headers = headers;
    this.records = records;
    this.end = end;
    this.restoredPages = restoredPages;
    this.images = images;
    this.retained = retained;
  }

  /**
   * Reads {@code journal} as SQLite's rollback would, keeping every restored image.
   *
   * @param databasePageSize the page size SQLite's pager has on finding the journal: the main file's header
   *     page size ({@link DatabasePages#pageSize(Path)}), or 4096 if that field is invalid. Used only when the
   *     journal's own page-size field is 0, as journals before SQLite 3.5.8 wrote it.
   * @throws java.nio.file.NoSuchFileException if there is no such file (none is created)
   * @throws IOException if it cannot be read; a journal SQLite would not play is reported, not thrown
   */
  static RollbackJournal read(Path journal, int databasePageSize) throws IOException {
    return read(journal, databasePageSize, page -> true);
  }

  /** As {@link #read(Path, int)}, keeping images only of the pages {@code retain} accepts. */
  static RollbackJournal read(Path journal, int databasePageSize, LongPredicate retain) throws IOException {
    try (ReadOnlyFile file = ReadOnlyFile.open(journal)) {
      return new Playback(file, databasePageSize, retain).run();
    }
  }

  /** One pass over the journal, in the order SQLite's pager reads it. */
  private static final class Playback {
    private final ReadOnlyFile file;
    private final int databasePageSize;
    private final LongPredicate retain;
    private final byte[] word = new byte[4];
    private int sector = READER_SECTOR_SIZE;
    private int page;
    private long offset;
    private long dbSize;
    private int headers;
    private long records;
    private final SortedSet<Long> restored = new TreeSet<>();
    private final Map<Long, byte[]> images = new TreeMap<>();

    Playback(ReadOnlyFile file, int databasePageSize, LongPredicate retain) {
      this.file = file;
      this.databasePageSize = databasePageSize;
      this.retain = retain;
    }

    RollbackJournal run() throws IOException {
      byte[] first = new byte[1];
      boolean hot = file.readFully(0, first, 1) && first[0] != 0;
      Optional<String> superJournal = superJournal(file);
      boolean superMissing = superJournal.isPresent() && !exists(superJournal.get());
      if (!hot || superMissing) {
        return result(hot, superJournal, false, End.NOT_PLAYED);
      }
      End end = play();
      return result(true, superJournal, headers > 0, end);
    }

    private End play() throws IOException {
      while (true) {
        long headerOffset = offset == 0 ? 0 : ((offset - 1) / sector + 1) * sector;
        if (headerOffset + sector > file.size()) {
          return End.NO_MORE_HEADERS;
        }
        byte[] head = new byte[28];
        int wanted = headerOffset == 0 ? 28 : 20;
        if (!file.readFully(headerOffset, head, wanted)) {
          return End.TRUNCATED_RECORD; // shrank while being read
        }
        if (!Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
          return End.NO_MORE_HEADERS;
        }
        ByteBuffer h = ByteBuffer.wrap(head);
        long count = Integer.toUnsignedLong(h.getInt(8));
        int nonce = h.getInt(12);
        long originalSize = Integer.toUnsignedLong(h.getInt(16));
        if (headerOffset == 0) {
          long sectorField = Integer.toUnsignedLong(h.getInt(20));
          long pageField = Integer.toUnsignedLong(h.getInt(24));
          long pageSize = pageField == 0 ? databasePageSize : pageField;
          if (!DatabasePages.validPageSize(pageSize) || sectorField < MIN_SECTOR_SIZE
              || sectorField > MAX_SECTOR_SIZE || (sectorField & (sectorField - 1)) != 0) {
            return End.NO_MORE_HEADERS;
          }
          page = (int) pageSize;
          sector = (int) sectorField;
        }
        offset = headerOffset + sector;
        headers++;
        int recordSize = page + 8;
        if (count == NO_SYNC_RECORD_COUNT) {
          // SQLite counts from the first header's end even for a later header: an overcount, ended by EOF
          count = (file.size() - sector) / recordSize;
        }
        if (headerOffset == 0) {
          dbSize = originalSize;
        }
        End stop = records(count, nonce);
        if (stop != null) {
          return stop;
        }
      }
    }

    /** Plays {@code count} records from {@link #offset}; null if all were read and a header may follow. */
    private End records(long count, int nonce) throws IOException {
      long lockPage = PENDING_BYTE / page + 1;
      byte[] data = new byte[page];
      for (long r = 0; r < count; r++) {
        if (!file.readFully(offset, word, 4)) {
          return End.TRUNCATED_RECORD;
        }
        long pageNumber = Integer.toUnsignedLong(ByteBuffer.wrap(word).getInt());
        if (!file.readFully(offset + 4, data, page)) {
          return End.TRUNCATED_RECORD;
        }
        long checksumAt = offset + 4 + page;
        offset += page + 8;
        if (pageNumber == 0 || pageNumber == lockPage) {
          return End.END_MARKER;
        }
        if (pageNumber > dbSize) {
          records++;
          continue; // beyond the original size: the truncation already dropped it
        }
        if (!file.readFully(checksumAt, word, 4)) {
          return End.TRUNCATED_RECORD;
        }
        if (ByteBuffer.wrap(word).getInt() != checksum(data, page, nonce)) {
          return End.CHECKSUM_MISMATCH;
        }
        records++;
        restored.add(pageNumber);
        if (retain.test(pageNumber)) {
          images.put(pageNumber, data.clone());
        }
      }
      return null;
    }

    private RollbackJournal result(boolean hot, Optional<String> superJournal, boolean playsBack, End end) {
      return new RollbackJournal(file.path(), file.size(), hot, superJournal, playsBack, playsBack ? page : 0,
          playsBack ? sector : 0, playsBack ? dbSize : 0, headers, records, end,
          Collections.unmodifiableSortedSet(restored), images, retain);
    }
  }

  /**
   * The page checksum of a journal record: the nonce plus the unsigned bytes at {@code pageSize - 200},
   * {@code pageSize - 400}, ... while the offset is positive (no power-of-two page size reaches offset 0).
   */
  static int checksum(byte[] data, int pageSize, int nonce) {
    int sum = nonce;
    for (int i = pageSize - 200; i > 0; i -= 200) {
      sum += data[i] & 0xff;
    }
    return sum;
  }

  /**
   * The super-journal name in the last bytes: name, its length (4), its checksum (4), the magic (8). Empty if
   * absent, longer than a path may be, or its checksum (sum of the name's bytes as signed 8-bit values) fails;
   * the name ends at its first NUL, as a C string does.
   */
  private static Optional<String> superJournal(ReadOnlyFile file) throws IOException {
    long size = file.size();
    if (size < 16) {
      return Optional.empty();
    }
    byte[] tail = new byte[16];
    if (!file.readFully(size - 16, tail, 16)) {
      return Optional.empty();
    }
    ByteBuffer t = ByteBuffer.wrap(tail);
    long length = Integer.toUnsignedLong(t.getInt(0));
    if (length == 0 || length > MAX_PATHNAME || length > size - 16
        || !Arrays.equals(tail, 8, 16, MAGIC, 0, MAGIC.length)) {
      return Optional.empty();
    }
    byte[] name = new byte[(int) length];
    if (!file.readFully(size - 16 - length, name, name.length)) {
      return Optional.empty();
    }
    int sum = t.getInt(4);
    for (byte b : name) {
      sum -= b; // signed, as SQLite sums a char on x86 and most other targets
    }
    if (sum != 0) {
      return Optional.empty();
    }
    int nul = 0;
    while (nul < name.length && name[nul] != 0) {
      nul++;
    }
    return nul == 0 ? Optional.empty() : Optional.of(new String(name, 0, nul, StandardCharsets.UTF_8));
  }

  /**
   * Whether the unix VFS says {@code name} exists: {@code stat} succeeds and it is not an empty regular file.
   * An empty super-journal counts as missing. A relative name resolves against the working directory.
   */
  private static boolean exists(String name) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(Path.of(name), BasicFileAttributes.class);
      return !attributes.isRegularFile() || attributes.size() > 0;
    } catch (InvalidPathException | IOException e) {
      return false;
    }
  }

  Path path() {
    return path;
  }

  long fileSize() {
    return fileSize;
  }

  /** Whether the first byte is not 0: the journal is hot unless its database is empty or locked for writing. */
  boolean hot() {
    return hot;
  }

  /** The super-journal this journal names, if any (a multi-database transaction). */
  Optional<String> superJournal() {
    return superJournal;
  }

  /**
   * Whether SQLite's rollback would change the database: the journal is hot, any super-journal it names
   * exists, and its first header is accepted. The database is then resized to {@link #originalPageCount()}
   * pages of {@link #pageSize()} bytes and {@link #restoredPages()} are written.
   */
  boolean playsBack() {
    return playsBack;
  }

  /** The page size of the records, from the first header; 0 unless {@link #playsBack()}. */
  int pageSize() {
    return pageSize;
  }

  /** The journal's sector size, from the first header; 0 unless {@link #playsBack()}. */
  int sectorSize() {
    return sectorSize;
  }

  /** The database size in pages that rollback restores (cutting or extending the file); 0 unless played. */
  long originalPageCount() {
    return originalPageCount;
  }

  /** Headers accepted. */
  int headers() {
    return headers;
  }

  /** Records played, including those skipped for naming a page above the original size. */
  long records() {
    return records;
  }

  End end() {
    return end;
  }

  /** The pages rollback writes, in ascending order. */
  SortedSet<Long> restoredPages() {
    return restoredPages;
  }

  /**
   * What rollback writes to {@code page}: the last valid record for it. Empty means rollback leaves the page
   * as the main file has it (if the page survives the resize to {@link #originalPageCount()}).
   *
   * @throws IllegalStateException if the page was not retained by {@link #read(Path, int, LongPredicate)}
   */
  Optional<byte[]> originalImage(long page) {
    if (!restoredPages.contains(page)) {
      return Optional.empty();
    }
    if (!retained.test(page)) {
      throw new IllegalStateException("page " + page + " of journal " + path + " is restored but was not "
          + "retained; read it with a predicate that accepts page " + page);
    }
    return Optional.of(images.get(page).clone());
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "RollbackJournal[%s, %d bytes, hot %b, super-journal %s, plays back %b, "
        + "page size %d, sector %d, original pages %d, %d headers, %d records, ended %s]", path, fileSize, hot,
        superJournal.orElse("none"), playsBack, pageSize, sectorSize, originalPageCount, headers, records, end);
  }
}
