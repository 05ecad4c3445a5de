package dev.quiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.cli.CliProcess.Result;
import dev.quiver.datasets.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * The incident this product exists for, replayed with real processes: a chat server's own SQLite database, in
 * rollback-journal mode ({@code journal_mode=DELETE}), takes steady writes from another process ({@link
 * SourceWriter}, one message per transaction with a busy timeout, logging each row once it has committed) while
 * {@code quiver import --from-sqlite} embeds its messages into a store of its own, with {@code --primary-db}
 * naming that database. Afterwards the database must be exactly the server's: its journal mode still {@code
 * delete}, {@code integrity_check} ok, every row the writer was told is committed present, every other row, table,
 * index, view and header field as before; and no {@code -wal} or {@code -shm} beside it at any moment (an
 * inotify watch on its directory while everything runs, which must also see the writer's own {@code -journal}
 * come and go, and a listing after). The store holds the imported messages and verifies clean.
 *
 * <p>Default run: 1,000 messages, and the writer committing some 30 to 50 rows a second (a 10 ms pause and a
 * synced commit each) before, during and after the import: at least 50 rows before it starts and 50 after it
 * ends, the import itself taking 10 to 30 s. From 30 s to a minute in all on two shared cores, most of it the
 * child JVMs loading MiniLM and embedding. The writer's pace stays well below the import's, which reads the rows
 * it adds as it goes (keyset paging), so the import catches up and ends. {@code -Dquiver.incident.scale=N}
 * multiplies the messages, the rows around the import and every bound (child timeouts, waits) by N, and gives
 * the children more heap; the writer writes about N times as long. Embedding ran at 85 to 250 messages a second
 * here, depending on the load (20,000 messages took 3 minutes in all), so {@code -Dquiver.incident.scale=100}
 * (100,000 messages) should take 15 to 40 minutes:
 * <pre>
 * mvn -B -o -pl cli -am test -Dtest=IncidentTest -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true \
 *     -Dquiver.incident.scale=100
 * </pre>
 */
class IncidentTest {
  static final int SCALE = Math.max(1, Integer.getInteger("quiver.incident.scale", 1));
  static final int MESSAGES = 1_000 * SCALE;
  /** Rows the writer commits before the import starts, and again after it has finished. */
  static final int LIVE_ROWS_AROUND_THE_IMPORT = 50 * SCALE;
  static final long PAUSE_MILLIS = 10;
  static final String SQL = "SELECT id, body AS text, room, author, sent_at AS timestamp FROM messages";
  private static final String[] ROOMS = {"ops", "dev", "support", "random", "release"};
  private static final String[] TOPICS = {"deploy window", "lunch order", "invoice run", "printer jam",
      "vpn outage", "laptop refresh", "standup notes", "budget review"};
  /** One message only the import can have put in the store. */
  private static final String NEEDLE = "the zeppelin hangar door code changes on Thursday";
  private static final int NEEDLE_ID = 734;

  @TempDir
  Path dir;

