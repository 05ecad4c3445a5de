package dev.quiver.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.Filter;
import dev.quiver.Metric;
import dev.quiver.internal.store.VectorHit;
import dev.quiver.internal.store.VectorStore;
import dev.quiver.internal.storefile.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's logic on a real 500-vector store, with no time in any assertion: a zero-length window with a
 * minimum per thread makes the query counts exact, every thread's queries are recorded, the check under load
 * finds no difference on a correct store and finds a planted one, and the CSV round-trips.
 */
class ClosedLoopTest {
  private static final int SIZE = 500;

  @TempDir
  Path temp;

  @Test
  void everyClientRunsItsMinimumAndEveryMeasuredQueryIsRecordedOnce() {
    float[][] vectors = PeerRunner.unitVectors(SIZE, PeerRunner.DATA_SEED);
    float[][] queries = PeerRunner.unitVectors(8, PeerRunner.QUERY_SEED);
    try (PeerEngines.QuiverStore quiver = new PeerEngines.QuiverStore(vectors, temp.resolve("q.db"))) {
      VectorStore store = quiver.store();
      Map<Integer, AtomicInteger> perThread = new ConcurrentHashMap<>();
      ClosedLoop.Point p = ClosedLoop.run("exact", SIZE, 4, 0, 0, 25, (thread, sequence) -> {
        perThread.computeIfAbsent(thread, t -> new AtomicInteger()).incrementAndGet();
        return store.search(queries[ClosedLoop.queryIndex(thread, sequence, queries.length)], 10, Filter.all())
            .size();
      });
      assertThat(p.threads()).isEqualTo(4);
      assertThat(p.queries()).isEqualTo(100);
      assertThat(p.latencies().getTotalCount()).isEqualTo(100);
      assertThat(perThread).hasSize(4);
      perThread.values().forEach(count -> assertThat(count.get()).isEqualTo(25));
      assertThat(p.seconds()).isPositive();
      assertThat(p.queriesPerSecond()).isEqualTo(100 / p.seconds());
      assertThat(p.percentileMillis(50)).isLessThanOrEqualTo(p.percentileMillis(99));
      assertThat(p.percentileMillis(99)).isLessThanOrEqualTo(p.maxMillis());
    }
  }

  @Test
  void concurrentSearchesOfTheStoreAgreeWithTheOneThreadAnswers() {
    float[][] vectors = PeerRunner.unitVectors(SIZE, PeerRunner.DATA_SEED);
    float[][] queries = PeerRunner.unitVectors(16, PeerRunner.QUERY_SEED);
    try (PeerEngines.QuiverStore quiver = new PeerEngines.QuiverStore(vectors, temp.resolve("q.db"))) {
      List<List<String>> reference = new ArrayList<>();
      for (float[] q : queries) {
        reference.add(ids(quiver.store().search(q, 10, Filter.all())));
      }
      assertThat(ClosedLoop.disagreements(8, reference, q -> ids(quiver.store().search(queries[q], 10,
          Filter.all())))).isZero();
      // an answer that is wrong for one query is counted once per thread
      assertThat(ClosedLoop.disagreements(8, reference, q -> q == 3 ? List.of("wrong")
          : ids(quiver.store().search(queries[q], 10, Filter.all())))).isEqualTo(8);
    }
  }

  @Test
  void aFailingQueryStopsTheRunWithItsCauseInsteadOfHangingTheOtherClients() {
    assertThatThrownBy(() -> ClosedLoop.run("failing", 1, 4, 0, 0, 3, (thread, sequence) -> {
      if (thread == 2) {
        throw new IllegalStateException("store closed");
      }
      return 0;
    })).isInstanceOf(IllegalStateException.class).hasMessageContaining("failing at 1 with 4 threads")
        .hasRootCauseMessage("store closed");
  }

  @Test
  void threadsStartFarApartInTheQueryRotation() {
    assertThat(ClosedLoop.queryIndex(0, 0, 64)).isZero();
    assertThat(ClosedLoop.queryIndex(0, 65, 64)).isEqualTo(1);
    assertThat(ClosedLoop.queryIndex(1, 0, 64)).isEqualTo(7_919 % 64);
  }

  @Test
  void theRunnersCsvReadsBackWithItsMetadataAndEveryPoint() throws Exception {
    ClosedLoop.Point p = ClosedLoop.run("hybrid, query vector given", 10, 2, 0, 0, 5, (thread, sequence) -> 1);
    Map<String, String> metadata = ConcurrencyRunner.metadata(temp);
    ResultCsv written = ConcurrencyRunner.csv(metadata, List.of(p), List.of(1.5));
    Path file = temp.resolve("concurrency.csv");
    written.write(file);
    ResultCsv read = ResultCsv.read(file);
    assertThat(read.header()).isEqualTo(ConcurrencyRunner.HEADER);
    assertThat(read.column("workload")).containsExactly("hybrid, query vector given");
    assertThat(read.column("queries")).containsExactly("10");
    assertThat(read.column("load1")).containsExactly("1.50");
    assertThat(read.meta("jdk", "")).isEqualTo(metadata.get("jdk"));
    assertThat(read.metadata()).containsOnlyKeys(metadata.keySet());
  }

  @Test
  void aCsvRowWithTheWrongFieldCountIsRefusedNamingTheFileAndLine() throws Exception {
    Path file = temp.resolve("bad.csv");
    java.nio.file.Files.writeString(file, "# jdk: 17\na,b,c\n1,2,3\n1,2\n");
    assertThatThrownBy(() -> ResultCsv.read(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file + " line 4").hasMessageContaining("expected 3 fields").hasMessageContaining("found 2");
  }

  private static List<String> ids(List<VectorHit> hits) {
    return hits.stream().map(VectorHit::id).toList();
  }
}
