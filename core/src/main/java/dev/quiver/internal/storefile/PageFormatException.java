package dev.quiver.internal.storefile;

import java.io.IOException;

/**
 * Bytes of an SQLite file that this package cannot decode, with the reason to branch on. An
 * {@link IOException}, like {@link java.nio.charset.CharacterCodingException}: the file's content is not
 * what the reader expected.
 */
final class PageFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why the bytes cannot be decoded. */
  enum Reason {
    /** A b-tree page that is not a leaf (interior pages are not decoded). */
    NOT_A_LEAF,
    /** A cell whose payload continues on an overflow page. */
    OVERFLOW,
    /** Anything else: a field out of range, a cell past the page, a record that does not add up. */
    MALFORMED
  }

  private final Reason reason;

  PageFormatException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
