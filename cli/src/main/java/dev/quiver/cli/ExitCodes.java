package dev.quiver.cli;

import dev.quiver.QuiverException;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * The {@code quiver} command's exit statuses, and which failure maps to which.
 *
 * <table>
 *   <tr><th>status</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>done (verify: healthy)</td></tr>
 *   <tr><td>1</td><td>any other failure</td></tr>
 *   <tr><td>2</td><td>bad usage or bad input: unknown option, malformed file, missing column, no such file</td></tr>
 *   <tr><td>3</td><td>refused: another application's file, the primary database, owned by another process,
 *       an unsupported format version</td></tr>
 *   <tr><td>4</td><td>the store is corrupt</td></tr>
 * </table>
 */
final class ExitCodes {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int REFUSED = 3;
  static final int CORRUPT = 4;

  private ExitCodes() {}

  static int of(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof QuiverException q) {
      return switch (q.code()) {
        case FOREIGN, PRIMARY_DATABASE, LOCKED, VERSION, MODEL_MISMATCH -> REFUSED;
        case CORRUPT -> CORRUPT;
        case IO -> FAILED;
      };
    }
    if (e instanceof IllegalArgumentException || e instanceof NoSuchFileException
        || e instanceof FileNotFoundException) {
      return USAGE;
    }
    return FAILED;
  }

  /**
   * A stable name for what failed, for {@code --json} errors: Quiver's {@link dev.quiver.ErrorCode} (such as
   * {@code LOCKED} or {@code CORRUPT}), {@code BAD_INPUT} for input the command cannot use, or {@code FAILED}.
   */
  static String errorCode(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof QuiverException q) {
      return q.code().name();
    }
    return of(e) == USAGE ? "BAD_INPUT" : "FAILED";
  }

  /** One line for stderr: what failed and, where known, the file. */
  static String message(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof NoSuchFileException n) {
      return "no such file: " + n.getFile();
    }
    if (e instanceof AccessDeniedException a) {
      return "permission denied: " + a.getFile();
    }
    String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    if (e instanceof QuiverException q) {
      if (q.file() != null && !message.contains(q.file().toString())) {
        message += " (" + q.file() + ")";
      }
      return q.code().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + message;
    }
    if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
        || e instanceof java.io.IOException) {
      return message;
    }
    return e.getClass().getSimpleName() + ": " + message;
  }

  /** The cause that says what happened, through the wrappers an iterator or a facade may add. */
  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof UncheckedIOException || e instanceof java.util.concurrent.CompletionException
        || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    // A facade or iterator may wrap our own input error; the input error is the one to report.
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof dev.quiver.datasets.InputException || c instanceof QuiverException) {
        return c;
      }
    }
    return e;
  }
}
