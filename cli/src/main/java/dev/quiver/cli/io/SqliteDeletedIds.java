package dev.quiver.cli.io;

import dev.quiver.Preconditions;
import dev.quiver.datasets.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The ids that {@code --deleted-sql} lists: the chat server's deleted messages (a soft-delete column, a
 * tombstone table), read whole from the source database, opened read-only as {@link SqliteItemReader} opens it,
 * before the store is touched, so a bad query changes nothing.
 */
public final class SqliteDeletedIds {
  private SqliteDeletedIds() {}

  /**
   * @return the distinct ids, in the order the query returns them
   * @throws InputException when the query fails, has no {@code id} column, or yields a NULL or empty id
   */
  public static Set<String> read(Path db, String sql) {
    if (!Files.isRegularFile(db)) {
      throw new InputException("source database " + db + " does not exist or is not a file");
    }
    String query = SqliteItemReader.stripSemicolons(sql);
    if (query.isBlank()) {
      throw new InputException("--deleted-sql is empty; expected a SELECT that returns a column id");
    }
    try (Connection c = SqliteItemReader.connect(db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM (" + query + ")")) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnLabel(i));
      }
      String idColumn = SqliteItemReader.find(columns, "id");
      if (idColumn == null) {
        throw new InputException(String.format(Locale.ROOT,
            "--deleted-sql on %s returns columns %s; expected a column named 'id'", db, columns));
      }
      Set<String> ids = new LinkedHashSet<>();
      long row = 0;
      while (rs.next()) {
        row++;
        String id = rs.getString(idColumn);
        if (id == null || id.isEmpty()) {
          throw new InputException(String.format(Locale.ROOT,
              "--deleted-sql on %s: row %d has %s id; expected the id of a deleted item", db, row,
              id == null ? "a NULL" : "an empty"));
        }
        try {
          ids.add(Preconditions.requireId(id));
        } catch (IllegalArgumentException e) {
          throw new InputException(String.format(Locale.ROOT, "--deleted-sql on %s: row %d: %s", db, row,
              e.getMessage()), e);
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new InputException("cannot read " + db + " with --deleted-sql \"" + query + "\": " + e.getMessage(), e);
    }
  }
}
