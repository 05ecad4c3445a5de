package dev.quiver.internal.storefile;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads pages of a main database file directly, before any SQLite connection opens it, through a
 * {@link ReadOnlyFile}. Offsets are those of the database header in SQLite's file format document.
 */
final class DatabasePages {
  /** The database header at the start of page 1. */
  static final int HEADER_BYTES = 100;
  /** SQLite refuses a file whose usable page size (page size less reserved bytes) is below this. */
  static final int MIN_USABLE_SIZE = 480;
  static final int MIN_PAGE_SIZE = 512;
  static final int MAX_PAGE_SIZE = 65536;
  private static final int PAGE_SIZE_OFFSET = 16;
  private static final int RESERVED_OFFSET = 20;

  private DatabasePages() {}

  /**
   * The page size in the header of {@code db}.
   *
   * @throws PageFormatException {@link PageFormatException.Reason#MALFORMED} if the file is shorter than the
   *     header or the field is not a power of two from 512 to 65536
   */
  static int pageSize(Path db) throws IOException {
    return pageSize(readHeader(db), db);
  }

  /**
   * The page size in a database header: the big-endian 16-bit value at offset 16, where 1 means 65536.
   *
   * @param where the file the header came from, for the message
   */
  static int pageSize(byte[] header, Path where) throws PageFormatException {
    requireHeader(header, where);
    int raw = ((header[PAGE_SIZE_OFFSET] & 0xff) << 8) | (header[PAGE_SIZE_OFFSET + 1] & 0xff);
    int size = raw == 1 ? MAX_PAGE_SIZE : raw;
    if (!validPageSize(size)) {
      throw new PageFormatException(PageFormatException.Reason.MALFORMED, String.format(Locale.ROOT,
          "expected a page size that is a power of two from 512 to 65536 at offset 16 of %s, found %d",
          where, raw));
    }
    return size;
  }

  /** The page size less the reserved bytes per page (offset 20): the space b-tree pages may use. */
  static int usableSize(byte[] header, Path where) throws PageFormatException {
    int usable = pageSize(header, where) - (header[RESERVED_OFFSET] & 0xff);
    if (usable < MIN_USABLE_SIZE) {
      throw new PageFormatException(PageFormatException.Reason.MALFORMED, String.format(Locale.ROOT,
          "expected at least %d usable bytes per page in %s, found %d (%d reserved)", MIN_USABLE_SIZE, where,
          usable, header[RESERVED_OFFSET] & 0xff));
    }
    return usable;
  }

  /** The first 100 bytes of {@code db}. */
  static byte[] readHeader(Path db) throws IOException {
    try (ReadOnlyFile file = ReadOnlyFile.open(db)) {
      byte[] header = new byte[HEADER_BYTES];
      if (!file.readFully(0, header, HEADER_BYTES)) {
        throw new PageFormatException(PageFormatException.Reason.MALFORMED, "expected a 100-byte database "
            + "header in " + db + ", found a file of " + file.size() + " bytes");
      }
      return header;
    }
  }

  /**
   * Page {@code pageNumber} (1-based) of {@code db}, read as SQLite's pager reads it: a last page cut short
   * by the end of the file is padded with zeros.
   *
   * @throws EOFException if the page starts at or after the end of the file
   * @throws IllegalArgumentException if {@code pageNumber} is below 1 or {@code pageSize} is not a valid
   *     page size
   */
  static byte[] readPage(Path db, int pageNumber, int pageSize) throws IOException {
    if (pageNumber < 1 || !validPageSize(pageSize)) {
      throw new IllegalArgumentException("expected a page number of at least 1 and a power-of-two page size "
          + "from 512 to 65536, found page " + pageNumber + " of size " + pageSize + " for " + db);
    }
    long offset = (pageNumber - 1L) * pageSize;
    try (ReadOnlyFile file = ReadOnlyFile.open(db)) {
      if (offset >= file.size()) {
        throw new EOFException(String.format(Locale.ROOT, "page %d of %s starts at byte %d; the file has %d "
            + "bytes (%d pages of %d)", pageNumber, db, offset, file.size(),
            (file.size() + pageSize - 1) / pageSize, pageSize));
      }
      byte[] page = new byte[pageSize];
      file.readFully(offset, page, pageSize);
      return page;
    }
  }

  static boolean validPageSize(long size) {
    return size >= MIN_PAGE_SIZE && size <= MAX_PAGE_SIZE && (size & (size - 1)) == 0;
  }

  private static void requireHeader(byte[] header, Path where) throws PageFormatException {
    if (header.length < HEADER_BYTES) {
      throw new PageFormatException(PageFormatException.Reason.MALFORMED, "expected a 100-byte database header "
          + "for " + where + ", found " + header.length + " bytes");
    }
  }
}
