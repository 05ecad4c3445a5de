package dev.quiver.datasets;

import dev.quiver.Item;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The bundled corpus of real Debian package descriptions: {@value #SIZE} packages of Debian bookworm (main,
 * amd64), each with its one-line summary and its maintainer's long description as text, and its {@code section}
 * and {@code priority} as attributes; the id is the package name. None of them is in the evaluation dev set.
 *
 * <p>The file's first {@value #DEMO_SIZE} items are what {@code quiver demo} indexes, sorted by id; the other
 * {@value #EXTRA} follow, sorted by id, for tests that need more real text (the cluster agreement test). So a
 * prefix of at most {@value #DEMO_SIZE} items is the same whatever the file grows to. How it is made, and its
 * licence, are in {@code demo/README.md} beside it.
 */
public final class DemoCorpus {
  /** Items in the bundled file. */
  public static final int SIZE = 2_000;
  /** Items the demo indexes: the file's first ones. */
  public static final int DEMO_SIZE = 1_500;
  private static final int EXTRA = SIZE - DEMO_SIZE;
  /** The gzipped JSON Lines file on the class path, in Quiver's layout (see {@link JsonlItemReader}). */
  public static final String RESOURCE = "/dev/quiver/datasets/demo/debian-packages.jsonl.gz";
  private static final String NAME = "debian-packages.jsonl.gz";

  private DemoCorpus() {}

  /**
   * The first {@code limit} items, read lazily; the source's {@link ItemSource#expectedCount} is {@code limit}.
   *
   * @throws IllegalArgumentException when {@code limit} is not 1 to {@value #SIZE}
   * @throws IllegalStateException when the file is missing from the class path (a broken build)
   */
  public static ItemSource open(int limit) {
    if (limit < 1 || limit > SIZE) {
      throw new IllegalArgumentException("the demo corpus holds " + SIZE + " items; asked for the first " + limit
          + " (expected 1 to " + SIZE + ")");
    }
    return new FirstItems(JsonlItemReader.open(NAME, DemoCorpus::stream), limit);
  }

  /** The first {@code limit} items in file order; see {@link #open}. */
  public static List<Item> items(int limit) {
    List<Item> out = new ArrayList<>(limit);
    try (ItemSource source = open(limit)) {
      source.forEachRemaining(out::add);
    }
    return out;
  }

  private static InputStream stream() throws IOException {
    InputStream in = DemoCorpus.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException("the demo corpus " + RESOURCE + " is missing from the class path; "
          + "expected it in the quiver-datasets jar");
    }
    return in;
  }

  /** A reader cut after its first {@code limit} items. */
  private static final class FirstItems implements ItemSource {
    private final JsonlItemReader reader;
    private final int limit;
    private int handedOut;

    FirstItems(JsonlItemReader reader, int limit) {
      this.reader = reader;
      this.limit = limit;
    }

    @Override
    public boolean hasNext() {
      return handedOut < limit && reader.hasNext();
    }

    @Override
    public Item next() {
      if (!hasNext()) {
        throw new NoSuchElementException(describe() + " has no more items");
      }
      handedOut++;
      return reader.next();
    }

    @Override
    public long expectedCount() {
      return Math.min(limit, reader.expectedCount());
    }

    @Override
    public String describe() {
      return reader.describe();
    }

    @Override
    public void close() {
      reader.close();
    }
  }
}
