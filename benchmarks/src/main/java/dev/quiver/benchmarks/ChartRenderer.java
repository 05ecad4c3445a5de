package dev.quiver.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.datasets.InputException;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Renders the benchmark results to PNG charts, each a row of panels with a footnote under them (JDK, CPU,
 * flags, commit, load, and the files it was drawn from). Reads JMH's JSON and the runners' CSV files
 * ({@link ResultCsv}), never their Markdown.
 *
 * <ul>
 *   <li>{@code search-jmh.png}: {@code SearchBenchmark} time per search against vectors, log-log, one panel per JDK
 *       ({@code search-codes-jdk17.json}, {@code -jdk25.json});
 *   <li>{@code peers.png}: median time per query of each engine against vectors, log-log, one panel per JDK
 *       ({@code peers-jdk17.csv}, {@code -jdk25.csv});
 *   <li>{@code scale.png}: open time, heap per raw float byte and backfill rate, before and after, with targets
 *       ({@code scale-jdk17.csv}, {@code -jdk25.csv});
 *   <li>{@code concurrency-jdkN.png}: queries/s and p99 latency against client threads
 *       ({@code concurrency-jdkN.csv}).
 * </ul>
 *
 * <p>Run: {@code benchmarks/run-charts.sh [--results DIR] [--out DIR]} (defaults benchmarks/results and
 * benchmarks/results/charts). A chart whose inputs are missing is skipped with a line on stderr.
 */
public final class ChartRenderer {
  static final int PANEL_WIDTH = 620;
  static final int PANEL_HEIGHT = 440;
  private static final int FOOT_LINE = 17;

  private ChartRenderer() {}

