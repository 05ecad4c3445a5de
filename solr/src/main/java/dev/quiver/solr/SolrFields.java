package dev.quiver.solr;

import dev.quiver.spi.AttributeOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The field names of a Quiver collection and how attribute values become Solr terms. Each attribute is kept
 * twice: once as given, with its type, in the stored field {@value #ATTRIBUTES}, and once as an order-preserving
 * key in a field of its kind ({@code as_}, {@code an_}, {@code ab_} and the encoded name), which filters query.
 * Keys are hex strings, so no query syntax or escaping ever meets a user's value.
 */
final class SolrFields {
  static final String ID = "id";
  static final String KIND = "quiver_kind";
  static final String TEXT = "text";
  static final String VECTOR = "vector";
  static final String TIMESTAMP = "timestamp";
  static final String ATTRIBUTES = "attributes";
  static final String ATTRIBUTE_NAMES = "attribute_names";
  static final String MODEL_ID = "model_id";
  static final String MODEL_DIMENSIONS = "model_dimensions";
  static final String ITEM = "item";
  static final String META = "meta";
  /** The field type of {@value #VECTOR}, whose dimension the collection's embedder must have. */
  static final String VECTOR_TYPE = "quiver_vector";
  /**
   * The id of the document that records the model: longer than any item id may be, so no item can replace it.
   */
  static final String META_ID = "quiver.collection.model/" + "_".repeat(dev.quiver.Item.MAX_ID_LENGTH);

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private SolrFields() {}

  /** The field holding the keys of attribute {@code name} for values of {@code kind}. */
  static String keyField(String name, AttributeOrder.Kind kind) {
    String prefix = switch (kind) {
      case STRING -> "as_";
      case NUMBER -> "an_";
      case BOOLEAN -> "ab_";
    };
    return prefix + encodeName(name);
  }

  /**
   * Letters and digits as they are, every other UTF-16 unit as {@code _} and four hex digits: any attribute name
   * becomes a field name that query syntax reads as one token, and two names never share one.
   */
  static String encodeName(String name) {
    StringBuilder out = new StringBuilder(name.length() + 8);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        out.append(c);
      } else {
        out.append('_').append(String.format(Locale.ROOT, "%04x", (int) c));
      }
    }
    return out.toString();
  }

  /**
   * The term of {@code value} in its key field. Strings: {@code s} and the hex of their UTF-8 bytes, whose order
   * is code point order ({@link AttributeOrder#compareStrings}); numbers: the hex of {@link
   * AttributeOrder#sortableNumber}, equal exactly when the numbers are, Long or Double; booleans: true or false.
   */
  static String key(Object value) {
    return switch (AttributeOrder.kind(value)) {
      case STRING -> "s" + hex(((String) value).getBytes(StandardCharsets.UTF_8));
      case NUMBER -> hex(AttributeOrder.sortableNumber((Number) value));
      case BOOLEAN -> value.toString();
    };
  }

  private static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[bytes[i] & 0xF];
    }
    return new String(out);
  }

  /** One attribute as stored: its type letter, the name's length, a colon, the name, then the value. */
  static String encodeAttribute(String name, Object value) {
    char type = value instanceof String ? 'S' : value instanceof Long ? 'L' : value instanceof Double ? 'D' : 'B';
    return type + Integer.toString(name.length()) + ":" + name + value;
  }

  /** The attributes {@link #encodeAttribute} stored; Double.toString gives back the same double. */
  static Map<String, Object> decodeAttributes(List<?> stored) {
    Map<String, Object> out = new HashMap<>();
    if (stored == null) {
      return out;
    }
    for (Object o : stored) {
      String s = (String) o;
      int colon = s.indexOf(':');
      int length = Integer.parseInt(s.substring(1, colon));
      String name = s.substring(colon + 1, colon + 1 + length);
      String value = s.substring(colon + 1 + length);
      out.put(name, switch (s.charAt(0)) {
        case 'S' -> value;
        case 'L' -> Long.parseLong(value);
        case 'D' -> Double.parseDouble(value);
        default -> Boolean.parseBoolean(value);
      });
    }
    return out;
  }
}