  @Test
  void importFromALiveRollbackJournalDatabaseChangesNothingOfTheServers() throws Exception {
    Path server = Files.createDirectories(dir.resolve("server"));
    Path primary = server.resolve("chat.db");
    createTheServersDatabase(primary);
    Map<String, String> pragmasBefore = pragmas(primary);
    assertThat(pragmasBefore).containsEntry("journal_mode", "delete");
    List<String> before = dump(primary, Set.of());
    Path store = Files.createDirectories(dir.resolve("quiver")).resolve("chat.quiver");
    Path log = dir.resolve("writer-committed.log");

    Result imported;
    long importNanos;
    long beforeImport;
    long afterImport;
    String summary;
    Set<String> seen;
    try (DirectoryWatch watch = DirectoryWatch.start(server)) {
      Process writer = CliProcess.start(SourceWriter.class, primary.toString(), log.toString(),
          Long.toString(PAUSE_MILLIS));
      BufferedReader writerOut = new BufferedReader(new InputStreamReader(writer.getInputStream(),
          StandardCharsets.UTF_8));
      CompletableFuture<String> writerErr = CliProcess.drain(writer.getErrorStream());
      LogTail tail = new LogTail(log);
      try {
        assertThat(writerOut.readLine()).as("the writer's first line").isEqualTo("writing");
        beforeImport = tail.await(LIVE_ROWS_AROUND_THE_IMPORT, writer);
        long started = System.nanoTime();
        imported = quiver("import", "--store", store.toString(), "--primary-db", primary.toString(),
            "--from-sqlite", primary.toString(), "--sql", SQL);
        importNanos = System.nanoTime() - started;
        afterImport = tail.committed();
        tail.await(afterImport + LIVE_ROWS_AROUND_THE_IMPORT, writer);
      } finally {
        writer.getOutputStream().close(); // tells the writer to stop
        summary = writerOut.readLine();
        if (!writer.waitFor(60, TimeUnit.SECONDS)) {
          writer.destroyForcibly();
        }
      }
      assertThat(summary).as("the writer's summary; its stderr: " + writerErr.join()).matches("inserted \\d+ failed 0");
      seen = watch.stop();
      System.out.printf(Locale.ROOT, "incident at scale %d: %d messages; the writer committed %d rows, "
          + "%d of them while the import ran (%.1f s); names seen beside the database: %s (%d event-queue "
          + "overflows, covered by listings)%n", SCALE, MESSAGES, tail.committed(), afterImport - beforeImport,
          importNanos / 1e9, seen, watch.overflows());
    }
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    assertThat(afterImport).as("rows the writer committed while the import ran (from %d)", beforeImport)
        .isGreaterThan(beforeImport);

    // The writer's log: exactly the rows it was told are committed.
    Map<Long, String> committed = new LinkedHashMap<>();
    for (String line : Files.readAllLines(log)) {
      String[] f = line.split("\t", 2);
      committed.put(Long.parseLong(f[0]), f[1]);
    }
    long inserted = Long.parseLong(summary.split(" ")[1]);
    assertThat(committed).as("rows in " + log).hasSize((int) inserted);

    // Files beside the database: only its own -journal, while the writer committed, ever appeared.
    assertThat(seen).as("names seen in %s while the writer and the import ran", server)
        .contains("chat.db", "chat.db-journal").isSubsetOf("chat.db", "chat.db-journal");
    try (Stream<Path> files = Files.list(server)) {
      assertThat(files.map(p -> p.getFileName().toString())).as("files in " + server).containsExactly("chat.db");
    }

    // The database: journal mode, integrity, every committed row, everything else as it was.
    Map<String, String> pragmasAfter = pragmas(primary);
    assertThat(pragmasAfter).as("pragmas of " + primary + ", read with a fresh connection").isEqualTo(pragmasBefore);
    try (Connection c = readOnly(primary); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
        assertThat(rs.getString(1)).as("integrity_check of " + primary).isEqualTo("ok");
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT body, room FROM messages WHERE id = ?")) {
        for (Map.Entry<Long, String> row : committed.entrySet()) {
          ps.setLong(1, row.getKey());
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as("committed row %d is in %s", row.getKey(), primary).isTrue();
            assertThat(rs.getString(1)).as("body of row " + row.getKey()).isEqualTo(row.getValue());
            assertThat(rs.getString(2)).isEqualTo("live");
          }
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM messages")) {
        assertThat(rs.getLong(1)).as("messages in " + primary).isEqualTo(MESSAGES + inserted);
      }
    }
    assertThat(dump(primary, committed.keySet())).as("everything in %s but the writer's rows", primary)
        .isEqualTo(before);

