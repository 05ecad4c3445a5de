package dev.quiver.benchmarks;

import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.keyword.LuceneKeywordIndex;
import dev.quiver.server.QuiverClient;
import dev.quiver.server.QuiverServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What asking the owning process costs: one search on a real store (SQLite file, Lucene index) in process, and the
 * same search through {@link QuiverServer} and {@link QuiverClient} over loopback, which adds the JSON of the
 * request and the result, one HTTP exchange and the token check. The query brings its own vector, so no embedder
 * runs on either path; the keyword variant searches text only.
 *
 * <p>Run: {@code benchmarks/run-jmh.sh -n server ServerBenchmark}. Warm-up 3 x 2 s compiles the scan and Jackson's
 * writers and readers on both paths; the store is built once per trial in a temporary directory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xmx1g"})
public class ServerBenchmark {
  static final int DIMENSIONS = 384;
  private static final String[] WORDS = {"deploy", "release", "database", "migration", "tonight", "rollback",
      "incident", "review", "schedule", "outage"};

  @Param({"10000"})
  int size;

  @Param({"VECTOR", "KEYWORD"})
  SearchMode mode;

  private Path dir;
  private Quiver quiver;
  private QuiverServer server;
  private QuiverClient client;
  private SearchRequest request;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("quiver-server-bench");
    Path store = dir.resolve("bench.quiver");
    quiver = Quiver.open(store, QuiverOptions.builder().dimensions(DIMENSIONS).modelId("random")
        .keywordIndex(LuceneKeywordIndex.factory()).build());
    SplittableRandom random = new SplittableRandom(42);
    for (int first = 0; first < size; first += 1000) {
      List<Item> items = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      for (int i = first; i < Math.min(size, first + 1000); i++) {
        items.add(Item.of("doc:" + i, WORDS[i % WORDS.length] + " " + WORDS[(i / 10) % WORDS.length] + " note " + i,
            Map.of("room", i % 10 == 0 ? "ops" : "dev")));
        vectors.add(SearchBenchmark.unitVector(random));
      }
      quiver.index(items, vectors);
    }
    server = QuiverServer.start(quiver);
    client = QuiverClient.connect(store);
    request = mode == SearchMode.KEYWORD ? SearchRequest.of("database migration").mode(SearchMode.KEYWORD)
        : SearchRequest.of(SearchBenchmark.unitVector(random));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    server.close();
    quiver.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Benchmark
  public SearchResult inProcess() {
    return quiver.search(request);
  }

  @Benchmark
  public SearchResult throughServer() {
    return client.search(request);
  }
}
