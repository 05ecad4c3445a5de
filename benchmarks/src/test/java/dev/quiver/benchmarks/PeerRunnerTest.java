package dev.quiver.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every engine of {@link PeerRunner} returns the same top 10, in the same order, as Quiver's VectorStore on 500
 * seeded vectors and 5 queries: a peer that is fast because it answers something else is caught here, not in a
 * results table. sqlite-vec runs only when its binary was installed by {@code benchmarks/peers/install-sqlite-vec.sh}.
 */
class PeerRunnerTest {
  private static final int SIZE = 500;
  private static final int QUERIES = 5;

  @TempDir
  Path temp;

  private final float[][] vectors = PeerRunner.unitVectors(SIZE, PeerRunner.DATA_SEED);
  private final float[][] queries = PeerRunner.unitVectors(QUERIES, PeerRunner.QUERY_SEED);

  @Test
  void quiverScanOnOneThreadAndLangChain4jReturnTheSameTop10AsVectorStore() {
    try (PeerEngines.QuiverStore quiver = new PeerEngines.QuiverStore(vectors, temp.resolve("q.db"));
        PeerEngines.QuiverScanOneThread scan = new PeerEngines.QuiverScanOneThread(quiver.store(), SIZE);
        PeerEngines.LangChain4j lc4j = new PeerEngines.LangChain4j(vectors)) {
      int[][] reference = PeerRunner.answers(quiver, queries);
      for (int[] top : reference) {
        assertThat(top).hasSize(PeerEngines.K);
      }
      assertThat(reference[0]).isEqualTo(naiveTop10(queries[0]));
      assertThat(PeerRunner.answers(scan, queries)).isDeepEqualTo(reference);
      assertThat(PeerRunner.answers(lc4j, queries)).isDeepEqualTo(reference);
    }
  }

  @Test
  void theFacadeAndTheLangChain4jAdapterReturnTheSameTop10AsVectorStore() {
    try (PeerEngines.QuiverStore quiver = new PeerEngines.QuiverStore(vectors, temp.resolve("q.db"));
        PeerEngines.QuiverFacade facade = new PeerEngines.QuiverFacade(vectors, temp.resolve("f.db"));
        PeerEngines.QuiverLangChain4j adapter = new PeerEngines.QuiverLangChain4j(facade.quiver())) {
      int[][] reference = PeerRunner.answers(quiver, queries);
      assertThat(PeerRunner.answers(facade, queries)).isDeepEqualTo(reference);
      assertThat(PeerRunner.answers(adapter, queries)).isDeepEqualTo(reference);
    }
  }

  @Test
  void sqliteVecReturnsTheSameTop10AsVectorStore_skippedWhenVec0SoIsNotInstalled() {
    Path vec0 = PeerRunner.targetDirectory().resolve(PeerRunner.VEC0_IN_TARGET);
    assumeTrue(Files.isRegularFile(vec0), "sqlite-vec skipped: " + vec0
        + " not found; run benchmarks/peers/install-sqlite-vec.sh");
    try (PeerEngines.QuiverStore quiver = new PeerEngines.QuiverStore(vectors, temp.resolve("q.db"));
        PeerEngines.SqliteVec sqliteVec = new PeerEngines.SqliteVec(vectors, temp.resolve("v.db"), vec0)) {
      assertThat(PeerRunner.answers(sqliteVec, queries)).isDeepEqualTo(PeerRunner.answers(quiver, queries));
    }
  }

  /** The reference model: every score in double, sorted. */
  private int[] naiveTop10(float[] query) {
    Integer[] order = new Integer[SIZE];
    double[] scores = new double[SIZE];
    for (int i = 0; i < SIZE; i++) {
      order[i] = i;
      double dot = 0;
      double norm = 0;
      for (int d = 0; d < query.length; d++) {
        dot += (double) query[d] * vectors[i][d];
        norm += (double) vectors[i][d] * vectors[i][d];
      }
      scores[i] = dot / Math.sqrt(norm);
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
    int[] top = new int[PeerEngines.K];
    for (int i = 0; i < top.length; i++) {
      top[i] = order[i];
    }
    return top;
  }
}
