package dev.quiver.examples.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The app's own database of messages, in SQLite: the record a real chat server keeps, and what Quiver's
 * {@code quiver.primary-database} guard protects. Plain JDBC keeps the example small.
 */
public class MessageLog {
  private final String url;

  public MessageLog(Path database) {
    try {
      Path parent = database.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.url = "jdbc:sqlite:" + database;
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, "
          + "author TEXT NOT NULL, text TEXT NOT NULL, sent_at INTEGER NOT NULL)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the message database " + database, e);
    }
  }

  /** Stores a message; returns it with its id. */
  public Message append(String room, String author, String text, long sentAt) {
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO messages (room, author, text, sent_at) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      s.setString(1, room);
      s.setString(2, author);
      s.setString(3, text);
      s.setLong(4, sentAt);
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        return new Message(keys.getLong(1), room, author, text, sentAt);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store a message", e);
    }
  }

  public long count() {
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM messages")) {
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count messages", e);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  /** One message as the app stores it. */
  public record Message(long id, String room, String author, String text, long sentAt) {}
}
