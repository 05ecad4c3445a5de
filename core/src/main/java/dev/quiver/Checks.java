package dev.quiver;

import java.util.Locale;

/** Argument checks shared by the public types; messages say what was expected and what was found. */
final class Checks {
  private Checks() {}

  static void requireId(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("item id must be 1 to " + Item.MAX_ID_LENGTH + " characters; found "
          + (id == null ? "null" : "an empty string"));
    }
    if (id.length() > Item.MAX_ID_LENGTH) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "item id must be 1 to %d characters; found %d characters starting '%s'",
          Item.MAX_ID_LENGTH, id.length(), id.substring(0, 32)));
    }
  }
}
