package dev.quiver;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One record a chat server hands to Quiver: a message or a knowledge entry.
 *
 * <p>Every string must be well-formed UTF-16: a surrogate that is not part of a pair has no encoding on disk,
 * and is refused rather than silently replaced. Astral code points (emoji) are well-formed.
 *
 * @param id the caller's key, for example {@code msg:42}; 1 to {@value #MAX_ID_LENGTH} characters
 * @param text the text to embed and to index for keywords; may be {@code null} for vector-only items; at most
 *     {@value #MAX_TEXT_LENGTH} characters
 * @param attributes facets used by filters, for example {@code room=ops}, {@code kind=message},
 *     {@code priority=3}: names of 1 to {@value #MAX_ATTRIBUTE_NAME_LENGTH} characters; values are a
 *     {@link String} of at most {@value #MAX_ATTRIBUTE_VALUE_LENGTH} characters, a {@link Long}, a {@link Double}
 *     (not NaN) or a {@link Boolean}, and keep their type. An {@link Integer}, {@link Short} or {@link Byte} is
 *     stored as a Long and a {@link Float} as a Double (both exact), so {@code attributes()} holds only the four
 *     types. How values compare is {@link dev.quiver.spi.AttributeOrder}
 * @param timestamp epoch milliseconds, or {@code null} when the item has none
 */
public record Item(String id, @Nullable String text, Map<String, Object> attributes, @Nullable Long timestamp) {
  /** Longest id accepted, in characters. */
  public static final int MAX_ID_LENGTH = 512;
  /** Longest text accepted, in characters (1 MiB of UTF-16): a chat message or a knowledge entry, not a book. */
  public static final int MAX_TEXT_LENGTH = 1 << 20;
  /** Longest attribute name, in characters. */
  public static final int MAX_ATTRIBUTE_NAME_LENGTH = 256;
  /** Longest attribute value, in characters: facets are labels, not documents. */
  public static final int MAX_ATTRIBUTE_VALUE_LENGTH = 4096;

  /**
   * @throws IllegalArgumentException if the id is null or empty, an attribute name or value is null, an
   *     attribute name is empty, an attribute value is of another type or NaN, or the id, the text, an attribute name or an attribute value is too long or is
   *     not well-formed UTF-16 (it holds a surrogate that is not part of a pair); the message names the item,
   *     the field and, for ill-formed strings, the char index
   */
  public Item {
    Checks.requireId(id);
    if (text != null) {
      if (text.length() > MAX_TEXT_LENGTH) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "text of item %s has %d characters; at most %d are accepted", Checks.quote(id), text.length(),
            MAX_TEXT_LENGTH));
      }
      int bad = Checks.firstUnpairedSurrogate(text);
      if (bad >= 0) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "text of item %s has %s; Quiver stores text exactly as given, so it must be well-formed UTF-16: "
                + "replace that code unit with U+FFFD (the replacement character) before indexing",
            Checks.quote(id), Checks.unpaired(text, bad)));
      }
    }
    if (attributes == null || attributes.isEmpty()) {
      attributes = Map.of();
    } else {
      // one snapshot of the caller's map (which may hold nulls), checked, then frozen
      Map<String, Object> copy = new HashMap<>(attributes);
      for (Map.Entry<String, Object> e : copy.entrySet()) {
        e.setValue(requireAttribute(id, e.getKey(), e.getValue()));
      }
      attributes = Map.copyOf(copy);
    }
  }

  /** The checked value of attribute {@code name}, widened to one of the four stored types. */
  private static Object requireAttribute(String id, String name, Object given) {
    Object value = AttributeValues.widen(given);
    if (name == null) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "attribute names of item %s must be 1 to %d characters; found a null name (with value %s)",
          Checks.quote(id), MAX_ATTRIBUTE_NAME_LENGTH, AttributeValues.describe(value)));
    }
    if (value == null) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "attribute %s of item %s has a null value; expected a string (\"\" for an empty value), a number or "
              + "a boolean, or leave the attribute out", Checks.quote(name), Checks.quote(id)));
    }
    if (name.isEmpty() || name.length() > MAX_ATTRIBUTE_NAME_LENGTH) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "attribute names of item %s must be 1 to %d characters; found %d", Checks.quote(id),
          MAX_ATTRIBUTE_NAME_LENGTH, name.length()));
    }
    int bad = Checks.firstUnpairedSurrogate(name);
    if (bad >= 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "attribute name %s of item %s has %s; attribute names must be well-formed UTF-16",
          Checks.quote(name), Checks.quote(id), Checks.unpaired(name, bad)));
    }
    String problem = AttributeValues.problem(value);
    if (problem != null) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "attribute %s of item %s %s",
          Checks.quote(name), Checks.quote(id), problem));
    }
    return value;
  }

  /** An item with text and attributes of any map type, such as a {@code Map<String, String>}, and no timestamp. */
  public static Item of(String id, @Nullable String text, Map<String, ?> attributes) {
    return new Item(id, text, attributes == null ? null : new HashMap<>(attributes), null);
  }

  /** An item with text only. */
  public static Item of(String id, @Nullable String text) {
    return new Item(id, text, Map.of(), null);
  }

  /** This item with another timestamp. */
  public Item withTimestamp(long epochMillis) {
    return new Item(id, text, attributes, epochMillis);
  }
}
