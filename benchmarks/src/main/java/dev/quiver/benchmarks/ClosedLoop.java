package dev.quiver.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load of N client threads: each sends its next query as soon as the last one returned, so the
 * figures are throughput at saturation and the service time each query saw, not an open arrival rate.
 *
 * <p>Every thread warms up until a shared deadline, then waits at a barrier; the measured window opens when
 * the last thread arrives, so all of them measure at the same time. Each thread then runs until the window's
 * end (and at least {@code minQueriesPerThread} queries, so a test can ask for a fixed count with a zero
 * window) and records every query's latency in its own {@link Histogram}, merged at the end. Queries per
 * second divide every measured query by the time from the window's start to the last thread's last answer.
 */
final class ClosedLoop {
  /** Latencies above this are recorded as this; no search here comes near a minute. */
  static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final int SIGNIFICANT_DIGITS = 3;

  /** One query, run by client {@code thread} as its {@code sequence}th; returns anything, kept from the JIT. */
  @FunctionalInterface
  interface Query {
    long run(int thread, long sequence);
  }

  /** One measured point: a workload at a size with a number of client threads. */
  record Point(String workload, long size, int threads, long queries, double seconds, Histogram latencies) {
    Point {
      Objects.requireNonNull(workload, "workload");
      Objects.requireNonNull(latencies, "latencies");
    }

    double queriesPerSecond() {
      return queries / seconds;
    }

    double percentileMillis(double percentile) {
      return latencies.getValueAtPercentile(percentile) / 1e6;
    }

    double maxMillis() {
      return latencies.getMaxValue() / 1e6;
    }
  }

  private static volatile long sink;

  private ClosedLoop() {}

  /**
   * Runs {@code query} on {@code threads} fresh client threads: a warm-up of {@code warmUpNanos}, then a
   * measured window of {@code measureNanos}.
   *
   * @throws IllegalArgumentException if threads is below 1, or a duration or the minimum is negative
   * @throws IllegalStateException carrying the first failure of any client thread
   */
  static Point run(String workload, long size, int threads, long warmUpNanos, long measureNanos,
      int minQueriesPerThread, Query query) {
    if (threads < 1 || warmUpNanos < 0 || measureNanos < 0 || minQueriesPerThread < 0) {
      throw new IllegalArgumentException("expected threads >= 1 and durations and minimum >= 0; found threads="
          + threads + " warmUpNanos=" + warmUpNanos + " measureNanos=" + measureNanos + " minQueriesPerThread="
          + minQueriesPerThread);
    }
    AtomicLong windowStart = new AtomicLong();
    // a client that fails before the gate deregisters, so the others are never left waiting for it
    Phaser measureGate = new Phaser(threads) {
      @Override
      protected boolean onAdvance(int phase, int registeredParties) {
        windowStart.set(System.nanoTime());
        return true;
      }
    };
    Histogram[] histograms = new Histogram[threads];
    long[] lastAnswer = new long[threads];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long warmUpEnd = System.nanoTime() + warmUpNanos;
    List<Thread> clients = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      histograms[t] = new Histogram(HIGHEST_NANOS, SIGNIFICANT_DIGITS);
      Thread client = new Thread(() -> {
        boolean arrived = false;
        try {
          long acc = 0;
          long sequence = 0;
          while (System.nanoTime() < warmUpEnd) {
            acc += query.run(thread, sequence++);
          }
          arrived = true;
          measureGate.arriveAndAwaitAdvance();
          long end = windowStart.get() + measureNanos;
          Histogram h = histograms[thread];
          long done = 0;
          long now = System.nanoTime();
          while (now < end || done < minQueriesPerThread) {
            long started = now;
            acc += query.run(thread, sequence++);
            now = System.nanoTime();
            h.recordValue(Math.min(HIGHEST_NANOS, now - started));
            done++;
          }
          lastAnswer[thread] = now;
          sink += acc;
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
          if (!arrived) {
            measureGate.arriveAndDeregister();
          }
        }
      }, "closed-loop-" + workload + "-" + t);
      clients.add(client);
      client.start();
    }
    for (Thread client : clients) {
      try {
        client.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while " + threads + " clients ran " + workload, e);
      }
    }
    Throwable first = failure.get();
    if (first != null) {
      throw new IllegalStateException(workload + " at " + size + " with " + threads + " threads failed: " + first,
          first);
    }
    Histogram all = new Histogram(HIGHEST_NANOS, SIGNIFICANT_DIGITS);
    long last = 0;
    for (int t = 0; t < threads; t++) {
      all.add(histograms[t]);
      last = Math.max(last, lastAnswer[t]);
    }
    double seconds = Math.max(1, last - windowStart.get()) / 1e9;
    return new Point(workload, size, threads, all.getTotalCount(), seconds, all);
  }

  /**
   * Runs every query on each of {@code threads} threads at once, all released by one gate, each thread in its
   * own order, and counts the answers that differ from {@code reference.get(query)}.
   *
   * @throws IllegalStateException carrying the first failure of any thread
   */
  static <A> int disagreements(int threads, List<A> reference, IntFunction<A> answer) {
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger differing = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker = new Thread(() -> {
        try {
          gate.await();
          for (int i = 0; i < reference.size(); i++) {
            int q = queryIndex(thread, i, reference.size());
            if (!reference.get(q).equals(answer.apply(q))) {
              differing.incrementAndGet();
            }
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "agreement-" + t);
      workers.add(worker);
      worker.start();
    }
    gate.countDown();
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while checking answers on " + threads + " threads", e);
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a query failed on " + threads + " threads: " + failure.get(), failure.get());
    }
    return differing.get();
  }

  /** Which of client {@code thread}'s queries to send as its {@code sequence}th: threads start far apart. */
  static int queryIndex(int thread, long sequence, int queryCount) {
    return (int) ((thread * 7_919L + sequence) % queryCount);
  }
}
