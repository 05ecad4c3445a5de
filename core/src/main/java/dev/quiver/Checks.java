package dev.quiver;

import java.util.Locale;

/**
 * Argument checks shared by the public types; messages say what was expected, what was found and where.
 *
 * <p>Strings are checked for well-formed UTF-16: an unpaired surrogate has no UTF-8 encoding, so each storage
 * layer substitutes its own replacement (sqlite-jdbc writes {@code '?'}, Lucene U+FFFD). Two ids that differ
 * in memory would then be one id on disk, and the two sides would disagree about it. Quiver stores exactly
 * what it is given, or refuses it.
 */
final class Checks {
  /** Characters of a caller's string quoted in a message; the rest is elided. */
  private static final int QUOTE_LENGTH = 40;

  private Checks() {}

  static void requireId(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("item id must be 1 to " + Item.MAX_ID_LENGTH + " characters; found "
          + (id == null ? "null" : "an empty string"));
    }
    if (id.length() > Item.MAX_ID_LENGTH) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "item id must be 1 to %d characters; found %d characters starting %s",
          Item.MAX_ID_LENGTH, id.length(), quote(id)));
    }
    int bad = firstUnpairedSurrogate(id);
    if (bad >= 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "item id %s has %s; ids must be well-formed UTF-16, or two ids could become one on disk",
          quote(id), unpaired(id, bad)));
    }
  }

  /**
   * The index of the first unpaired surrogate in {@code s} (a high surrogate not followed by a low one, or a
   * low surrogate not preceded by a high one), or -1 when {@code s} is well-formed UTF-16.
   */
  static int firstUnpairedSurrogate(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (!Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a pair: one astral code point
        continue;
      }
      return i;
    }
    return -1;
  }

  /** "an unpaired surrogate U+D800 at char index 4", for {@code s.charAt(index)}. */
  static String unpaired(String s, int index) {
    return String.format(Locale.ROOT, "an unpaired surrogate U+%04X at char index %d", (int) s.charAt(index),
        index);
  }

  /**
   * {@code s} in single quotes for a message: its first {@value #QUOTE_LENGTH} characters, with surrogates that
   * are not part of a pair and control characters written as {@code \\uXXXX}, so the message itself is
   * well-formed and printable.
   */
  static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), QUOTE_LENGTH) + 8).append('\'');
    int i = 0;
    while (i < s.length() && i < QUOTE_LENGTH) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(i + 1)); // may run one past QUOTE_LENGTH to keep the pair whole
        i += 2;
      } else {
        b.append(Character.isSurrogate(c) || Character.isISOControl(c)
            ? String.format(Locale.ROOT, "\\u%04X", (int) c) : String.valueOf(c));
        i++;
      }
    }
    b.append('\'');
    if (i < s.length()) {
      b.append(String.format(Locale.ROOT, " (first %d of %d characters)", i, s.length()));
    }
    return b.toString();
  }
}
