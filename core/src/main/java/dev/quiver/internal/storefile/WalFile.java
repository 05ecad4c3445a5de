package dev.quiver.internal.storefile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongPredicate;

/**
 * What SQLite would replay from a {@code -wal} file, decided in pure Java without opening it for writing.
 *
 * <p>Recovery, as SQLite runs it when no valid WAL index exists (always under {@code vfs=unix-excl}):
 * <ol>
 *   <li>A file of 32 bytes or fewer is not read at all.
 *   <li>The 32-byte header must have the magic {@code 0x377f0682} or {@code 0x377f0683} (the low bit chooses
 *       big-endian checksum words), a power-of-two page size from 512 to 65536, and a checksum over its first
 *       24 bytes that matches bytes 24..31. Otherwise the whole file is ignored.
 *   <li>A header with a good checksum but a format version other than 3007000 is not ignored: SQLite refuses
 *       to open the database ({@code SQLITE_CANTOPEN}).
 *   <li>Frames are read in order, only whole ones ({@code (size - 32) / (24 + pageSize)} of them). A frame is
 *       valid if its salts equal the header's, its page number is not 0, and the running checksum, carried
 *       from the header through frame header bytes 0..7 and the page data of every earlier frame, equals its
 *       stored checksum. The first invalid frame ends recovery, even if later frames would check out (the
 *       chain does not cover the salt and checksum fields, so a later frame can).
 *   <li>Readers see frames up to and including the last valid commit frame (non-zero database size field).
 *       For each page, the latest such frame wins; the database has as many pages as that commit frame says.
 * </ol>
 *
 * <p>Outside this class, and for the caller to weigh: SQLite opens a {@code -wal} beside any non-empty
 * database, whatever the database header's journal-mode bytes say, and deletes it without reading it beside
 * an empty one; an empty {@code -wal} counts as absent (the unix VFS's existence test needs a size above 0). SQLite
 * reads a WAL frame at the pager's page size, so a WAL whose page size differs from the database's is the
 * caller's to refuse.
 *
 * <p>Page images are held in memory: by default one per distinct committed page, so up to the size of the
 * WAL. {@link #read(Path, LongPredicate)} keeps only the pages a caller asks for.
 */
final class WalFile {
  static final int HEADER_BYTES = 32;
  static final int FRAME_HEADER_BYTES = 24;
  /** Checksum words read little-endian. */
  static final int MAGIC_LITTLE_ENDIAN = 0x377f0682;
  /** Checksum words read big-endian. */
  static final int MAGIC_BIG_ENDIAN = 0x377f0683;
  static final int FORMAT_VERSION = 3007000;

  /** What SQLite makes of the header. */
  enum Header {
    /** 32 bytes or fewer: SQLite does not read a header and recovers nothing. */
    TOO_SHORT,
    /** Bad magic, page size or header checksum: SQLite ignores the whole file. */
    INVALID,
    /** A header with a good checksum but another format version: SQLite refuses to open the database. */
    UNSUPPORTED_VERSION,
    /** SQLite reads frames after it. */
    VALID
  }

  private final Path path;
  private final long fileSize;
  private final Header header;
  private final int pageSize;
  private final boolean bigEndianChecksums;
  private final int formatVersion;
  private final int checkpointSequence;
  private final int salt1;
  private final int salt2;
  private final long validFrames;
  private final long committedFrames;
  private final long databasePageCount;
  private final SortedSet<Long> committedPages;
  private final Map<Long, byte[]> images;
  private final LongPredicate retained;

  private WalFile(Path path, long fileSize, Header header, int pageSize, boolean bigEndianChecksums,
      int formatVersion, int checkpointSequence, int salt1, int salt2, long validFrames, long committedFrames,
      long databasePageCount, SortedSet<Long> committedPages, Map<Long, byte[]> images,
      LongPredicate retained) {
    this.path = path;
    this.fileSize = fileSize;
    this.header = header;
    this.pageSize = pageSize;
    this.bigEndianChecksums = bigEndianChecksums;
    this.formatVersion = formatVersion;
    this.checkpointSequence = checkpointSequence;
    this.salt1 = salt1;
    this.salt2 = salt2;
    this.validFrames = validFrames;
    this.committedFrames = committedFrames;
    this.databasePageCount = databasePageCount;
    this.committedPages = committedPages;
    this.images = images;
    this.retained = retained;
  }

