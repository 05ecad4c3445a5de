package dev.quiver.springboot.startup;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the starter adds to an empty Spring Boot application's start-up: {@link EmptyApplication} started in fresh
 * JVMs, alternately with the starter (its classes and Quiver's modules on the class path, {@code quiver.path} in a
 * new temp directory each time, keyword side on, no embedding model: {@code quiver.dimensions=384}) and without
 * (the same class path minus the starter, Quiver's modules and Lucene). Not a test: it measures, and is run by hand.
 *
 * <p>Run from the worktree root, after {@code ./mvnw -o -pl spring-boot-starter -am test-compile
 * dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt}:
 * <pre>{@code
 * java -cp spring-boot-starter/target/test-classes:spring-boot-starter/target/classes:$(cat \
 *     spring-boot-starter/target/test-classpath.txt) \
 *     dev.quiver.springboot.startup.StartupTimeRunner --runs 20 --out benchmarks/results/starter-startup-jdk17.md
 * }</pre>
 * Options: {@code --runs} (pairs counted, default 20, after one pair not counted), {@code --out FILE}.
 */
public final class StartupTimeRunner {
  private StartupTimeRunner() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    int runs = Integer.parseInt(options.getOrDefault("--runs", "20"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> with = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    List<String> without = new ArrayList<>();
    for (String entry : with) {
      if (!quiverOrLucene(entry)) {
        without.add(entry);
      }
    }
    List<String> dropped = new ArrayList<>(with);
    dropped.removeAll(without);
    if (dropped.isEmpty()) {
      throw new IllegalStateException("the class path holds no Quiver module; expected the starter's test class "
          + "path, found " + with);
    }
    Path temp = Files.createTempDirectory("quiver-startup");
    double[][] times = new double[2][runs];
    double[][] uptimes = new double[2][runs];
    for (int r = -1; r < runs; r++) {
      // alternate which goes first, so drift in the machine's load lands on both alike
      for (int k = 0; k < 2; k++) {
        int side = (r + k + 2) % 2;
        double[] measured = side == 0
            ? start(java, with, Files.createDirectories(temp.resolve("run-" + (r + 1))).resolve("chat.quiver"))
            : start(java, without, null);
        if (r >= 0) {
          times[side][r] = measured[0];
          uptimes[side][r] = measured[1];
        }
      }
      System.err.printf(Locale.ROOT, "StartupTimeRunner: pair %d: with %.0f ms, without %.0f ms%n", r + 1,
          r >= 0 ? times[0][r] : Double.NaN, r >= 0 ? times[1][r] : Double.NaN);
    }
    String table = render(runs, times, uptimes, dropped, java);
    System.out.println(table);
    if (options.containsKey("--out")) {
      Path out = Path.of(options.get("--out"));
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, table, StandardCharsets.UTF_8);
    }
  }

  /** The starter's classes and every Quiver module, and Lucene, which only the starter brings. */
  private static boolean quiverOrLucene(String entry) {
    String e = entry.replace(File.separatorChar, '/');
    return e.contains("/dev/quiver/") || e.contains("/org/apache/lucene/")
        || (e.endsWith("/target/classes") && !e.contains("/.m2/"));
  }

  /** One JVM: [run ms, uptime ms]; with a store path, the starter must have opened the store. */
  private static double[] start(String java, List<String> classPath, Path store) throws IOException,
      InterruptedException {
    List<String> command = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector", "-cp",
        String.join(File.pathSeparator, classPath), EmptyApplication.class.getName(),
        "--logging.level.root=WARN"));
    if (store != null) {
      command.addAll(List.of("--quiver.path=" + store, "--quiver.dimensions=384", "--quiver.model-id=startup"));
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("child JVM exited with " + p.exitValue() + ": " + output);
    }
    for (String line : output.split("\n")) {
      if (line.startsWith(EmptyApplication.PREFIX)) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : line.substring(EmptyApplication.PREFIX.length()).trim().split(" ")) {
          values.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        boolean quiver = Boolean.parseBoolean(values.get("quiver"));
        if (quiver != (store != null)) {
          throw new IllegalStateException("expected a Quiver bean " + (store != null ? "" : "not ") + "to start; "
              + "the child said " + line);
        }
        return new double[] {Double.parseDouble(values.get("run_ms")), Double.parseDouble(values.get("uptime_ms"))};
      }
    }
    throw new IllegalStateException("child JVM printed no " + EmptyApplication.PREFIX + "line: " + output);
  }

  static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    if (p == 50 && sorted.length % 2 == 0) {
      return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
    return sorted[(int) Math.round(p / 100 * (sorted.length - 1))];
  }

  private static String render(int runs, double[][] times, double[][] uptimes, List<String> dropped, String java) {
    double[] diff = new double[runs];
    double[] diffUptime = new double[runs];
    double[] ratio = new double[runs];
    for (int r = 0; r < runs; r++) {
      diff[r] = times[0][r] - times[1][r];
      diffUptime[r] = uptimes[0][r] - uptimes[1][r];
      ratio[r] = times[0][r] / times[1][r];
    }
    StringBuilder s = new StringBuilder();
    s.append("## Start-up time the Quiver starter adds to an empty Spring Boot application (JDK ")
        .append(Runtime.version().feature()).append(")\n\n");
    s.append("| | median | p10–p90 |\n|---|--:|--:|\n");
    row(s, "`SpringApplication.run`, without the starter", times[1], " ms");
    row(s, "`SpringApplication.run`, with the starter (a new store)", times[0], " ms");
    row(s, "difference within each pair (with − without)", diff, " ms");
    row(s, "ratio within each pair (with ÷ without)", ratio, "");
    row(s, "JVM uptime at ready, without", uptimes[1], " ms");
    row(s, "JVM uptime at ready, with", uptimes[0], " ms");
    row(s, "JVM uptime difference within each pair", diffUptime, " ms");
    s.append("\n- ").append(runs).append(" pairs of fresh JVMs (one more pair first, not counted), the order within "
        + "a pair alternating; `java --add-modules=jdk.incubator.vector` (").append(java).append(", ")
        .append(System.getProperty("java.runtime.version")).append("), default heap, `--logging.level.root=WARN`.\n");
    s.append("- The application: `@SpringBootApplication` alone in its package, `WebApplicationType.NONE`, no beans of "
        + "its own; the class path is quiver-spring-boot-starter's test class path (Spring Boot ")
        .append(org.springframework.boot.SpringBootVersion.getVersion()).append(", with Actuator, Micrometer and "
            + "Spring AI on it, as the starter's optional dependencies).\n");
    s.append("- With: `quiver.path` in a new temp directory each start (a new store: its SQLite file and Lucene "
        + "index are created), keyword side on, no embedding model (`quiver.dimensions=384`, "
        + "`quiver.model-id=startup`, so no `Embedder` bean and no `VectorStore` bean). Beans: the `Quiver`, its "
        + "options, the health indicator, the gauges binder and the meters' decorator (no `MeterRegistry` bean in "
        + "this app). Without: the same class path minus ").append(dropped.size())
        .append(" entries (the starter, Quiver's modules, Lucene).\n");
    s.append("- Host: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs as the JVM sees them, "
        + "shared with other engineers' builds (load average at the end ").append(String.format(Locale.ROOT, "%.1f",
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())).append(").\n");
    return s.toString();
  }

  private static void row(StringBuilder s, String what, double[] values, String unit) {
    String format = unit.isEmpty() ? "%.3f" : "%.0f";
    s.append("| ").append(what).append(" | ").append(String.format(Locale.ROOT, format, percentile(values, 50)))
        .append(unit).append(" | ").append(String.format(Locale.ROOT, format, percentile(values, 10))).append("–")
        .append(String.format(Locale.ROOT, format, percentile(values, 90))).append(unit).append(" |\n");
  }
}
