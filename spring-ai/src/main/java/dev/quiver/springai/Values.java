package dev.quiver.springai;

import java.util.Locale;

/**
 * Spring AI metadata and filter values as Quiver attribute values, shared by metadata and filters so that a filter
 * value always meets the attribute it was written as.
 *
 * <p>Quiver stores String, Long, Double and Boolean. An Integer, Short or Byte becomes a Long, exactly. A Float
 * becomes the Double of its decimal form ({@code 1.1f} as {@code 1.1}, not {@code 1.100000023841858}), so that
 * {@code price == 1.1} in a text filter (parsed as a Double) matches a Float {@code 1.1f}; the decimal form reads
 * back as the same Float, and when it would not, the exact widening is used instead.
 */
final class Values {
  private Values() {}

  /**
   * {@code value} as a Quiver attribute value.
   *
   * @param where what the value belongs to, for the message ({@code "metadata key 'year'"})
   * @throws IllegalArgumentException for any other type: a list, a map, a date, an enum
   */
  static Object toQuiver(Object value, String where) {
    if (value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean) {
      return value;
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    } else if (value instanceof Float f) {
      return decimal(f);
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT, "%s holds a %s (%s); Quiver stores and "
        + "filters String, Integer, Long, Float, Double and Boolean values only: store a date as an ISO-8601 "
        + "string or epoch milliseconds, and a list as separate keys or one string", where,
        value == null ? "null" : value.getClass().getName(), abbreviate(String.valueOf(value))));
  }

  /** The Double of {@code f}'s decimal form when that reads back as {@code f}, else the exact widening. */
  static double decimal(float f) {
    if (!Float.isFinite(f)) {
      return f; // NaN is refused by Quiver with its own message; infinities widen exactly
    }
    double d = Double.parseDouble(Float.toString(f));
    return (float) d == f ? d : f;
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
