package dev.quiver.internal.storefile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Turns a file path into an sqlite-jdbc URL holding an SQLite URI filename ({@code file:<path>?<query>}, see
 * SQLite's "Uniform Resource Identifiers").
 *
 * <p>In a URI filename SQLite ends the path at the first {@code ?} or {@code #} and decodes every
 * {@code %HH}. A path pasted in unescaped therefore names another file: {@code chat.db#old} opens
 * {@code chat.db}, and the query after the {@code #} (read-only, immutable) is dropped with it. So every
 * byte of the path's UTF-8 form is percent-encoded except RFC 3986's unreserved characters
 * ({@code A-Z a-z 0-9 - . _ ~}) and {@code /}. UTF-8 is what SQLite passes to {@code open(2)}, and the
 * JDK's file-name encoding on Linux ({@code sun.jnu.encoding}) under any UTF-8 locale.
 *
 * <p>sqlite-jdbc (3.53) splits the URL at its first {@code ?}, removes the parameters whose names are its
 * own pragma settings ({@code journal_mode}, {@code synchronous}, ...; {@code SQLiteConnection
 * .extractPragmasFromFilename}) and hands the others to SQLite, in reverse order. With the path fully
 * escaped the first {@code ?} is the one written here, and SQLite's own parameters ({@code vfs},
 * {@code mode}, {@code immutable}) are not pragma names, so they reach SQLite unchanged. Unix only, like the
 * {@code unix-excl} VFS Quiver opens its file with.
 */
final class SqliteUri {
  private SqliteUri() {}

  /**
   * @param file an absolute path
   * @param query URI parameters joined by {@code &}, for example {@code mode=ro&immutable=1}; none may be
   *     one of sqlite-jdbc's pragma names, which it would take out of the URL
   * @return {@code jdbc:sqlite:file:<escaped path>?<query>}
   */
  static String jdbcUrl(Path file, String query) {
    if (!file.isAbsolute()) {
      throw new IllegalArgumentException("an SQLite URI filename needs an absolute path; got " + file);
    }
    return "jdbc:sqlite:file:" + escape(file.toString()) + "?" + query;
  }

  /** Percent-encodes every UTF-8 byte of {@code path} except unreserved characters and {@code /}. */
  static String escape(String path) {
    byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
          || c == '_' || c == '~' || c == '/') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
