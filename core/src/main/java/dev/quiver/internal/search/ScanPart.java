package dev.quiver.internal.search;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One range of a split scan that whoever gets to it first runs: a pool thread, or the searching thread once
 * its own range is done. A search therefore never waits for a part that is still queued behind other
 * searches; at worst it scans every range itself.
 */
final class ScanPart implements Runnable {
  private final Supplier<CodeScan.Candidates> work;
  private final AtomicBoolean claimed = new AtomicBoolean();
  private final CompletableFuture<CodeScan.Candidates> result = new CompletableFuture<>();

  ScanPart(Supplier<CodeScan.Candidates> work) {
    this.work = work;
  }

  /** Runs the range unless another thread has claimed it. */
  @Override
  public void run() {
    if (!claimed.compareAndSet(false, true)) {
      return;
    }
    try {
      result.complete(work.get());
    } catch (Throwable t) {
      result.completeExceptionally(t);
    }
  }

  /** The range's candidates, waiting only for a thread that has already started it. */
  CodeScan.Candidates join() {
    return result.join();
  }
}
