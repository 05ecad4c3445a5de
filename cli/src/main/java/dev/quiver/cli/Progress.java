package dev.quiver.cli;

import java.io.IOException;
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

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /** @param total the expected count, or -1 when unknown */
  static Progress start(String task, long total, boolean forced) {
    if (!(forced || stderrIsTerminal())) {
      return new Progress(null);
    }
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .showSpeed()
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build();
    return new Progress(bar);
  }

  /**
   * One line on {@code err} for a phase that has no bar, such as checking the input or loading the model, so a
   * long silence has a reason; shown when bars are (stderr a terminal, or {@code --progress}).
   */
  static void phase(java.io.PrintWriter err, String command, String what, boolean forced) {
    if (forced || stderrIsTerminal()) {
      err.println("quiver " + command + ": " + what);
      err.flush();
    }
  }

  void stepBy(long n) {
    if (bar != null) {
      bar.stepBy(n);
    }
  }

  void stepTo(long n) {
    if (bar != null) {
      bar.stepTo(n);
    }
  }

  @Override
  public void close() {
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
