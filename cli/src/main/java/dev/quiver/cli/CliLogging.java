package dev.quiver.cli;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The library's log records (through {@code System.Logger}, so java.util.logging) as the command's own stderr
 * lines: {@code quiver: warning: ...}, without JUL's timestamp line, its level names or a stack trace; the
 * stack trace only with {@code --verbose}.
 */
final class CliLogging {
  private CliLogging() {}

  static void install(PrintStream err, boolean verbose, boolean quiet) {
    Logger root = LogManager.getLogManager().getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    Line line = new Line(err, verbose);
    if (quiet) {
      line.setLevel(java.util.logging.Level.SEVERE); // --quiet: warnings are not printed, failures still are
    }
    root.addHandler(line);
  }

  /** One line a record. */
  private static final class Line extends Handler {
    private final PrintStream err;
    private final boolean verbose;
    private final Formatter formatter = new Formatter() {
      @Override
      public String format(LogRecord record) {
        return formatMessage(record);
      }
    };

    Line(PrintStream err, boolean verbose) {
      this.err = err;
      this.verbose = verbose;
      setLevel(Level.INFO);
    }

    @Override
    public void publish(LogRecord record) {
      if (!isLoggable(record)) {
        return;
      }
      String message = formatter.format(record);
      Throwable thrown = record.getThrown();
      if (thrown != null && thrown.getMessage() != null && !message.contains(thrown.getMessage())) {
        message += ": " + thrown.getMessage();
      }
      String level = record.getLevel().intValue() >= Level.SEVERE.intValue() ? "error: "
          : record.getLevel().intValue() >= Level.WARNING.intValue() ? "warning: " : "";
      synchronized (err) {
        err.println("quiver: " + level + message.strip());
        if (verbose && thrown != null) {
          thrown.printStackTrace(err);
        }
      }
    }

    @Override
    public void flush() {
      err.flush();
    }

    @Override
    public void close() {
      flush();
    }
  }
}
