package dev.quiver.internal.search;

import dev.quiver.Metric;
import dev.quiver.internal.memory.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Splits the first pass of an unfiltered scan ({@link CodeScan}) of a large snapshot into contiguous chunk
 * ranges, one per thread, then runs the second pass over all their candidates on the caller's thread. The
 * ranges run on the caller's executor, or in one shared pool of daemon threads sized to the machine, so that
 * concurrent searches queue rather than oversubscribe the cores.
 */
final class ParallelScan {
  private static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors(),
      pool -> {
        var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        thread.setName("quiver-scan-" + thread.getPoolIndex());
        thread.setDaemon(true);
        return thread;
      }, null, false);

  private ParallelScan() {}

  /** @param executor where the parts run; {@code null} for the shared pool */
  static void scan(Snapshot s, float[] query, FirstPass pass, Metric metric, int k, int threads, Executor executor,
      TopK into) {
    QueryCode coded = CodeScan.code(pass, query, s.dimensions());
    int chunks = s.chunkCount();
    int parts = Math.min(threads, chunks);
    Executor runner = executor == null ? POOL : executor;
    List<CompletableFuture<CodeScan.Candidates>> tasks = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) chunks * p / parts);
      int to = (int) ((long) chunks * (p + 1) / parts);
      tasks.add(CompletableFuture.supplyAsync(() -> CodeScan.firstPass(s, query, coded, metric, k, from, to), runner));
    }
    List<CodeScan.Candidates> candidates = new ArrayList<>(parts);
    for (CompletableFuture<CodeScan.Candidates> task : tasks) {
      candidates.add(task.join());
    }
    CodeScan.secondPass(s, query, metric, candidates, into, k);
  }
}
