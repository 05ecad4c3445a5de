package dev.quiver;

import java.util.Map;

/**
 * One record a chat server hands to Quiver: a message or a knowledge entry.
 *
 * @param id the caller's key, for example {@code msg:42}; 1 to {@value #MAX_ID_LENGTH} characters
 * @param text the text to embed and to index for keywords; may be {@code null} for vector-only items
 * @param attributes string facets used by filters, for example {@code room=ops}, {@code kind=message}
 * @param timestamp epoch milliseconds, or {@code null} when the item has none
 */
public record Item(String id, String text, Map<String, String> attributes, Long timestamp) {
  /** Longest id accepted, in characters. */
  public static final int MAX_ID_LENGTH = 512;
  /** Longest text accepted, in characters (1 MiB of UTF-16): a chat message or a knowledge entry, not a book. */
  public static final int MAX_TEXT_LENGTH = 1 << 20;

  public Item {
    Checks.requireId(id);
    if (text != null && text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "text of item '%s' has %d characters; at most %d are accepted", id, text.length(), MAX_TEXT_LENGTH));
    }
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      if (e.getKey().isEmpty()) {
        throw new IllegalArgumentException("attribute names of item '" + id + "' must not be empty");
      }
    }
  }

  /** An item with text and attributes and no timestamp. */
  public static Item of(String id, String text, Map<String, String> attributes) {
    return new Item(id, text, attributes, null);
  }

  /** An item with text only. */
  public static Item of(String id, String text) {
    return new Item(id, text, Map.of(), null);
  }

  /** This item with another timestamp. */
  public Item withTimestamp(long epochMillis) {
    return new Item(id, text, attributes, epochMillis);
  }
}
