package dev.quiver.benchmarks;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.langchain4j.QuiverEmbeddingStore;
import dev.quiver.internal.memory.Arena;
import dev.quiver.internal.memory.Snapshot;
import dev.quiver.internal.search.ExactScan;
import dev.quiver.internal.storefile.StoreOptions;
import dev.quiver.internal.store.VectorHit;
import dev.quiver.internal.store.VectorStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.sqlite.SQLiteConfig;

/**
 * The engines {@link PeerRunner} compares. Each is built from the same input vectors (never timed) and answers
 * exact top-{@value #K} cosine queries with the input indices of its hits, best first. Turning a hit back
 * into an index (parsing an id, reading a rowid) is part of every engine's timed search, as it would be for a
 * caller.
 */
final class PeerEngines {
  static final int K = 10;
  /** Rows per write transaction while building a store; not timed. */
  static final int BUILD_BATCH = 10_000;

  private PeerEngines() {}

  /** One engine under test. */
  interface Engine extends AutoCloseable {
    String name();

    /** The indices of the {@value #K} inputs most similar to {@code query}, best first. */
    int[] search(float[] query);

    @Override
    void close();
  }

  /** Hands {@code vectors} to {@code write} as items {@code v0, v1, ...} in batches of {@value #BUILD_BATCH}. */
  static void inBatches(float[][] vectors, BiConsumer<List<Item>, List<float[]>> write) {
    for (int from = 0; from < vectors.length; from += BUILD_BATCH) {
      int to = Math.min(vectors.length, from + BUILD_BATCH);
      List<Item> items = new ArrayList<>(to - from);
      List<float[]> batch = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        items.add(Item.of(id(i), null, Map.of()));
        batch.add(vectors[i]);
      }
      write.accept(items, batch);
    }
  }

  /** The top {@code K} of a LangChain4j store, every score kept ({@code minScore(0.0)}). */
  static int[] searchLangChain4j(EmbeddingStore<TextSegment> store, float[] query) {
    return indexes(store.search(EmbeddingSearchRequest.builder().queryEmbedding(Embedding.from(query))
        .maxResults(K).minScore(0.0).build()).matches().stream().map(EmbeddingMatch::embeddingId).toList());
  }

  /** The vector indexes that hit ids name. */
  static int[] indexes(List<String> ids) {
    return ids.stream().mapToInt(PeerEngines::index).toArray();
  }

  /**
   * Quiver's public API: a {@link VectorStore} file filled with {@code upsertAll} in batches of
   * {@value #BUILD_BATCH}, searched with {@code search(query, 10, Filter.all())}, which shares scans of 131,072
   * vectors or more among all cores.
   */
  static final class QuiverStore implements Engine {
    private final VectorStore store;

    QuiverStore(float[][] vectors, Path file) {
      store = VectorStore.open(file, StoreOptions.of(vectors[0].length, Metric.COSINE));
      inBatches(vectors, store::upsertAll);
    }

    VectorStore store() {
      return store;
    }

    @Override
    public String name() {
      return "Quiver VectorStore.search";
    }

    @Override
    public int[] search(float[] query) {
      return indexes(store.search(query, K, Filter.all()).stream().map(VectorHit::id).toList());
    }

    @Override
    public void close() {
      store.close();
    }
  }

  /**
   * Quiver's public facade: a vector-only {@link Quiver} (no embedder, no keyword index, the caller's vectors)
   * on a temp store filled by {@code index(items, vectors)} in batches of {@value #BUILD_BATCH}, searched with
   * {@code search(SearchRequest.of(query).mode(VECTOR).limit(10))}. The native API the LangChain4j adapter is
   * measured against, on the same open store.
   */
  static final class QuiverFacade implements Engine {
    private final Quiver quiver;

    QuiverFacade(float[][] vectors, Path file) {
      quiver = Quiver.open(file, QuiverOptions.builder().dimensions(vectors[0].length).metric(Metric.COSINE)
          .build());
      inBatches(vectors, quiver::index);
    }

    Quiver quiver() {
      return quiver;
    }

    @Override
    public String name() {
      return "Quiver.search (public API)";
    }

    @Override
    public int[] search(float[] query) {
      return indexes(quiver.search(SearchRequest.of(query).mode(SearchMode.VECTOR).limit(K)).hits().stream()
          .map(Hit::id).toList());
    }

    @Override
    public void close() {
      quiver.close();
    }
  }

  /**
   * Quiver through its LangChain4j adapter: {@link QuiverEmbeddingStore} over the {@link QuiverFacade}'s open
   * store, searched exactly as {@link LangChain4j} is ({@code maxResults(10).minScore(0.0)}), so the adapter's
   * own work (the request and filter mapping, a stored vector and a relevance score per match) is the only
   * difference from the facade.
   */
  static final class QuiverLangChain4j implements Engine {
    private final QuiverEmbeddingStore store;

    QuiverLangChain4j(Quiver quiver) {
      store = QuiverEmbeddingStore.of(quiver);
    }

    @Override
    public String name() {
      return "Quiver via QuiverEmbeddingStore";
    }

    @Override
    public int[] search(float[] query) {
      return searchLangChain4j(store, query);
    }

    @Override
    public void close() {} // the facade closes the store
  }

  /**
   * Quiver's scan on the caller's thread alone: {@code ExactScan.search(snapshot, ..., threads = 1)}. The store
   * does not hand out its snapshot, so this builds an arena of its own from the vectors the store holds
   * ({@link VectorStore#vector}), bit for bit the store's normalised copies. The query is normalised here
   * exactly as the store does it, inside the timed call.
   */
  static final class QuiverScanOneThread implements Engine {
    private final Snapshot snapshot;

    QuiverScanOneThread(VectorStore store, int size) {
      Arena arena = new Arena(store.dimensions());
      Arena.Batch batch = arena.begin();
      for (int i = 0; i < size; i++) {
        String id = id(i);
        batch.upsert(Item.of(id, null, Map.of()), store.vector(id).orElseThrow());
      }
      batch.publish(size);
      snapshot = arena.snapshot();
    }

    @Override
    public String name() {
      return "Quiver ExactScan, 1 thread";
    }

    @Override
    public int[] search(float[] query) {
      ExactScan.Result result = ExactScan.search(snapshot, normalised(query), K, Filter.all(), Metric.COSINE, 1);
      int[] out = new int[result.count()];
      for (int i = 0; i < out.length; i++) {
        out[i] = index(snapshot.record(result.ordinals()[i]).item().id());
      }
      return out;
    }

    @Override
    public void close() {}

    /** The same arithmetic as VectorStore's private prepare(): a double norm, one float scale. */
    private static float[] normalised(float[] v) {
      double norm = 0;
      for (float x : v) {
        norm += (double) x * x;
      }
      float scale = (float) (1 / Math.sqrt(norm));
      float[] copy = v.clone();
      for (int i = 0; i < copy.length; i++) {
        copy[i] *= scale;
      }
      return copy;
    }
  }

  /**
   * LangChain4j's {@code InMemoryEmbeddingStore<TextSegment>}. {@code minScore(0.0)} keeps every item: its
   * score is the relevance {@code (cosine + 1) / 2}, which is never below 0.
   */
  static final class LangChain4j implements Engine {
    private final InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();

    LangChain4j(float[][] vectors) {
      for (int i = 0; i < vectors.length; i++) {
        store.add(id(i), Embedding.from(vectors[i]));
      }
    }

    @Override
    public String name() {
      return "LangChain4j InMemoryEmbeddingStore";
    }

    @Override
    public int[] search(float[] query) {
      return searchLangChain4j(store, query);
    }

    @Override
    public void close() {}
  }

  /**
   * sqlite-vec's {@code vec0} virtual table with {@code embedding float[N] distance_metric=cosine} in a SQLite
   * file (default pragmas, as a server would open it), loaded into sqlite-jdbc's SQLite. Rows are inserted
   * with rowid = input index and the vector as a little-endian float32 blob; the query is
   * {@code WHERE embedding MATCH ? AND k = 10 ORDER BY distance} on one prepared statement.
   */
  static final class SqliteVec implements Engine {
    private final Connection connection;
    private final PreparedStatement query;
    private final ByteBuffer blob;
    private final String versions;

    SqliteVec(float[][] vectors, Path file, Path extension) {
      int dims = vectors[0].length;
      blob = ByteBuffer.allocate(4 * dims).order(ByteOrder.LITTLE_ENDIAN);
      try {
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(true);
        connection = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
        try (PreparedStatement load = connection.prepareStatement("SELECT load_extension(?)")) {
          load.setString(1, extension.toString());
          load.executeQuery().close();
        }
        try (Statement s = connection.createStatement()) {
          s.execute("CREATE VIRTUAL TABLE vectors USING vec0(embedding float[" + dims + "] distance_metric=cosine)");
          try (ResultSet r = s.executeQuery("SELECT vec_version(), sqlite_version()")) {
            r.next();
            versions = "sqlite-vec " + r.getString(1) + " on SQLite " + r.getString(2);
          }
        }
        connection.setAutoCommit(false);
        try (PreparedStatement insert =
            connection.prepareStatement("INSERT INTO vectors(rowid, embedding) VALUES (?, ?)")) {
          for (int i = 0; i < vectors.length; i++) {
            insert.setLong(1, i);
            insert.setBytes(2, toBlob(vectors[i]));
            insert.executeUpdate();
            if ((i + 1) % BUILD_BATCH == 0) {
              connection.commit();
            }
          }
        }
        connection.commit();
        connection.setAutoCommit(true);
        query = connection.prepareStatement(
            "SELECT rowid FROM vectors WHERE embedding MATCH ? AND k = " + K + " ORDER BY distance");
      } catch (SQLException e) {
        throw new IllegalStateException("sqlite-vec from " + extension + " on " + file + ": " + e.getMessage(), e);
      }
    }

    /** e.g. "sqlite-vec v0.1.9 on SQLite 3.50.1". */
    String versions() {
      return versions;
    }

    @Override
    public String name() {
      return "sqlite-vec vec0";
    }

    @Override
    public int[] search(float[] q) {
      try {
        query.setBytes(1, toBlob(q));
        int[] out = new int[K];
        int n = 0;
        try (ResultSet r = query.executeQuery()) {
          while (r.next()) {
            out[n++] = (int) r.getLong(1);
          }
        }
        return n == K ? out : java.util.Arrays.copyOf(out, n);
      } catch (SQLException e) {
        throw new IllegalStateException("sqlite-vec query failed: " + e.getMessage(), e);
      }
    }

    private byte[] toBlob(float[] v) {
      blob.clear();
      blob.asFloatBuffer().put(v);
      return blob.array().clone();
    }

    @Override
    public void close() {
      try {
        query.close();
        connection.close();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static String id(int index) {
    return "doc:" + index;
  }

  static int index(String id) {
    return Integer.parseInt(id, 4, id.length(), 10);
  }

  /** Deletes a SQLite file and its journal or WAL companions, if any. */
  static void deleteDatabase(Path file) {
    for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
      try {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
      } catch (java.io.IOException e) {
        // A temp file left behind is not worth failing a benchmark for.
      }
    }
  }
}
