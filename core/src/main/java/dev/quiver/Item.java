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
  /** Longest attribute name, in characters. */
  public static final int MAX_ATTRIBUTE_NAME_LENGTH = 256;
  /** Longest attribute value, in characters: facets are labels, not documents. */
  public static final int MAX_ATTRIBUTE_VALUE_LENGTH = 4096;

  public Item {
    Checks.requireId(id);
    if (text != null && text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "text of item '%s' has %d characters; at most %d are accepted", id, text.length(), MAX_TEXT_LENGTH));
    }
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      String name = e.getKey();
      if (name.isEmpty() || name.length() > MAX_ATTRIBUTE_NAME_LENGTH) {
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
            "attribute names of item '%s' must be 1 to %d characters; found %d", id, MAX_ATTRIBUTE_NAME_LENGTH,
            name.length()));
      }
      if (e.getValue().length() > MAX_ATTRIBUTE_VALUE_LENGTH) {
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
            "attribute '%s' of item '%s' has %d characters; at most %d are accepted", name, id,
            e.getValue().length(), MAX_ATTRIBUTE_VALUE_LENGTH));
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
