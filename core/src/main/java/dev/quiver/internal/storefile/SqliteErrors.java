package dev.quiver.internal.storefile;

import dev.quiver.ErrorCode;
import dev.quiver.QuiverException;
import java.nio.file.Path;
import java.sql.SQLException;

/** Turns SQLite failures into {@link QuiverException}s with a code, never a bare {@link SQLException}. */
final class SqliteErrors {
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_NOTADB = 26;

  private SqliteErrors() {}

  static QuiverException translate(SQLException e, Path file, String doing) {
    int primary = e.getErrorCode() & 0xff;
    ErrorCode code = switch (primary) {
      case SQLITE_CORRUPT, SQLITE_NOTADB -> ErrorCode.CORRUPT;
      case SQLITE_BUSY, SQLITE_LOCKED -> ErrorCode.LOCKED;
      default -> ErrorCode.IO;
    };
    String what = code == ErrorCode.CORRUPT ? "store file " + file + " is damaged" : "store file " + file;
    return new QuiverException(code, file, what + " while " + doing + ": " + e.getMessage(), e);
  }
}
