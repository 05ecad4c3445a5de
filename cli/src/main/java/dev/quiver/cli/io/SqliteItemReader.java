package dev.quiver.cli.io;

import dev.quiver.Item;
import dev.quiver.datasets.InputException;
import dev.quiver.datasets.ItemSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.sqlite.SQLiteConfig;

/**
 * Items from a query on another application's SQLite database (the chat server's own, say), read so that the
 * database's writers keep working:
 *
 * <ul>
 *   <li>opened read-only twice over: the URI {@code file:<path>?mode=ro} with a read-only open flag, then
 *       {@code PRAGMA query_only=1}. Nothing else is set: no journal mode, no {@code synchronous}; the file is
 *       never written and its journal mode is whatever its owner chose;
 *   <li>read in short transactions: {@value #CHUNK} rows per statement, keyset-paged on the {@code id} column
 *       ({@code WHERE id > last ORDER BY id LIMIT 500}), each chunk read in full and its statement closed
 *       before the rows are handed out, so no read transaction stays open while items are embedded. None is
 *       read twice;
 *   <li>bounded by the check: the import stops at the highest id the checking pass read, so an import from a
 *       database that a writer keeps filling ends. Rows added after the check are left for the next run (which
 *       skips what is unchanged).
 * </ul>
 *
 * <p>Column {@code id} is the item id and {@code text} its text (both required, matched case-insensitively); a
 * numeric {@code timestamp} column is the timestamp; every other non-null column becomes a string attribute.
 * Rows whose text is NULL are skipped and counted ({@link #skipped()}).
 */
public final class SqliteItemReader implements ItemSource {
  static final int CHUNK = 500;
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;

  private final Path db;
  private final String sql;
  private final Connection connection;
  private final String idColumn;
  private final long expected;
  private final Deque<Item> buffer = new ArrayDeque<>();
  private Object lastId;
  /** The highest id the checking pass read (null: none): once it has run, reading stops there. */
  private Object lastCheckedId;
  private boolean boundedToCheck;
  private boolean exhausted;
  private long skipped;
  private long rowsRead;

  private SqliteItemReader(Path db, String sql, Connection connection, String idColumn, long expected) {
    this.db = db;
    this.sql = sql;
    this.connection = connection;
    this.idColumn = idColumn;
    this.expected = expected;
  }

