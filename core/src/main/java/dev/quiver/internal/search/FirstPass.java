package dev.quiver.internal.search;

import java.util.Locale;

/**
 * How the first pass of a {@link CodeScan} scores the int8 codes. Both are exact in the end; they differ in
 * the kernel, and so in speed and in how many candidates reach the second pass.
 */
public enum FirstPass {
  /** The float query against each code widened to floats. */
  FLOAT_QUERY,
  /**
   * The query coded to int8 once per search ({@link QueryCode}), then integer dot products with the codes; the
   * query's own coding error widens the bounds.
   */
  INT8_QUERY;

  /** The system property that picks the default: {@code float} or {@code int8}. */
  public static final String PROPERTY = "quiver.firstPass";

  /**
   * The first pass searches use unless told otherwise: {@code -Dquiver.firstPass}, else {@link #FLOAT_QUERY}.
   *
   * @throws IllegalArgumentException if the property names neither
   */
  public static FirstPass byDefault() {
    return Holder.DEFAULT;
  }

  static FirstPass parse(String value) {
    if (value == null) {
      return FLOAT_QUERY;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "float":
        return FLOAT_QUERY;
      case "int8":
        return INT8_QUERY;
      default:
        throw new IllegalArgumentException("-D" + PROPERTY + " must be 'float' or 'int8'; found '" + value + "'");
    }
  }

  private static final class Holder {
    static final FirstPass DEFAULT = parse(System.getProperty(PROPERTY));
  }
}
