package dev.quiver.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A chat server's writer, in its own process: inserts one message per transaction into {@code messages} of
 * the database {@code args[0]} until its stdin closes, then prints {@code inserted N failed F}. It sets a busy
 * timeout, as a server would, and nothing else (the database keeps the journal mode its owner chose); a failed
 * insert (SQLITE_BUSY past the timeout, say) is counted, not retried.
 *
 * <p>With {@code args[1]}, a log file, each insert is appended there once it has committed, as {@code
 * rowid<TAB>body}, and flushed, so the log holds exactly the rows the writer was told are durable. With
 * {@code args[2]}, the pause between inserts in milliseconds (default 2).
 */
final class SourceWriter {
  private SourceWriter() {}

  public static void main(String[] args) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    Thread watcher = new Thread(() -> {
      try (InputStream in = System.in) {
        while (in.read() != -1) {
          // Run until the parent closes our stdin.
        }
      } catch (IOException ignored) {
        // Treated as a stop.
      }
      stop.set(true);
    });
    watcher.setDaemon(true);
    watcher.start();
    Path log = args.length > 1 ? Path.of(args[1]) : null;
    long pauseMillis = args.length > 2 ? Long.parseLong(args[2]) : 2;
    long inserted = 0;
    long failed = 0;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
        Writer committed = log == null ? Writer.nullWriter() : Files.newBufferedWriter(log, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout=5000");
      }
      System.out.println("writing");
      System.out.flush();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages(body, room) VALUES (?, 'live')");
          PreparedStatement rowid = c.prepareStatement("SELECT last_insert_rowid()")) {
        while (!stop.get()) {
          String body = "live message " + inserted + " about the deploy window and the rollback plan";
          boolean done;
          try {
            ps.setString(1, body);
            ps.executeUpdate(); // autocommit: committed when it returns
            inserted++;
            done = true;
          } catch (SQLException e) {
            failed++;
            done = false;
            System.err.println("insert failed: " + e.getMessage());
          }
          if (done) {
            try (ResultSet rs = rowid.executeQuery()) {
              committed.write(rs.getLong(1) + "\t" + body + "\n");
            }
            committed.flush();
          }
          Thread.sleep(pauseMillis);
        }
      }
    }
    System.out.println("inserted " + inserted + " failed " + failed);
  }
}
