package dev.quiver.cli;

import dev.quiver.Filter;
import dev.quiver.Quiver;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.datasets.DemoCorpus;
import dev.quiver.datasets.ItemSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Indexes 1,500 real Debian package descriptions (bundled) into a fresh store and runs a few "
        + "hybrid searches, printing each hit's rank and score on both sides.",
        "The queries show what each side brings: a paraphrase (vectors), rare exact tokens (keywords), and a "
            + "filter by section."})
final class DemoCommand implements Callable<Integer> {
  /** The demo's searches: why each one is there is part of the output. */
  record DemoQuery(String why, String text, Filter filter) {}

  static final List<DemoQuery> QUERIES = List.of(
      new DemoQuery("a paraphrase: the package says \"password management\", the question does not",
          "program that remembers my passwords", Filter.all()),
      new DemoQuery("a rare exact token: a project name the embedding model has never seen; keywords find it",
          "OpenTaal", Filter.all()),
      new DemoQuery("a rare exact token: a processor model number", "R65C02", Filter.all()),
      new DemoQuery("a filter: only packages in section utils", "record where I went running with my sports watch",
          Filter.eq("section", "utils")));

  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  ProgressOption progressOption;

  @Option(names = "--store", paramLabel = "PATH",
      description = "Where to build the demo store (it must not exist yet); default a temporary directory, "
          + "deleted afterwards.")
  Path store;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "5", description = "Hits per query; default "
      + "${DEFAULT-VALUE}.")
  int limit;

  @Override
  public Integer call() throws IOException {
    if (limit < 1 || limit > SearchRequest.MAX_LIMIT) {
      throw new ParameterException(spec.commandLine(), "--limit must be 1 to " + SearchRequest.MAX_LIMIT
          + "; found " + limit);
    }
    if (store != null && Files.exists(store)) {
      throw new ParameterException(spec.commandLine(), "--store " + store + " already exists; the demo builds a "
          + "fresh store");
    }
    Path tempDir = store == null ? Files.createTempDirectory("quiver-demo") : null;
    // Ctrl-C (or kill) runs shutdown hooks, not the finally below: the hook removes the temporary store then.
    Thread cleanup = tempDir == null ? null : new Thread(() -> deleteTreeQuietly(tempDir), "quiver-demo-cleanup");
    if (cleanup != null) {
      Runtime.getRuntime().addShutdownHook(cleanup);
    }
    Path path = store != null ? store : tempDir.resolve("demo.quiver");
    PrintWriter out = spec.commandLine().getOut();
    try (ItemSource items = DemoCorpus.open(DemoCorpus.DEMO_SIZE)) {
      out.printf(Locale.ROOT, "Indexing %d Debian package descriptions into %s ...%n", items.expectedCount(), path);
      out.flush();
      long start = System.nanoTime();
      EmbeddingProgress embedder = new EmbeddingProgress(LocalModel.MINILM.embedder());
      try (Quiver quiver = StoreOption.openCreating(path, null, null, embedder)) {
        long n;
        try (Progress progress = Progress.start("demo", items.expectedCount(), progressOption.progress())) {
          embedder.reportTo(progress);
          n = Importer.indexAll(quiver, items, Importer.DEFAULT_BATCH, progress);
        }
        out.printf(Locale.ROOT, "Indexed %s in %.1f s.%n", Words.count(n, "item"), (System.nanoTime() - start) / 1e9);
        for (DemoQuery q : QUERIES) {
          out.println();
          out.printf(Locale.ROOT, "search \"%s\"%s%n", q.text(),
              q.filter() instanceof Filter.Eq eq ? " --filter " + eq.key() + "=" + eq.value() : "");
          out.println("  (" + q.why() + ")");
          SearchResult result = quiver.search(SearchRequest.of(q.text()).limit(limit).filter(q.filter()));
          Hits.printText(out, result, true);
          if (result.degraded()) {
            result.degradations().forEach(d -> out.println("  degraded: " + d.detail()));
          }
        }
      }
    } finally {
      if (tempDir != null) {
        deleteTree(tempDir);
        try {
          Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running or has run: the tree is gone either way
        }
      }
    }
    out.println();
    out.println("Each hit shows its fused score, then its rank and score on the vector side and on the keyword side"
        + " (- where that side did not find it).");
    return ExitCodes.OK;
  }

  /**
   * Deletes {@code dir} while the demo may still be writing into it (the JVM is shutting down): a file created
   * meanwhile makes a pass fail, so it tries a few times. Once the directory is gone nothing can recreate it,
   * since the store creates its directory only when opened.
   */
  static void deleteTreeQuietly(Path dir) {
    for (int attempt = 0; attempt < 10 && Files.exists(dir); attempt++) {
      try {
        deleteTree(dir);
      } catch (IOException | java.io.UncheckedIOException e) {
        Thread.onSpinWait();
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
