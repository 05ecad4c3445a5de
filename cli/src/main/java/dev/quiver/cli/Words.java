package dev.quiver.cli;

import java.util.Locale;

/** English for counts in messages. */
final class Words {
  private Words() {}

  /** {@code "1 item"}, {@code "2 items"}, {@code "0 items"}: a regular plural of {@code noun}. */
  static String count(long n, String noun) {
    return String.format(Locale.ROOT, "%d %s%s", n, noun, n == 1 ? "" : "s");
  }
}
