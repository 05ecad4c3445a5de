package dev.quiver.cli;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A chat server's writer, in its own process: inserts one message per transaction into {@code messages} of
 * the database {@code args[0]} until its stdin closes, then prints {@code inserted N failed F}. It sets a busy
 * timeout, as a server would; a failed insert (SQLITE_BUSY past the timeout, say) is counted, not retried.
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
    long inserted = 0;
    long failed = 0;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0])) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout=5000");
      }
      System.out.println("writing");
      System.out.flush();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages(body, room) VALUES (?, 'live')")) {
        while (!stop.get()) {
          try {
            ps.setString(1, "live message " + inserted + " about the deploy window and the rollback plan");
            ps.executeUpdate();
            inserted++;
          } catch (SQLException e) {
            failed++;
            System.err.println("insert failed: " + e.getMessage());
          }
          Thread.sleep(2);
        }
      }
    }
    System.out.println("inserted " + inserted + " failed " + failed);
  }
}