    // The store: the imported messages, healthy.
    assertThat(imported.out()).containsPattern("imported \\d+ items from ");
    long items = Long.parseLong(imported.out().replaceAll("(?s).*imported (\\d+) items.*", "$1").trim());
    assertThat(items).isBetween((long) MESSAGES, MESSAGES + inserted);
    Result stats = quiver("stats", "--store", store.toString(), "--json");
    JsonNode s = Json.MAPPER.readTree(stats.out());
    assertThat(s.get("items").asLong()).as(stats.toString()).isEqualTo(items);
    assertThat(s.get("vectorSide").asText()).isEqualTo("ready");
    Result search = quiver("search", "--store", store.toString(), "--json", "--limit", "3",
        "zeppelin hangar door code");
    assertThat(search.exitCode()).as(search.toString()).isZero();
    JsonNode top = Json.MAPPER.readTree(search.out()).get("hits").get(0);
    assertThat(top.get("id").asText()).isEqualTo(Integer.toString(NEEDLE_ID));
    assertThat(top.get("text").asText()).isEqualTo(NEEDLE);
    assertThat(top.get("attributes").get("room").asText()).isEqualTo(ROOMS[NEEDLE_ID % ROOMS.length]);
    Result verify = quiver("verify", "--store", store.toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  /**
   * A chat server's schema: users (with a BLOB), rooms, messages with an index, a settings table with REAL
   * values, a view; its own {@code user_version} and {@code application_id}; rollback journal.
   */
  private static void createTheServersDatabase(Path db) throws SQLException {
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=DELETE")) {
          assertThat(rs.getString(1)).isEqualTo("delete");
        }
        s.execute("PRAGMA user_version=42");
        s.execute("PRAGMA application_id=1128808788"); // "CHAT"
        s.execute("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, avatar BLOB)");
        s.execute("CREATE TABLE rooms(id TEXT PRIMARY KEY, topic TEXT)");
        s.execute("CREATE TABLE messages(id INTEGER PRIMARY KEY, room TEXT NOT NULL, author INTEGER, "
            + "body TEXT NOT NULL, sent_at INTEGER)");
        s.execute("CREATE INDEX messages_by_room ON messages(room, sent_at)");
        s.execute("CREATE TABLE settings(key TEXT PRIMARY KEY, value REAL)");
        s.execute("CREATE VIEW room_counts AS SELECT room, count(*) AS n FROM messages GROUP BY room");
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users VALUES (?, ?, ?)")) {
        for (int i = 1; i <= 40; i++) {
          ps.setInt(1, i);
          ps.setString(2, "user" + i);
          ps.setBytes(3, new byte[] {(byte) i, 0, (byte) 0xff, 0x13, 0x37});
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO rooms VALUES (?, ?)")) {
        for (String room : ROOMS) {
          ps.setString(1, room);
          ps.setString(2, "all about " + room);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO settings VALUES ('retention_days', 365.0), ('rate_limit', 2.5)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages VALUES (?, ?, ?, ?, ?)")) {
        for (int i = 1; i <= MESSAGES; i++) {
          ps.setInt(1, i);
          ps.setString(2, ROOMS[i % ROOMS.length]);
          ps.setInt(3, 1 + i % 40);
          ps.setString(4, i == NEEDLE_ID ? NEEDLE
              : "message " + i + " about the " + TOPICS[i % TOPICS.length] + " (thread " + i / 25 + ")");
          ps.setLong(5, 1_700_000_000_000L + i * 60_000L);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    }
  }

  /** A connection that cannot change the file: read-only open flag and {@code mode=ro}. */
  private static Connection readOnly(Path db) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    return config.createConnection("jdbc:sqlite:file:" + db + "?mode=ro");
  }

  /** Header fields and settings an application could have changed, read with a fresh read-only connection. */
  private static Map<String, String> pragmas(Path db) throws SQLException {
    Map<String, String> values = new LinkedHashMap<>();
    try (Connection c = readOnly(db); Statement s = c.createStatement()) {
      for (String pragma : new String[] {"journal_mode", "user_version", "application_id", "schema_version",
          "page_size", "encoding", "auto_vacuum"}) {
        try (ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
          values.put(pragma, rs.getString(1));
        }
      }
    }
    return values;
  }

  /**
   * The whole database as lines: the schema (every table, index, view and trigger with its SQL), then every
   * row of every table in rowid order, each value with its type; rows of {@code messages} whose id is in
   * {@code skipMessages} are left out.
   */
  private static List<String> dump(Path db, Set<Long> skipMessages) throws SQLException {
    List<String> lines = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    try (Connection c = readOnly(db); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")) {
        while (rs.next()) {
          lines.add("schema " + rs.getString(1) + " " + rs.getString(2) + " on " + rs.getString(3) + ": "
              + rs.getString(4));
          if (rs.getString(1).equals("table")) {
            tables.add(rs.getString(2));
          }
        }
      }
      for (String table : tables) {
        try (ResultSet rs = s.executeQuery("SELECT rowid AS \"rowid\", * FROM \"" + table + "\" ORDER BY rowid")) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            if (table.equals("messages") && skipMessages.contains(rs.getLong(1))) {
              continue;
            }
            StringBuilder line = new StringBuilder(table);
            for (int i = 1; i <= md.getColumnCount(); i++) {
              Object v = rs.getObject(i);
              line.append(i == 1 ? " " : " | ").append(md.getColumnLabel(i)).append('=').append(
                  v == null ? "NULL" : v instanceof byte[] b ? "x'" + HexFormat.of().formatHex(b) + "'"
                      : v.getClass().getSimpleName() + ":" + v);
            }
            lines.add(line.toString());
          }
        }
      }
    }
    return lines;
  }

  /** {@code quiver args...} in a child JVM with room for this scale's store: 768 MiB, and 8 MiB per step above 1. */
  private static Result quiver(String... args) {
    return CliProcess.run(CliProcess.command(768 + 8 * (SCALE - 1), QuiverCli.class, args),
        CliProcess.TIMEOUT_SECONDS * SCALE);
  }

  /** Counts the writer's log lines (one per committed row) as they are appended, reading each byte once. */
  private static final class LogTail {
    private final Path log;
    private long offset;
    private long lines;

    LogTail(Path log) {
      this.log = log;
    }

    long committed() {
      if (!Files.exists(log)) {
        return 0;
      }
      try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        for (int n; (n = ch.read(buffer, offset)) > 0; buffer.clear()) {
          for (int i = 0; i < n; i++) {
            if (buffer.get(i) == '\n') {
              lines++;
            }
          }
          offset += n;
        }
        return lines;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the writer's log " + log + ": " + e.getMessage(), e);
      }
    }

    /** Waits, a bounded time, until {@code rows} rows are logged; returns how many are. */
    long await(long rows, Process writer) throws InterruptedException {
      long limit = 120L * SCALE;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limit);
      long n;
      while ((n = committed()) < rows) {
        assertThat(writer.isAlive()).as("the writer is still running (it has committed %d rows)", n).isTrue();
        assertThat(System.nanoTime()).as("the writer committed only %d of %d rows to %s in %d s", n, rows, log,
            limit).isLessThan(deadline);
        Thread.sleep(20);
      }
      return n;
    }
  }

  /**
   * Every name that appears in a directory while it runs: inotify's create events (through {@link
   * WatchService}), which see a file even if it is gone a moment later, and a listing at each wake-up, which
   * covers an overflowed event queue.
   */
  static final class DirectoryWatch implements AutoCloseable {
    private final Path directory;
    private final WatchService service;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicLong overflows = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopped;

    private DirectoryWatch(Path directory) throws IOException {
      this.directory = directory;
      this.service = FileSystems.getDefault().newWatchService();
      directory.register(service, StandardWatchEventKinds.ENTRY_CREATE);
      list();
      this.thread = new Thread(this::run, "watch " + directory);
      this.thread.setDaemon(true);
    }

    static DirectoryWatch start(Path directory) throws IOException {
      DirectoryWatch watch = new DirectoryWatch(directory);
      watch.thread.start();
      return watch;
    }

    private void run() {
      try {
        while (!stopped) {
          WatchKey key = service.poll(20, TimeUnit.MILLISECONDS);
          if (key != null) {
            for (WatchEvent<?> event : key.pollEvents()) {
              if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                overflows.incrementAndGet();
              } else {
                seen.add(event.context().toString());
              }
            }
            key.reset();
          }
          list();
        }
      } catch (InterruptedException | ClosedWatchServiceException e) {
        // stopped
      }
    }

    private void list() {
      try (Stream<Path> files = Files.list(directory)) {
        files.forEach(p -> seen.add(p.getFileName().toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Stops watching; returns every name seen. */
    Set<String> stop() throws InterruptedException {
      stopped = true;
      thread.join(TimeUnit.SECONDS.toMillis(10));
      list();
      return new TreeSet<>(seen);
    }

    long overflows() {
      return overflows.get();
    }

    @Override
    public void close() throws IOException {
      stopped = true;
      service.close();
    }
  }
}
