package dev.quiver.cli;

import dev.quiver.datasets.ItemSource;
import dev.quiver.cli.io.SqliteItemReader;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where items come from: JSON Lines files, or a query on a SQLite database opened read-only. */
final class SourceOptions {
  @Option(names = "--jsonl", paramLabel = "FILE", arity = "1..*",
      description = "JSON Lines items: {\"id\",\"text\",\"attributes\",\"timestamp\"} or BEIR {\"_id\",\"title\","
          + "\"text\"}; UTF-8, one object a line; .gz is decompressed. May be repeated. - reads stdin; stdin, "
          + "pipes and <(...) are spooled to a temporary file first, then checked whole before anything is "
          + "written.")
  java.util.List<Path> jsonl;

  @ArgGroup(exclusive = false)
  Sqlite sqlite;

  /** {@code --from-sqlite DB --sql QUERY}. */
  static final class Sqlite {
    @Option(names = "--from-sqlite", required = true, paramLabel = "DB",
        description = "A SQLite database to read items from, opened read-only (its writers keep working).")
    Path db;

    @Option(names = "--sql", required = true, paramLabel = "QUERY",
        description = "A SELECT returning columns id and text; a numeric timestamp column is the timestamp, "
            + "other columns become attributes.")
    String sql;
  }

  /** The source database, or null when items come from JSON Lines. */
  Path database() {
    return sqlite == null ? null : sqlite.db;
  }

  /** Opens the source, having checked all of it that can be checked before anything is written. */
  ItemSource open() {
    if (sqlite != null) {
      return SqliteItemReader.open(sqlite.db, sqlite.sql);
    }
    JsonlInput.checkOneStdin(jsonl);
    java.util.List<ItemSource> parts = new java.util.ArrayList<>();
    try {
      for (Path p : jsonl) {
        parts.add(JsonlInput.open(p, System.in));
      }
    } catch (RuntimeException e) {
      parts.forEach(ItemSource::close);
      throw e;
    }
    return Concat.of(parts);
  }

  /** Several sources one after another. */
  static final class Concat implements ItemSource {
    private final java.util.List<? extends ItemSource> parts;
    private int current;

    private Concat(java.util.List<? extends ItemSource> parts) {
      this.parts = parts;
    }

    static ItemSource of(java.util.List<? extends ItemSource> parts) {
      return parts.size() == 1 ? parts.get(0) : new Concat(parts);
    }

    @Override
    public boolean hasNext() {
      while (current < parts.size()) {
        if (parts.get(current).hasNext()) {
          return true;
        }
        current++;
      }
      return false;
    }

    @Override
    public dev.quiver.Item next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      return parts.get(current).next();
    }

    @Override
    public long expectedCount() {
      long sum = 0;
      for (ItemSource p : parts) {
        if (p.expectedCount() < 0) {
          return -1;
        }
        sum += p.expectedCount();
      }
      return sum;
    }

    @Override
    public String describe() {
      return String.join(", ", parts.stream().map(ItemSource::describe).toList());
    }

    @Override
    public void close() {
      parts.forEach(ItemSource::close);
    }
  }
}
