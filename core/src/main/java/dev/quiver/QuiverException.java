package dev.quiver;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** A storage failure, with a code to branch on and, where there is one, the file it concerns. */
public class QuiverException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final transient Path file;

  public QuiverException(ErrorCode code, @Nullable Path file, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.code = code;
    this.file = file;
  }

  public QuiverException(ErrorCode code, @Nullable Path file, String message) {
    this(code, file, message, null);
  }

  /** Why it failed. */
  public ErrorCode code() {
    return code;
  }

  /** The file concerned, or {@code null}. */
  public @Nullable Path file() {
    return file;
  }
}