  public static void main(String[] args) throws IOException {
    Path results = Path.of("benchmarks/results");
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--results" -> results = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; expected --results or --out");
      }
    }
    List<Path> written = renderAll(results, out == null ? results.resolve("charts") : out);
    written.forEach(p -> System.out.println("wrote " + p));
  }

  /** Renders every chart whose inputs are in {@code results}; returns the files written. */
  static List<Path> renderAll(Path results, Path out) throws IOException {
    Files.createDirectories(out);
    List<Path> written = new ArrayList<>();
    List<Integer> jdks = List.of(17, 25);
    List<Path> jmh = existing(results, "search-codes-jdk%d.json", jdks);
    if (!jmh.isEmpty()) {
      written.add(searchJmh(jmh, out.resolve("search-jmh.png")));
    }
    List<Path> peers = existing(results, "peers-jdk%d.csv", jdks);
    if (!peers.isEmpty()) {
      written.add(peers(peers, out.resolve("peers.png")));
    }
    List<Path> scale = existing(results, "scale-jdk%d.csv", jdks);
    if (!scale.isEmpty()) {
      written.add(scale(scale, out.resolve("scale.png")));
    }
    for (Path csv : existing(results, "concurrency-jdk%d.csv", jdks)) {
      String name = csv.getFileName().toString().replace(".csv", ".png");
      written.add(concurrency(csv, out.resolve(name)));
    }
    return written;
  }

  private static List<Path> existing(Path dir, String pattern, List<Integer> jdks) {
    List<Path> found = new ArrayList<>();
    for (int jdk : jdks) {
      Path p = dir.resolve(String.format(Locale.ROOT, pattern, jdk));
      if (Files.isRegularFile(p)) {
        found.add(p);
      } else {
        System.err.println("ChartRenderer: no " + p + "; its chart leaves it out");
      }
    }
    return found;
  }

  // ---- SearchBenchmark (JMH JSON) ------------------------------------------------------------------------------

  private static final Map<String, String> JMH_SERIES = new LinkedHashMap<>();

  static {
    JMH_SERIES.put("simd", "search, SIMD, 1 thread");
    JMH_SERIES.put("simdAllCores", "search, SIMD, all cores");
    JMH_SERIES.put("scalar", "search, scalar, 1 thread");
    JMH_SERIES.put("codesKernelOnly", "code kernel alone");
    JMH_SERIES.put("kernelOnly", "float kernel alone");
  }

  static Path searchJmh(List<Path> files, Path png) throws IOException {
    List<Chart<?, ?>> panels = new ArrayList<>();
    List<String> foot = new ArrayList<>();
    for (Path file : files) {
      JsonNode runs = new ObjectMapper().readTree(file.toFile());
      if (!runs.isArray() || runs.isEmpty()) {
        throw new InputException(file + ": expected JMH's JSON, an array of benchmark runs; found " + runs.getNodeType());
      }
      Map<String, TreeMap<Double, Double>> series = new LinkedHashMap<>();
      JMH_SERIES.values().forEach(name -> series.put(name, new TreeMap<>()));
      String jdk = runs.get(0).path("jdkVersion").asText("?") + " (" + runs.get(0).path("vmName").asText("?") + ")";
      String flags = "";
      for (JsonNode run : runs) {
        String method = run.path("benchmark").asText();
        method = method.substring(method.lastIndexOf('.') + 1);
        JsonNode params = run.path("params");
        if (!JMH_SERIES.containsKey(method) || params.path("filtered").asText("false").equals("true")) {
          continue;
        }
        double millis = toMillis(run.path("primaryMetric").path("score").asDouble(),
            run.path("primaryMetric").path("scoreUnit").asText(), file);
        series.get(JMH_SERIES.get(method)).put(params.path("size").asDouble(), millis);
        if (method.equals("simd")) {
          List<String> args = new ArrayList<>();
          run.path("jvmArgs").forEach(a -> args.add(a.asText()));
          flags = String.join(" ", args) + "; JMH " + run.path("jmhVersion").asText() + ", " + run.path("forks")
              .asInt() + " fork, " + run.path("warmupIterations").asInt() + "×" + run.path("warmupTime").asText()
              + " warm-up, " + run.path("measurementIterations").asInt() + "×" + run.path("measurementTime").asText()
              + " measured";
        }
      }
      XYChart chart = logLog("SearchBenchmark, JDK " + runs.get(0).path("jdkVersion").asText("?"),
          "vectors (384 dimensions, unfiltered)", "ms per search (log)");
      series.forEach((name, points) -> addXy(chart, name, points));
      panels.add(chart);
      foot.add("JDK " + jdk + "; flags " + flags + "; scalar adds -Dquiver.kernels=scalar; "
          + recordedIn(file));
    }
    foot.add("CPU: not in JMH's JSON; the runs' machine per docs/benchmarks.md: Intel Xeon, 2 logical CPUs, shared VM. "
        + "Each point is JMH's mean over the measured iterations.");
    return write(panels, foot, png);
  }

  private static double toMillis(double score, String unit, Path file) {
    return switch (unit) {
      case "ns/op" -> score / 1e6;
      case "us/op" -> score / 1e3;
      case "ms/op" -> score;
      case "s/op" -> score * 1e3;
      default -> throw new InputException(file + ": expected a time per operation (ns/op, us/op, ms/op, s/op); "
          + "found '" + unit + "'");
    };
  }

  // ---- PeerRunner ----------------------------------------------------------------------------------------------

  static Path peers(List<Path> files, Path png) throws IOException {
    List<Chart<?, ?>> panels = new ArrayList<>();
    List<String> foot = new ArrayList<>();
    for (Path file : files) {
      ResultCsv csv = ResultCsv.read(file);
      Map<String, TreeMap<Double, Double>> series = new LinkedHashMap<>();
      for (List<String> row : csv.rows()) {
        String median = row.get(csv.index("median_ms"));
        if (median.isEmpty()) {
          continue; // an engine not run at that size
        }
        series.computeIfAbsent(row.get(csv.index("engine")), e -> new TreeMap<>())
            .put(Double.parseDouble(row.get(csv.index("vectors"))), Double.parseDouble(median));
      }
      XYChart chart = logLog("Exact top-10 cosine search, JDK " + jdkFeature(csv), "vectors (384 dimensions)",
          "median ms per query (log)");
      series.forEach((name, points) -> addXy(chart, name, points));
      panels.add(chart);
      foot.add(footnote(csv, file));
    }
    foot.add("One JVM, same vectors and queries for every engine, engines interleaved round by round; every engine "
        + "returned Quiver's top 10 (see peers-jdk*.md).");
    return write(panels, foot, png);
  }

  // ---- ScaleRunner ---------------------------------------------------------------------------------------------

  static Path scale(List<Path> files, Path png) throws IOException {
    List<String> sizes = new ArrayList<>();
    Map<String, List<Number>> open = new LinkedHashMap<>();
    Map<String, List<Number>> openCpu = new LinkedHashMap<>();
    Map<String, List<Number>> heap = new LinkedHashMap<>();
    Map<String, List<Number>> backfill = new LinkedHashMap<>();
    List<String> foot = new ArrayList<>();
    for (Path file : files) {
      ResultCsv csv = ResultCsv.read(file);
      String jdk = "JDK " + jdkFeature(csv);
      for (List<String> row : csv.rows()) {
        String size = label(Long.parseLong(row.get(csv.index("vectors"))));
        if (!sizes.contains(size)) {
          sizes.add(size);
        }
        String series = jdk + " " + row.get(csv.index("build"));
        open.computeIfAbsent(series, s -> new ArrayList<>()).add(number(row, csv, "open_wall_s"));
        openCpu.computeIfAbsent(series, s -> new ArrayList<>()).add(number(row, csv, "open_cpu_s"));
        heap.computeIfAbsent(series, s -> new ArrayList<>()).add(number(row, csv, "heap_ratio"));
        String rate = row.get(csv.index("backfill_per_s"));
        // a run without backfill leaves the field empty: no bar rather than a bar at zero
        backfill.computeIfAbsent(series, s -> new ArrayList<>()).add(rate.isEmpty() ? null
            : Double.parseDouble(rate) / 1000);
      }
      foot.add(footnote(csv, file));
    }
    List<Chart<?, ?>> panels = new ArrayList<>();
    panels.add(bars("Open a store, wall time (fresh JVM)", sizes, "seconds", open,
        targets(sizes, Map.of("100k", 0.3, "1M", 3.0))));
    panels.add(bars("Open a store, CPU time (all threads)", sizes, "CPU seconds", openCpu, Map.of()));
    panels.add(bars("Heap after load ÷ raw float bytes", sizes, "ratio", heap,
        targets(sizes, Map.of("100k", 1.15, "1M", 1.15))));
    panels.add(bars("Persisted backfill, batches of 10,000", sizes, "thousand vectors/s", backfill,
        targets(sizes, Map.of("100k", 50.0, "1M", 50.0))));
    foot.add("Targets from issue 13: open ≤ 0.3 s at 100k and ≤ 3 s at 1M, heap ≤ 1.15×, backfill ≥ 50k vectors/s. "
        + "Medians of 3 opens; backfill 1-2 runs. The machine was loaded: see the load lines above.");
    return write(panels, foot, png);
  }

  private static Map<String, List<Number>> targets(List<String> sizes, Map<String, Double> bySize) {
    List<Number> values = new ArrayList<>();
    sizes.forEach(s -> values.add(bySize.getOrDefault(s, 0.0)));
    return Map.of("target", values);
  }

  private static double number(List<String> row, ResultCsv csv, String column) {
    return Double.parseDouble(row.get(csv.index(column)));
  }

  // ---- ConcurrencyRunner ---------------------------------------------------------------------------------------

  static Path concurrency(Path file, Path png) throws IOException {
    ResultCsv csv = ResultCsv.read(file);
    Map<String, TreeMap<Double, Double>> qps = new LinkedHashMap<>();
    Map<String, TreeMap<Double, Double>> p99 = new LinkedHashMap<>();
    for (List<String> row : csv.rows()) {
      String name = row.get(csv.index("workload")) + ", " + label(Long.parseLong(row.get(csv.index("vectors"))));
      double threads = number(row, csv, "threads");
      qps.computeIfAbsent(name, n -> new TreeMap<>()).put(threads, number(row, csv, "qps"));
      p99.computeIfAbsent(name, n -> new TreeMap<>()).put(threads, number(row, csv, "p99_ms"));
    }
    String jdk = jdkFeature(csv);
    XYChart throughput = xy("Queries per second, JDK " + jdk, "client threads", "queries/s (log)");
    throughput.getStyler().setYAxisLogarithmic(true);
    qps.forEach((name, points) -> addXy(throughput, name, points));
    XYChart tail = xy("p99 latency, JDK " + jdk, "client threads", "p99 ms (log)");
    tail.getStyler().setYAxisLogarithmic(true);
    p99.forEach((name, points) -> addXy(tail, name, points));
    List<String> foot = new ArrayList<>();
    foot.add(footnote(csv, file));
    foot.add("Closed loop: each client sends its next query when the last returns; the sizes are items in the store. "
        + "2 logical CPUs: above 2 threads, clients queue for the cores.");
    return write(List.of(throughput, tail), foot, png);
  }

  // ---- drawing -------------------------------------------------------------------------------------------------

  private static XYChart logLog(String title, String x, String y) {
    XYChart chart = xy(title, x, y);
    chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
    return chart;
  }

  private static XYChart xy(String title, String x, String y) {
    XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title).xAxisTitle(x)
        .yAxisTitle(y).build();
    XYStyler styler = chart.getStyler();
    styler.setXAxisDecimalPattern("#,###.##");
    styler.setYAxisDecimalPattern("#,###.###");
    styler.setMarkerSize(7);
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Vertical);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    return chart;
  }

  private static void addXy(XYChart chart, String name, TreeMap<Double, Double> points) {
    if (points.isEmpty()) {
      return;
    }
    double[] x = points.keySet().stream().mapToDouble(Double::doubleValue).toArray();
    double[] y = points.values().stream().mapToDouble(Double::doubleValue).toArray();
    XYSeries s = chart.addSeries(name, x, y);
    s.setMarker(SeriesMarkers.CIRCLE);
  }

  private static CategoryChart bars(String title, List<String> sizes, String y, Map<String, List<Number>> series,
      Map<String, List<Number>> extra) {
    CategoryChart chart = new CategoryChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title)
        .xAxisTitle("vectors").yAxisTitle(y).build();
    CategoryStyler styler = chart.getStyler();
    styler.setYAxisDecimalPattern("#,###.##");
    styler.setLabelsVisible(false);
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Vertical);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    series.forEach((name, values) -> chart.addSeries(name, sizes, values));
    extra.forEach((name, values) -> chart.addSeries(name, sizes, values));
    return chart;
  }

  /** The panels side by side, the footnote lines under them, as one PNG. */
  static Path write(List<? extends Chart<?, ?>> panels, List<String> foot, Path png) throws IOException {
    int width = PANEL_WIDTH * panels.size();
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    List<String> lines = new ArrayList<>();
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D measure = probe.createGraphics();
    measure.setFont(font);
    for (String f : foot) {
      lines.addAll(wrap(f, width - 20, measure.getFontMetrics()));
    }
    measure.dispose();
    BufferedImage image = new BufferedImage(width, PANEL_HEIGHT + 12 + FOOT_LINE * lines.size(),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    for (int i = 0; i < panels.size(); i++) {
      g.drawImage(BitmapEncoder.getBufferedImage(panels.get(i)), i * PANEL_WIDTH, 0, null);
    }
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.DARK_GRAY);
    g.setFont(font);
    for (int i = 0; i < lines.size(); i++) {
      g.drawString(lines.get(i), 10, PANEL_HEIGHT + 8 + FOOT_LINE * (i + 1) - 4);
    }
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
    return png;
  }

  private static List<String> wrap(String text, int width, java.awt.FontMetrics metrics) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      String candidate = line.length() == 0 ? word : line + " " + word;
      if (metrics.stringWidth(candidate) > width && line.length() > 0) {
        lines.add(line.toString());
        line.setLength(0);
        line.append("    ").append(word);
      } else {
        line.setLength(0);
        line.append(candidate);
      }
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  /** One footnote line from a CSV's metadata: JDK, CPU, flags, kernels, commit, load, source. */
  static String footnote(ResultCsv csv, Path file) {
    StringBuilder s = new StringBuilder("JDK ").append(csv.meta("jdk", "?")).append("; CPU ")
        .append(csv.meta("cpu", "?")).append("; flags ").append(csv.meta("flags", "?"));
    if (csv.metadata().containsKey("kernels")) {
      s.append("; kernels ").append(csv.meta("kernels", ""));
    }
    s.append("; Quiver ").append(csv.meta("commit", "?"));
    if (csv.metadata().containsKey("load")) {
      s.append("; load: ").append(csv.meta("load", ""));
    }
    return s.append("; ").append(recordedIn(file)).toString();
  }

  /** The file's name and the commit that last changed it, which recorded these figures. */
  private static String recordedIn(Path file) {
    String commit = "";
    try {
      Process p = new ProcessBuilder("git", "log", "-1", "--format=%h", "--", file.getFileName().toString())
          .directory(file.toAbsolutePath().getParent().toFile()).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      commit = p.waitFor() == 0 && output.matches("[0-9a-f]{7,40}") ? output : "";
    } catch (IOException e) {
      commit = "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "data: " + file.getFileName() + (commit.isEmpty() ? " (not yet committed)" : " as of commit " + commit);
  }

  private static String jdkFeature(ResultCsv csv) {
    String jdk = csv.meta("jdk", "?");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)[.+]").matcher(jdk);
    return m.find() ? m.group(1) : jdk;
  }

  private static String label(long n) {
    if (n >= 1_000_000 && n % 1_000_000 == 0) {
      return n / 1_000_000 + "M";
    } else if (n >= 1_000 && n % 1_000 == 0) {
      return n / 1_000 + "k";
    }
    return String.format(Locale.ROOT, "%,d", n);
  }
}
