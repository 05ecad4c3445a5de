package dev.quiver.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr, shown only when stderr is a terminal or {@code --progress} asks for it, so that
 * piped output and test logs stay clean. Closing it finishes the bar.
 */
final class Progress implements AutoCloseable {
  private final ProgressBar bar;
  /** Items already shown as embedded whose batch is not yet committed: a commit shows only the rest. */
  private long embeddedNotCommitted;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /** @param total the expected count, or -1 when unknown */
  static Progress start(String task, long total, boolean forced) {
    if (!(forced || stderrIsTerminal())) {
      return new Progress(null);
    }
    return to(System.err, task, total);
  }

  /** A bar drawn on {@code err}, always. */
  static Progress to(PrintStream err, String task, long total) {
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .showSpeed()
        .setConsumer(new ConsoleProgressBarConsumer(err))
        .build();
    return new Progress(bar);
  }

  /**
   * One line on {@code err} for a phase that has no bar, such as checking the input or loading the model, so a
   * long silence has a reason; shown when bars are (stderr a terminal, or {@code --progress}).
   */
  static void phase(PrintWriter err, String command, String what, boolean forced) {
    if (forced || stderrIsTerminal()) {
      err.println("quiver " + command + ": " + what);
      err.flush();
    }
  }

  synchronized void stepBy(long n) {
    if (bar != null) {
      bar.stepBy(n);
    }
  }

  /** Moves the bar to {@code n} items, or leaves it where it is if embedding has already shown more. */
  synchronized void stepTo(long n) {
    if (bar != null && n > bar.getCurrent()) {
      bar.stepTo(n);
    }
  }

  /** {@code n} items were embedded (their batch is not committed yet). */
  synchronized void embedded(long n) {
    embeddedNotCommitted += n;
    stepBy(n);
  }

  /** A batch of {@code n} items was committed; those embedded were shown already. */
  synchronized void committed(long n) {
    long shown = Math.min(n, embeddedNotCommitted);
    embeddedNotCommitted -= shown;
    stepBy(n - shown);
  }

  /** The count the bar shows, or -1 without a bar. */
  synchronized long current() {
    return bar == null ? -1 : bar.getCurrent();
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
    }
  }

  /**
   * Whether file descriptor 2 is a terminal. Java has no isatty for stderr ({@code System.console()} looks at
   * stdin and stdout), so on Linux read the descriptor's link; elsewhere fall back to the console check.
   */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }
}