  /**
   * Reads {@code wal} and keeps the committed image of every page.
   *
   * @throws java.nio.file.NoSuchFileException if there is no such file (none is created)
   * @throws IOException if it cannot be read; a file SQLite would ignore is reported, not thrown
   */
  static WalFile read(Path wal) throws IOException {
    return read(wal, page -> true);
  }

  /**
   * Reads {@code wal}, keeping committed images only of the pages {@code retain} accepts. Every frame is
   * still read and checksummed.
   */
  static WalFile read(Path wal, LongPredicate retain) throws IOException {
    try (ReadOnlyFile file = ReadOnlyFile.open(wal)) {
      return recover(file, retain);
    }
  }

  private static WalFile recover(ReadOnlyFile file, LongPredicate retain) throws IOException {
    long size = file.size();
    SortedSet<Long> none = Collections.emptySortedSet();
    if (size <= HEADER_BYTES) {
      return new WalFile(file.path(), size, Header.TOO_SHORT, 0, false, 0, 0, 0, 0, 0, 0, 0, none, Map.of(),
          retain);
    }
    byte[] head = new byte[HEADER_BYTES];
    if (!file.readFully(0, head, HEADER_BYTES)) {
      throw new IOException("WAL file " + file.path() + " shrank below its 32-byte header while being read");
    }
    ByteBuffer h = ByteBuffer.wrap(head); // header fields are big-endian whatever the checksum order
    int magic = h.getInt(0);
    int version = h.getInt(4);
    long walPageSize = Integer.toUnsignedLong(h.getInt(8));
    if ((magic & 0xfffffffe) != MAGIC_LITTLE_ENDIAN || !DatabasePages.validPageSize(walPageSize)) {
      return invalid(file, size, retain);
    }
    boolean bigEndian = (magic & 1) == 1;
    int[] sums = new int[2];
    checksum(head, 0, HEADER_BYTES - 8, bigEndian, sums);
    if (sums[0] != h.getInt(24) || sums[1] != h.getInt(28)) {
      return invalid(file, size, retain);
    }
    int page = (int) walPageSize;
    int sequence = h.getInt(12);
    int salt1 = h.getInt(16);
    int salt2 = h.getInt(20);
    if (version != FORMAT_VERSION) {
      return new WalFile(file.path(), size, Header.UNSUPPORTED_VERSION, page, bigEndian, version, sequence,
          salt1, salt2, 0, 0, 0, none, Map.of(), retain);
    }

    int frameSize = FRAME_HEADER_BYTES + page;
    long lastFrame = (size - HEADER_BYTES) / frameSize;
    byte[] frame = new byte[frameSize];
    ByteBuffer f = ByteBuffer.wrap(frame);
    // pages written since the last commit: they become visible only when a later commit frame is valid
    Map<Long, byte[]> pending = new HashMap<>();
    Set<Long> pendingPages = new HashSet<>();
    Map<Long, byte[]> committed = new TreeMap<>();
    SortedSet<Long> committedPages = new TreeSet<>();
    long valid = 0;
    long commits = 0;
    long dbPages = 0;
    for (long n = 1; n <= lastFrame; n++) {
      if (!file.readFully(HEADER_BYTES + (n - 1) * frameSize, frame, frameSize)) {
        break; // shrank while being read: a short read ends SQLite's recovery too
      }
      long pageNumber = Integer.toUnsignedLong(f.getInt(0));
      if (f.getInt(8) != salt1 || f.getInt(12) != salt2 || pageNumber == 0) {
        break;
      }
      checksum(frame, 0, 8, bigEndian, sums);
      checksum(frame, FRAME_HEADER_BYTES, page, bigEndian, sums);
      if (sums[0] != f.getInt(16) || sums[1] != f.getInt(20)) {
        break;
      }
      valid = n;
      pendingPages.add(pageNumber);
      if (retain.test(pageNumber)) {
        byte[] data = new byte[page];
        System.arraycopy(frame, FRAME_HEADER_BYTES, data, 0, page);
        pending.put(pageNumber, data);
      }
      long commitSize = Integer.toUnsignedLong(f.getInt(4));
      if (commitSize != 0) {
        commits = n;
        dbPages = commitSize;
        committed.putAll(pending);
        committedPages.addAll(pendingPages);
        pending.clear();
        pendingPages.clear();
      }
    }
    return new WalFile(file.path(), size, Header.VALID, page, bigEndian, version, sequence, salt1, salt2, valid,
        commits, dbPages, Collections.unmodifiableSortedSet(committedPages), committed, retain);
  }

