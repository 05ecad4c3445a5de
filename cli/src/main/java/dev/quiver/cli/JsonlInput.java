package dev.quiver.cli;

import dev.quiver.Item;
import dev.quiver.datasets.InputException;
import dev.quiver.datasets.ItemSource;
import dev.quiver.datasets.JsonlItemReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One {@code --jsonl} argument as an item source. A regular file is read twice, as {@link JsonlItemReader}
 * does: once to check every line, once to import. Anything else — {@code -} (stdin), {@code /dev/stdin}, a
 * pipe, process substitution ({@code <(...)}) — can be read only once, so it is first copied whole to a
 * temporary file (deleted on close), which is then checked and imported like a regular file. So a bad line
 * fails the command before anything is written, whatever the input; the price is that nothing is imported
 * until the stream ends.
 */
final class JsonlInput {
  /** What {@code -} is called in messages. */
  static final String STDIN = "<stdin>";

  private JsonlInput() {}

  /** @param stdin what {@code -} reads */
  static ItemSource open(Path path, InputStream stdin) {
    boolean dash = path.toString().equals("-");
    if (!dash && (Files.isRegularFile(path) || !Files.exists(path))) {
      return JsonlItemReader.open(path); // a missing file is reported by the reader, with its name
    }
    String name = dash ? STDIN : path.toString();
    Path spool;
    try {
      spool = Files.createTempFile("quiver-jsonl", name.endsWith(".gz") ? ".jsonl.gz" : ".jsonl");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file to hold " + name + ": " + e.getMessage(), e);
    }
    try {
      try (InputStream in = dash ? stdin : Files.newInputStream(path)) {
        Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
      }
      return new Spooled(JsonlItemReader.open(name, () -> Files.newInputStream(spool)), spool);
    } catch (RuntimeException e) {
      delete(spool);
      throw e;
    }
  }

  /** Refuses {@code -} given more than once: stdin can be read only once. */
  static void checkOneStdin(java.util.List<Path> paths) {
    if (paths.stream().filter(p -> p.toString().equals("-")).count() > 1) {
      throw new InputException("--jsonl - (stdin) is given more than once; stdin can be read only once");
    }
  }

  private static void delete(Path spool) {
    try {
      Files.deleteIfExists(spool);
    } catch (IOException ignored) {
      // a temporary file: the system cleans its temporary directory
    }
  }

  /** A reader over a temporary copy, deleting the copy on close. */
  private static final class Spooled implements ItemSource {
    private final JsonlItemReader reader;
    private final Path spool;

    Spooled(JsonlItemReader reader, Path spool) {
      this.reader = reader;
      this.spool = spool;
    }

    @Override
    public boolean hasNext() {
      return reader.hasNext();
    }

    @Override
    public Item next() {
      return reader.next();
    }

    @Override
    public long expectedCount() {
      return reader.expectedCount();
    }

    @Override
    public String describe() {
      return reader.describe();
    }

    @Override
    public void close() {
      try {
        reader.close();
      } finally {
        delete(spool);
      }
    }
  }
}
