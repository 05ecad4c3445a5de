package dev.quiver.langchain4j;

import java.util.UUID;

/**
 * LangChain4j metadata values as Quiver attribute values, shared by metadata and filters so that a filter
 * value always meets the attribute it was written as.
 *
 * <p>Quiver stores String, Long, Double and Boolean. An Integer becomes a Long and a UUID its canonical
 * string, both exact. A Float becomes the Double of its decimal form ({@code 1.1f} as {@code 1.1}, not as
 * {@code 1.100000023841858}): LangChain4j compares numbers by their decimal form ({@code new
 * BigDecimal(value.toString())}), so {@code 1.1f} equals {@code 1.1d} there, and so it does here. The decimal
 * form reads back as the same Float; when it would not (double rounding, never seen), the exact widening is
 * used instead, so the round trip is exact either way.
 */
final class Values {
  private Values() {}

  /**
   * {@code value} as a Quiver attribute value.
   *
   * @throws IllegalArgumentException for a type that neither LangChain4j metadata nor Quiver holds
   */
  static Object toQuiver(Object value, String key) {
    if (value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean) {
      return value;
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    } else if (value instanceof Float f) {
      return decimal(f);
    } else if (value instanceof UUID u) {
      return u.toString();
    }
    throw new IllegalArgumentException("value of metadata key '" + key + "' is a "
        + (value == null ? "null" : value.getClass().getName())
        + "; expected a String, UUID, Integer, Long, Float, Double or Boolean");
  }

  /** The Double of {@code f}'s decimal form when that reads back as {@code f}, else the exact widening. */
  static double decimal(float f) {
    if (!Float.isFinite(f)) {
      return f; // NaN is refused by Quiver with its own message; infinities widen exactly
    }
    double d = Double.parseDouble(Float.toString(f));
    return (float) d == f ? d : f;
  }
}
