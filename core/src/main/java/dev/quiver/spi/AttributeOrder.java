package dev.quiver.spi;

import java.util.Locale;

/**
 * How attribute values compare, for every side of a search: the vector side's bitmaps, a keyword index's
 * queries and {@link dev.quiver.Filter#test}. An attribute value is a {@link String}, a {@link Long}, a
 * {@link Double} (never NaN) or a {@link Boolean}, as {@link dev.quiver.Item} stores it.
 *
 * <ul>
 *   <li>Values of different kinds never compare equal: {@code "1"} is not {@code 1L}, {@code true} is not
 *       {@code "true"}. Across kinds the order is booleans, then numbers, then strings.
 *   <li>Numbers compare as numbers, exactly: {@code 5L} equals {@code 5.0}, {@code -0.0} equals {@code 0.0},
 *       and {@code 2^53 + 1} (a long) is greater than {@code 2^53} (a double), although converting the long to
 *       a double would make them equal.
 *   <li>Strings compare by code point, which is the order of their UTF-8 bytes and so of Lucene's terms
 *       ({@link String#compareTo} orders by UTF-16 unit and puts U+FFFF after an emoji).
 *   <li>{@code false < true}.
 * </ul>
 */
public final class AttributeOrder {
  /** The bytes of {@link #sortableNumber}. */
  public static final int NUMBER_BYTES = 10;

  private static final double TWO_TO_63 = 0x1p63;

  private AttributeOrder() {}

  /** The three kinds of attribute value; values compare only within one kind. */
  public enum Kind {
    BOOLEAN, NUMBER, STRING
  }

  /**
   * @throws IllegalArgumentException if {@code value} is not a String, Long, Double or Boolean
   */
  public static Kind kind(Object value) {
    if (value instanceof String) {
      return Kind.STRING;
    } else if (value instanceof Long || value instanceof Double) {
      return Kind.NUMBER;
    } else if (value instanceof Boolean) {
      return Kind.BOOLEAN;
    }
    throw new IllegalArgumentException("an attribute value is a String, Long, Double or Boolean; found "
        + (value == null ? "null" : value.getClass().getName()));
  }

  /** A total order over attribute values: by kind, then within the kind as described above. */
  public static int compare(Object a, Object b) {
    Kind ka = kind(a);
    Kind kb = kind(b);
    if (ka != kb) {
      return ka.compareTo(kb);
    }
    switch (ka) {
      case STRING:
        return compareStrings((String) a, (String) b);
      case NUMBER:
        return compareNumbers((Number) a, (Number) b);
      default:
        return Boolean.compare((Boolean) a, (Boolean) b);
    }
  }

  /** Whether {@code a} and {@code b} are of one kind and equal: the meaning of {@code eq}. */
  public static boolean equal(Object a, Object b) {
    return kind(a) == kind(b) && compare(a, b) == 0;
  }

  /** Code point order, the order of UTF-8 bytes. */
  public static int compareStrings(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        // surrogates (U+D800..U+DFFF) encode code points above U+FFFF: move them after U+E000..U+FFFF
        return Integer.compare(fixUp(ca), fixUp(cb));
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  private static int fixUp(char c) {
    return c >= 0xD800 ? (c >= 0xE000 ? c - 0x800 : c + 0x2000) : c;
  }

  /**
   * Exact numeric order of two Longs or Doubles (not NaN); {@code -0.0} equals {@code 0.0}.
   *
   * @throws IllegalArgumentException for another type or NaN
   */
  public static int compareNumbers(Number a, Number b) {
    if (a instanceof Long la && b instanceof Long lb) {
      return Long.compare(la, lb);
    }
    if (a instanceof Long la) {
      return -compareExact(requireDouble(b), la);
    }
    if (b instanceof Long lb) {
      return compareExact(requireDouble(a), lb);
    }
    double da = requireDouble(a);
    double db = requireDouble(b);
    return da < db ? -1 : da > db ? 1 : 0; // == treats -0.0 as 0.0
  }

  /**
   * {@code n} as {@value #NUMBER_BYTES} bytes whose unsigned order is the numeric order of
   * {@link #compareNumbers}, and which are equal exactly when the numbers are: the largest double not above
   * {@code n} (8 sortable bytes), then what the number exceeds it by (2 bytes, below 2,048 for a long, 0 for a
   * double). A keyword index can keep every number of an attribute in one point field with these bytes.
   */
  public static byte[] sortableNumber(Number n) {
    double floor;
    long excess;
    if (n instanceof Long l) {
      floor = l;
      if (compareExact(floor, l) > 0) {
        floor = Math.nextDown(floor);
      }
      excess = l - (long) floor; // floor <= l < 2^63, so (long) floor is exact; gaps near 2^63 are 2,048
    } else {
      floor = requireDouble(n) + 0.0; // -0.0 + 0.0 is 0.0
      excess = 0;
    }
    long bits = Double.doubleToLongBits(floor);
    bits ^= (bits >> 63) & Long.MAX_VALUE; // negative doubles: reverse their order
    bits ^= Long.MIN_VALUE; // and put them before the positive ones, unsigned
    byte[] bytes = new byte[NUMBER_BYTES];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (bits >>> (56 - 8 * i));
    }
    bytes[8] = (byte) (excess >>> 8);
    bytes[9] = (byte) excess;
    return bytes;
  }

  /** Exact order of a double (not NaN) and a long. */
  private static int compareExact(double d, long l) {
    if (d >= TWO_TO_63) {
      return 1;
    } else if (d < -TWO_TO_63) {
      return -1;
    }
    long whole = (long) d; // toward zero; exact in this range
    if (whole != l) {
      return Long.compare(whole, l);
    }
    double fraction = d - whole; // exact: whole is d's integer part
    return fraction > 0 ? 1 : fraction < 0 ? -1 : 0;
  }

  private static double requireDouble(Number n) {
    if (!(n instanceof Double d)) {
      throw new IllegalArgumentException("a number attribute is a Long or a Double; found "
          + (n == null ? "null" : n.getClass().getName()));
    }
    if (d.isNaN()) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "a number attribute is never NaN: NaN equals nothing, not even itself"));
    }
    return d;
  }
}
