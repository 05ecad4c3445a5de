package dev.quiver.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.SearchMode;
import dev.quiver.SearchResult;
import org.junit.jupiter.api.Test;

/** Both variants of {@link ServerBenchmark} answer the same search with the same hits. */
class ServerBenchmarkTest {
  @Test
  void inProcessAndThroughTheServerReturnTheSameHits() throws Exception {
    for (SearchMode mode : new SearchMode[] {SearchMode.VECTOR, SearchMode.KEYWORD}) {
      ServerBenchmark benchmark = new ServerBenchmark();
      benchmark.size = 2_500;
      benchmark.mode = mode;
      benchmark.setUp();
      try {
        SearchResult local = benchmark.inProcess();
        SearchResult remote = benchmark.throughServer();
        assertThat(local.hits()).as(mode.name()).hasSize(10);
        assertThat(remote.hits()).isEqualTo(local.hits());
      } finally {
        benchmark.tearDown();
      }
    }
  }
}
