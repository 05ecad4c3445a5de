package dev.quiver.internal.storefile;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Names the tables of a database Quiver refuses, for the error message, without writing anything. */
final class ForeignTables {
  private static final int MAX_LISTED = 20;

  private ForeignTables() {}

  /**
   * Lists table names through an {@code immutable=1}, read-only connection: SQLite takes no lock, reads no
   * journal and creates no sidecar file, so the file's bytes cannot change.
   */
  static String list(Path file) {
    List<String> names = new ArrayList<>();
    String url;
    try {
      // the real path (realpath(3): lstat and readlink, no descriptor), fully escaped: see SqliteUri
      url = SqliteUri.jdbcUrl(file.toRealPath(), "mode=ro&immutable=1");
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name LIMIT " + (MAX_LISTED + 1))) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    } catch (SQLException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
    if (names.size() > MAX_LISTED) {
      names.set(MAX_LISTED, "...");
    }
    return names.toString();
  }
}
