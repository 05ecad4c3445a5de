package dev.quiver.reliability;

import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The store every malformed-file case starts from, and what it must hold: a real Quiver store (HashingEmbedder,
 * Lucene keyword index) written in several batches, with updates and deletions, so its file has many pages,
 * overflow pages, a deletions table and free space. Beside it, in {@code artifacts/}, the files the journal
 * cases put next to a copy: backups of older states, this store's WAL at two moments, another SQLite
 * database's WAL and hot journal, and another Quiver store's WAL and file.
 *
 * <p>The expected content is kept as a model built from the same operations ({@link #expected}); building
 * checks that the store agrees with it, so every case compares against data known independently of the file.
 */
final class BaseStore {
  static final String STORE = "chat.quiver";
  static final int BATCH = 100;
  static final int BATCHES = 3;
  static final int DELETED = 30;
  static final int UPDATED = 20;

  final Path template;
  final Path artifacts;
  /** The live items, by id. */
  final Map<String, Item> expected;
  /** Each item's vector as the base store holds it ({@code null} for items without text). */
  final Map<String, float[]> vectors = new TreeMap<>();
  /** A few searches and the ids the base store answers, in order. */
  final Map<SearchRequest, List<String>> searches = new LinkedHashMap<>();
  /**
   * The same searches on the base store rebuilt from {@link #expected}: what a healed store answers. BM25
   * statistics count the deleted documents of an index until they are merged away, so a keyword index
   * built afresh ranks some ties differently from the one that saw the deletions.
   */
  final Map<SearchRequest, List<String>> rebuiltSearches = new LinkedHashMap<>();
  final int pageSize;
  final long fileLength;

  private BaseStore(Path template, Path artifacts, Map<String, Item> expected, int pageSize, long fileLength) {
    this.template = template;
    this.artifacts = artifacts;
    this.expected = expected;
    this.pageSize = pageSize;
    this.fileLength = fileLength;
  }

  Path templateFile() {
    return template.resolve(STORE);
  }

  List<Item> expectedItems() {
    return new ArrayList<>(expected.values());
  }

  /** Builds the template store and the artifacts under {@code root}. */
  static BaseStore build(Path root) throws Exception {
    Path template = Files.createDirectories(root.resolve("template"));
    Path artifacts = Files.createDirectories(root.resolve("artifacts"));
    Path file = template.resolve(STORE);
    Map<String, Item> model = new TreeMap<>();

    try (Quiver quiver = Stores.open(file)) {
      index(quiver, model, items(0, BATCH));
    }
    Files.copy(file, artifacts.resolve("backup-1.quiver"));
    try (Quiver quiver = Stores.open(file)) {
      index(quiver, model, items(BATCH, 2 * BATCH));
    }
    Files.copy(file, artifacts.resolve("backup-2.quiver"));
    Path wal = template.resolve(STORE + "-wal");
    try (Quiver quiver = Stores.open(file)) {
      index(quiver, model, items(2 * BATCH, BATCHES * BATCH));
      Files.copy(wal, artifacts.resolve("own-after-batch-3.wal"));
      for (int i = 0; i < DELETED; i++) {
        String id = id(i * 7 % (BATCHES * BATCH));
        if (model.remove(id) != null) {
          quiver.delete(id);
        }
      }
      List<Item> updates = new ArrayList<>();
      for (int i = 0; i < UPDATED; i++) {
        Item old = model.get(id(i * 11 + 3));
        if (old != null) {
          updates.add(new Item(old.id(), old.text() + " (edited " + i + ")", Map.of("room", "ops", "edited",
              "yes"), old.timestamp() == null ? null : old.timestamp() + 1));
        }
      }
      index(quiver, model, updates);
      Files.copy(wal, artifacts.resolve("own-final.wal"));
    }
    Files.deleteIfExists(template.resolve(STORE + "-owner"));
    if (Files.exists(wal)) {
      throw new IllegalStateException("closing the base store left " + wal);
    }

    otherSqliteDatabase(artifacts);
    otherQuiverStore(artifacts);

    byte[] header = Files.readAllBytes(file);
    int raw = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
    BaseStore base = new BaseStore(template, artifacts, model, raw == 1 ? 65536 : raw, Files.size(file));
    base.recordAndCheck();
    base.recordRebuilt(root.resolve("rebuilt"));
    return base;
  }

  private static void index(Quiver quiver, Map<String, Item> model, List<Item> items) {
    quiver.index(items);
    for (Item item : items) {
      model.put(item.id(), item);
    }
  }

  static String id(int i) {
    return "msg:" + i;
  }

  /**
   * Items of every shape a chat server writes: two rooms and authors, unicode, long texts that spill into
   * overflow pages, a few without text (stored without a vector) and a few without a timestamp.
   */
  private static List<Item> items(int from, int to) {
    List<Item> items = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String text;
      if (i % 97 == 13) {
        text = null;
      } else if (i % 41 == 5) {
        text = ("long message " + i + " about the zeppelin hangar, repeated; ").repeat(150);
      } else {
        text = "message " + i + " about the zeppelin hangar topic " + (i % 5) + (i % 3 == 0 ? " — größe ✓" : "");
      }
      Map<String, Object> attributes = i % 10 == 9 ? Map.of()
          : Map.of("room", i % 2 == 0 ? "ops" : "dev", "author", "user-" + (i % 7));
      Long ts = i % 23 == 7 ? null : 1_700_000_000_000L + i * 1_000L;
      items.add(new Item(id(i), text, attributes, ts));
    }
    return items;
  }

  /** Another application's database in WAL mode, its WAL left beside it, and a copy of its hot journal. */
  private static void otherSqliteDatabase(Path artifacts) throws Exception {
    Path db = artifacts.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA wal_autocheckpoint=0");
      s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
      for (int i = 0; i < 50; i++) {
        s.execute("INSERT INTO users (name) VALUES ('user " + i + "')");
      }
      Files.copy(artifacts.resolve("app.db-wal"), artifacts.resolve("app.wal"));
    }
    Path rollback = artifacts.resolve("rollback.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + rollback); Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=DELETE");
      s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
      for (int i = 0; i < 300; i++) {
        s.execute("INSERT INTO users (name) VALUES ('user " + i + " " + "x".repeat(100) + "')");
      }
      s.execute("PRAGMA cache_size=1"); // spills, so the journal is on disk mid-transaction
      s.execute("BEGIN IMMEDIATE");
      s.execute("UPDATE users SET name = 'changed ' || id");
      Files.copy(artifacts.resolve("rollback.db-journal"), artifacts.resolve("app.hot-journal"));
      s.execute("ROLLBACK");
    }
  }

  /** Another Quiver store (same embedder, other items): its WAL taken while open, and its file. */
  private static void otherQuiverStore(Path artifacts) throws IOException {
    Path dir = Files.createDirectories(artifacts.resolve("other"));
    Path file = dir.resolve("other.quiver");
    try (Quiver other = Stores.open(file)) {
      other.index(List.of(Item.of("seed", "first")));
    }
    try (Quiver other = Stores.open(file)) {
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        items.add(Item.of("other:" + i, "another store's message " + i));
      }
      other.index(items);
      Files.copy(dir.resolve("other.quiver-wal"), artifacts.resolve("other-quiver.wal"));
    }
    Files.copy(file, artifacts.resolve("other.quiver"));
  }

  /** Records vectors and search answers from the built store, checking it holds exactly the model. */
  private void recordAndCheck() {
    searches.put(SearchRequest.of("zeppelin hangar topic 3").limit(25), List.of());
    searches.put(SearchRequest.of("message 42 about").mode(SearchMode.VECTOR).limit(15), List.of());
    searches.put(SearchRequest.of("größe edited").mode(SearchMode.KEYWORD).limit(30), List.of());
    searches.put(SearchRequest.of("long message hangar").filter(Filter.eq("room", "dev")).limit(20), List.of());
    try (Quiver quiver = Stores.open(templateFile())) {
      Map<String, Item> stored = new TreeMap<>();
      quiver.forEach((item, vector) -> {
        stored.put(item.id(), item);
        vectors.put(item.id(), vector);
      });
      if (!stored.equals(expected) || quiver.count() != expected.size() || !quiver.verify().isEmpty()) {
        throw new IllegalStateException("the base store does not hold what was written: " + quiver.verify());
      }
      for (SearchRequest request : searches.keySet()) {
        List<String> ids = quiver.search(request).hits().stream().map(Hit::id).toList();
        if (ids.isEmpty()) {
          throw new IllegalStateException("search " + request + " finds nothing in the base store");
        }
        searches.put(request, ids);
      }
    }
    try {
      Files.deleteIfExists(template.resolve(STORE + "-owner"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Records {@link #rebuiltSearches} from a copy of the template rebuilt from the expected items. */
  private void recordRebuilt(Path dir) throws IOException {
    copyTo(dir);
    try (Quiver quiver = Stores.open(dir.resolve(STORE))) {
      quiver.rebuild(expectedItems().iterator(), expected.size(), null);
      for (SearchRequest request : searches.keySet()) {
        rebuiltSearches.put(request, quiver.search(request).hits().stream().map(Hit::id).toList());
      }
    }
    deleteTree(dir);
  }

  /** Copies the template into {@code to} (which must not exist). */
  void copyTo(Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(template)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(template.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
