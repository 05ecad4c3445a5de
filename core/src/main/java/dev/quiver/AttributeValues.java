package dev.quiver;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The four types of attribute value, shared by items and filters: widening, checks and messages. */
final class AttributeValues {
  private AttributeValues() {}

  /** {@code value} as one of the stored types where a Java type widens exactly: int to long, float to double. */
  static @Nullable Object widen(@Nullable Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    } else if (value instanceof Float f) {
      return f.doubleValue();
    }
    return value;
  }

  /** What is wrong with a widened, non-null value, as the end of a sentence, or null when it can be stored. */
  static @Nullable String problem(Object value) {
    if (value instanceof String s) {
      if (s.length() > Item.MAX_ATTRIBUTE_VALUE_LENGTH) {
        return String.format(Locale.ROOT, "has %d characters, starting %s; at most %d are accepted",
            s.length(), Checks.quote(s), Item.MAX_ATTRIBUTE_VALUE_LENGTH);
      }
      int bad = Checks.firstUnpairedSurrogate(s);
      return bad < 0 ? null : "has " + Checks.unpaired(s, bad) + " of its value; attribute values must be "
          + "well-formed UTF-16";
    } else if (value instanceof Double d) {
      return d.isNaN() ? "is NaN; a number attribute must have a value (NaN equals nothing, not even itself)"
          : null;
    } else if (value instanceof Long || value instanceof Boolean) {
      return null;
    }
    return "is a " + value.getClass().getName() + "; expected a String, Long, Double or Boolean (Integer, "
        + "Short and Byte are stored as Long, Float as Double; convert other types, such as a UUID, to a String)";
  }

  /** {@code value} for a message: strings quoted and shortened, other values as they print. */
  static String describe(@Nullable Object value) {
    return value instanceof String s ? Checks.quote(s) : String.valueOf(value);
  }
}