  private static WalFile invalid(ReadOnlyFile file, long size, LongPredicate retain) {
    return new WalFile(file.path(), size, Header.INVALID, 0, false, 0, 0, 0, 0, 0, 0, 0,
        Collections.emptySortedSet(), Map.of(), retain);
  }

  /**
   * SQLite's WAL checksum: two 32-bit running sums over pairs of 32-bit words, in the byte order the magic
   * chose; {@code length} is a multiple of 8. Updates {@code sums} in place.
   */
  static void checksum(byte[] data, int offset, int length, boolean bigEndian, int[] sums) {
    ByteBuffer words = ByteBuffer.wrap(data).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    int s1 = sums[0];
    int s2 = sums[1];
    for (int i = offset; i < offset + length; i += 8) {
      s1 += words.getInt(i) + s2;
      s2 += words.getInt(i + 4) + s1;
    }
    sums[0] = s1;
    sums[1] = s2;
  }

  Path path() {
    return path;
  }

  /** The size in bytes when it was read. */
  long fileSize() {
    return fileSize;
  }

  Header header() {
    return header;
  }

  /** Whether SQLite would read frames from this file. */
  boolean headerValid() {
    return header == Header.VALID;
  }

  /** The header's page size; 0 unless the header is {@link Header#VALID} or {@link Header#UNSUPPORTED_VERSION}. */
  int pageSize() {
    return pageSize;
  }

  /** Whether checksum words are big-endian (magic {@code 0x377f0683}). */
  boolean bigEndianChecksums() {
    return bigEndianChecksums;
  }

  /** The header's file format version; 0 when the header is not checksum-valid. */
  int formatVersion() {
    return formatVersion;
  }

  int checkpointSequence() {
    return checkpointSequence;
  }

  int salt1() {
    return salt1;
  }

  int salt2() {
    return salt2;
  }

  /** Frames from the first that pass the salt and checksum tests, committed or not. */
  long validFrames() {
    return validFrames;
  }

  /** Frames SQLite replays: up to and including the last valid commit frame; 0 when there is none. */
  long committedFrames() {
    return committedFrames;
  }

  /** Bytes SQLite uses: the header and the committed frames; 0 when the header is not valid. */
  long committedBytes() {
    return header == Header.VALID ? HEADER_BYTES + committedFrames * (FRAME_HEADER_BYTES + pageSize) : 0;
  }

  /** Bytes after {@link #committedBytes()}: ignored by SQLite (uncommitted, invalid, or a partial frame). */
  long bytesAfterCommit() {
    return fileSize - committedBytes();
  }

  /** Whole frames after the committed ones, valid or not; 0 when the header is not valid. */
  long framesAfterCommit() {
    if (header != Header.VALID) {
      return 0;
    }
    return (fileSize - HEADER_BYTES) / (FRAME_HEADER_BYTES + pageSize) - committedFrames;
  }

  /**
   * The database size in pages after replay, from the last valid commit frame; 0 when nothing is committed
   * (SQLite then sizes the database from the main file). Pages above it do not exist after replay, whatever
   * frames hold them.
   */
  long databasePageCount() {
    return databasePageCount;
  }

  /** Every page number that a committed frame writes, in ascending order. */
  SortedSet<Long> committedPages() {
    return committedPages;
  }

  /**
   * The content SQLite reads for {@code page} after replay, if a committed frame holds it: the latest such
   * frame's data, {@link #pageSize()} bytes. Empty means SQLite reads the page from the main file.
   *
   * @throws IllegalStateException if the page was not retained by {@link #read(Path, LongPredicate)}
   */
  Optional<byte[]> lastCommittedImage(long page) {
    if (!committedPages.contains(page)) {
      return Optional.empty();
    }
    if (!retained.test(page)) {
      throw new IllegalStateException("page " + page + " of WAL " + path + " is committed but was not retained; "
          + "read it with a predicate that accepts page " + page);
    }
    return Optional.of(images.get(page).clone());
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "WalFile[%s, %d bytes, header %s, page size %d, %d valid frames, "
        + "%d committed, database of %d pages, %d bytes ignored]", path, fileSize, header, pageSize, validFrames,
        committedFrames, databasePageCount, bytesAfterCommit());
  }
}