  /**
   * Opens {@code db} read-only, checks that {@code sql} yields {@code id} and {@code text} columns and counts
   * its rows (one short read each).
   *
   * @throws InputException when the file is missing, the query fails or lacks a required column
   */
  public static SqliteItemReader open(Path db, String sql) {
    if (!Files.isRegularFile(db)) {
      throw new InputException("source database " + db + " does not exist or is not a file");
    }
    String query = stripSemicolons(sql);
    if (query.isBlank()) {
      throw new InputException("--sql is empty; expected a SELECT that returns columns id and text");
    }
    Connection c = null;
    try {
      c = connect(db);
      String idColumn;
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM (" + query + ") LIMIT 0");
          ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          columns.add(md.getColumnLabel(i));
        }
        idColumn = find(columns, "id");
        String textColumn = find(columns, "text");
        if (idColumn == null || textColumn == null) {
          throw new InputException(String.format(Locale.ROOT,
              "query on %s returns columns %s; expected columns named 'id' and 'text' (missing: %s)", db, columns,
              idColumn == null ? (textColumn == null ? "id, text" : "id") : "text"));
        }
      }
      long count;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + query + ")")) {
        rs.next();
        count = rs.getLong(1);
      }
      SqliteItemReader reader = new SqliteItemReader(db, query, c, idColumn, count);
      reader.checkAll();
      return reader;
    } catch (SQLException e) {
      closeQuietly(c);
      throw new InputException("cannot read " + db + " with query \"" + query + "\": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /**
   * Reads every row once, as the import will, and turns each into an item, so that a bad row (a NULL id, an id
   * or attribute Quiver refuses) fails before anything is written; then rewinds to the first row. Rows that a
   * writer adds after this pass are not read unless their id sorts below the highest one read (ids that do not
   * grow): those are checked when read for the import.
   */
  private void checkAll() {
    while (hasNext()) {
      next();
    }
    lastCheckedId = lastId;
    boundedToCheck = true;
    buffer.clear();
    lastId = null;
    exhausted = false;
    skipped = 0;
    rowsRead = 0;
  }

  /** A read-only connection that changes nothing about the file. */
  static Connection connect(Path db) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    Connection c = config.createConnection("jdbc:sqlite:" + uri(db) + "?mode=ro");
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA query_only=1");
    }
    return c;
  }

  /** {@code file:} URI of the absolute path, with the characters SQLite's URI parser treats specially escaped. */
  static String uri(Path db) {
    String path = db.toAbsolutePath().normalize().toString();
    StringBuilder sb = new StringBuilder("file:");
    for (char ch : path.toCharArray()) {
      switch (ch) {
        case '%' -> sb.append("%25");
        case '?' -> sb.append("%3f");
        case '#' -> sb.append("%23");
        case ' ' -> sb.append("%20");
        default -> sb.append(ch);
      }
    }
    return sb.toString();
  }

  static String find(List<String> columns, String name) {
    for (String c : columns) {
      if (c.equalsIgnoreCase(name)) {
        return c;
      }
    }
    return null;
  }

  static String stripSemicolons(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }

  @Override
  public boolean hasNext() {
    while (buffer.isEmpty() && !exhausted) {
      readChunk();
    }
    return !buffer.isEmpty();
  }

  @Override
  public Item next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more rows in " + db);
    }
    return buffer.poll();
  }

  /** One short read: at most {@value #CHUNK} rows after the cursor; the statement is closed on return. */
  private void readChunk() {
    String quotedId = "\"" + idColumn.replace("\"", "\"\"") + "\"";
    if (boundedToCheck && lastCheckedId == null) {
      exhausted = true; // the check read no row: neither does the import
      return;
    }
    List<String> conditions = new ArrayList<>(2);
    if (lastId != null) {
      conditions.add(quotedId + " > ?");
    }
    if (boundedToCheck) {
      conditions.add(quotedId + " <= ?");
    }
    String chunkSql = "SELECT * FROM (" + sql + ")"
        + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
        + " ORDER BY " + quotedId + " LIMIT " + CHUNK;
    int rows = 0;
    try (PreparedStatement ps = connection.prepareStatement(chunkSql)) {
      int parameter = 1;
      if (lastId != null) {
        ps.setObject(parameter++, lastId);
      }
      if (boundedToCheck) {
        ps.setObject(parameter, lastCheckedId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        while (rs.next()) {
          rows++;
          rowsRead++;
          Object id = null;
          String text = null;
          Long timestamp = null;
          Map<String, Object> attributes = new LinkedHashMap<>();
          for (int i = 1; i <= n; i++) {
            String column = md.getColumnLabel(i);
            Object value = rs.getObject(i);
            if (column.equals(idColumn)) {
              id = value;
            } else if (column.equalsIgnoreCase("text")) {
              text = value == null ? null : value.toString();
            } else if (value == null || value instanceof byte[]) {
              continue;
            } else if (column.equalsIgnoreCase("timestamp") && value instanceof Number num) {
              timestamp = num.longValue();
            } else {
              // SQLite's INTEGER and REAL keep their type; everything else is text
              boolean number = value instanceof Long || value instanceof Integer || value instanceof Double
                  || value instanceof Float;
              attributes.put(column, number ? value : value.toString());
            }
          }
          if (id == null) {
            throw new InputException(String.format(Locale.ROOT,
                "query on %s returned a row with a NULL id (row %d); every row needs an id", db, rowsRead));
          }
          lastId = id;
          if (text == null) {
            skipped++;
            continue;
          }
          try {
            buffer.add(new Item(id.toString(), text, attributes, timestamp));
          } catch (IllegalArgumentException e) {
            throw new InputException(db + ": row with id " + abbreviate(id.toString()) + ": " + e.getMessage(), e);
          }
        }
      }
    } catch (SQLException e) {
      throw new InputException("cannot read " + db + " with query \"" + sql + "\": " + e.getMessage(), e);
    }
    if (rows < CHUNK) {
      exhausted = true;
    }
  }

  /** Longest value quoted whole in a message. */
  static final int QUOTE_LENGTH = 60;

  /** {@code 'value'}, or its first {@value #QUOTE_LENGTH} characters and its length when longer. */
  static String abbreviate(String value) {
    if (value.length() <= QUOTE_LENGTH) {
      return "'" + value + "'";
    }
    int end = Character.isHighSurrogate(value.charAt(QUOTE_LENGTH - 1)) ? QUOTE_LENGTH - 1 : QUOTE_LENGTH;
    return String.format(Locale.ROOT, "'%s...' (%d characters)", value.substring(0, end), value.length());
  }

  /** Rows skipped because their text was NULL. */
  public long skipped() {
    return skipped;
  }

  @Override
  public long expectedCount() {
    return expected;
  }

  @Override
  public String describe() {
    return db.toString();
  }

  @Override
  public void close() {
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // Read-only: nothing to lose.
      }
    }
  }
}
