package dev.quiver.datasets;

/**
 * Malformed input: a file or a source query that cannot be read as items, queries or judgments. The
 * message names the file and, where there is one, the line. The CLI exits with status 2.
 */
public final class InputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
