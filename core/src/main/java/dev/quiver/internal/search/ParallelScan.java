package dev.quiver.internal.search;

import dev.quiver.Metric;
import dev.quiver.internal.memory.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits the first pass of an unfiltered scan ({@link CodeScan}) of a large snapshot into contiguous chunk
 * ranges, one per thread, then runs the second pass over all their candidates on the caller's thread. The
 * caller scans the first range itself and offers the others to the caller's executor, or to one shared pool
 * of daemon threads sized to the machine with a first-in, first-out queue; any range no thread has started
 * when the caller is done it scans too ({@link ScanPart}). Concurrent searches so share the cores without
 * one of them waiting behind the others' queued work.
 */
final class ParallelScan {
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(Runtime.getRuntime().availableProcessors(),
      Runtime.getRuntime().availableProcessors(), 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
        Thread thread = new Thread(task, "quiver-scan-" + THREADS.getAndIncrement());
        thread.setDaemon(true);
        return thread;
      });

  static {
    POOL.allowCoreThreadTimeOut(true); // an idle store keeps no threads
  }

  private ParallelScan() {}

  /** @param executor where the parts run; {@code null} for the shared pool */
  static void scan(Snapshot s, float[] query, FirstPass pass, Metric metric, int k, int threads, Executor executor,
      TopK into) {
    QueryCode coded = CodeScan.code(pass, query, s.dimensions());
    int chunks = s.chunkCount();
    int parts = Math.min(threads, chunks);
    Executor runner = executor == null ? POOL : executor;
    List<ScanPart> tasks = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) chunks * p / parts);
      int to = (int) ((long) chunks * (p + 1) / parts);
      tasks.add(new ScanPart(() -> CodeScan.firstPass(s, query, coded, metric, k, from, to)));
    }
    for (ScanPart task : tasks.subList(1, parts)) {
      offer(runner, task);
    }
    for (ScanPart task : tasks) {
      task.run(); // the first range, then any range still queued
    }
    List<CodeScan.Candidates> candidates = new ArrayList<>(parts);
    for (ScanPart task : tasks) {
      candidates.add(task.join());
    }
    CodeScan.secondPass(s, query, metric, candidates, into, k);
  }

  /** A full or shut-down executor only means the caller scans that range itself. */
  private static void offer(Executor runner, ScanPart task) {
    try {
      runner.execute(task);
    } catch (RejectedExecutionException busy) {
      // the caller's loop runs it
    }
  }
}
