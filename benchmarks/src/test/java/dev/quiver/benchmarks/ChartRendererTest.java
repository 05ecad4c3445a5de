package dev.quiver.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every chart renders to a PNG of its panels' size from small inputs in the runners' formats: JMH's JSON and
 * the peers, scale and concurrency CSVs (the last written by {@link ConcurrencyRunner#csv} itself), with a
 * footnote strip under the panels. A file that is not JMH's JSON is refused, naming it.
 */
class ChartRendererTest {
  @TempDir
  Path temp;

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  @Test
  void everyChartIsWrittenWithItsPanelsAndAFootnote() throws Exception {
    Path results = Files.createDirectories(temp.resolve("results"));
    Files.writeString(results.resolve("search-codes-jdk17.json"), "[" + jmhRun("simd", 1375, 36.6) + ","
        + jmhRun("simd", 100000, 2900) + "]");
    Files.writeString(results.resolve("peers-jdk17.csv"), """
        # jdk: Debian 17.0.15+6
        # cpu: test CPU
        # commit: abc1234
        vectors,engine,median_ms,p10_ms,p90_ms,agreement
        1375,Quiver VectorStore.search,0.045,0.043,0.048,(the reference)
        1375,"Quiver ExactScan, 1 thread",0.042,0.040,0.047,50/50 identical
        100000,Quiver VectorStore.search,3.79,3.66,4.29,(the reference)
        100000,LangChain4j InMemoryEmbeddingStore,,,,not run above --lc4j-max 1000
        """);
    Files.writeString(results.resolve("scale-jdk25.csv"), """
        # jdk: Eclipse Adoptium 25.0.3+9-LTS
        build,vectors,open_wall_s,open_cpu_s,heap_ratio,heap_mb,backfill_per_s
        before,100000,4.32,4.10,1.65,253,17408
        after,100000,8.06,3.72,1.48,227,
        """);
    ClosedLoop.Point p = ClosedLoop.run(ConcurrencyRunner.EXACT, 100, 2, 0, 0, 3, (thread, sequence) -> 1);
    ClosedLoop.Point q = ClosedLoop.run(ConcurrencyRunner.EXACT, 100, 4, 0, 0, 3, (thread, sequence) -> 1);
    ConcurrencyRunner.csv(Map.of("jdk", "Debian 17.0.15+6"), List.of(p, q), List.of(1.0, 2.0))
        .write(results.resolve("concurrency-jdk17.csv"));

    Path charts = temp.resolve("charts");
    List<Path> written = ChartRenderer.renderAll(results, charts);

    assertThat(written).extracting(f -> f.getFileName().toString())
        .containsExactly("search-jmh.png", "peers.png", "scale.png", "concurrency-jdk17.png");
    assertPanels(charts.resolve("search-jmh.png"), 1);
    assertPanels(charts.resolve("peers.png"), 1);
    assertPanels(charts.resolve("scale.png"), 4);
    assertPanels(charts.resolve("concurrency-jdk17.png"), 2);
  }

  @Test
  void peerRunnersOwnCsvFeedsThePeersChart() throws Exception {
    PeerRunner.Agreement same = new PeerRunner.Agreement(3, 3, 3, 30);
    List<PeerRunner.Row> rows = List.of(
        new PeerRunner.Row(1375, "Quiver VectorStore.search", new double[] {40_000, 45_000, 50_000}, same, null),
        new PeerRunner.Row(1375, "sqlite-vec vec0", new double[] {900_000, 936_000, 990_000}, same, null),
        new PeerRunner.Row(1375, "LangChain4j InMemoryEmbeddingStore", null, null, "not run above --lc4j-max 1"));
    Path csv = temp.resolve("peers-jdk17.csv");
    PeerRunner.csv(rows, null, temp).write(csv);

    ResultCsv read = ResultCsv.read(csv);
    assertThat(read.column("median_ms")).containsExactly("0.0450", "0.9360", "");
    assertThat(read.column("agreement")).containsExactly("(the reference)", "3/3 identical",
        "not run above --lc4j-max 1");
    assertPanels(ChartRenderer.peers(List.of(csv), temp.resolve("peers.png")), 1);
  }

  @Test
  void aJsonFileThatIsNotJmhsIsRefusedNamingIt() throws Exception {
    Path file = temp.resolve("search-codes-jdk17.json");
    Files.writeString(file, "{\"benchmark\": \"x\"}");
    assertThatThrownBy(() -> ChartRenderer.searchJmh(List.of(file), temp.resolve("out.png")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString())
        .hasMessageContaining("expected JMH's JSON");
  }

  private static void assertPanels(Path png, int panels) throws Exception {
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as(png.toString()).isNotNull();
    assertThat(image.getWidth()).isEqualTo(panels * ChartRenderer.PANEL_WIDTH);
    assertThat(image.getHeight()).isGreaterThan(ChartRenderer.PANEL_HEIGHT); // the footnote strip
  }

  private static String jmhRun(String method, int size, double microseconds) {
    return """
        {"jmhVersion": "1.37", "benchmark": "dev.quiver.benchmarks.SearchBenchmark.%s", "forks": 1,
          "jdkVersion": "17.0.15", "vmName": "OpenJDK 64-Bit Server VM", "jvmArgs": ["-Xmx6g"],
          "warmupIterations": 2, "warmupTime": "1 s", "measurementIterations": 5, "measurementTime": "1 s",
          "params": {"filtered": "false", "size": "%d"},
          "primaryMetric": {"score": %s, "scoreUnit": "us/op"}}
        """.formatted(method, size, microseconds);
  }
}
