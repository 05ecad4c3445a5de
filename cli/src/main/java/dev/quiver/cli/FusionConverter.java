package dev.quiver.cli;

import dev.quiver.Fusion;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --fusion SPEC}: {@code zscore:W}, {@code minmax:W} (W the vector weight in [0, 1]; the keyword side
 * gets the rest) or {@code rrf:K}; {@link #spec} writes the same form back, so {@code eval --sweep} can print
 * the option to pass.
 */
final class FusionConverter implements ITypeConverter<Fusion> {
  static final String FORMS = "zscore:W, minmax:W (W the vector weight, 0 to 1) or rrf:K (K >= 0)";

  @Override
  public Fusion convert(String value) {
    int colon = value.indexOf(':');
    String kind = (colon < 0 ? value : value.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
    String argument = colon < 0 ? "" : value.substring(colon + 1).strip();
    try {
      switch (kind) {
        case "zscore":
        case "z-score":
          return Fusion.zScore(Double.parseDouble(argument));
        case "minmax":
        case "min-max":
          return Fusion.minMax(Double.parseDouble(argument));
        case "rrf":
          return Fusion.rrf(Integer.parseInt(argument));
        default:
          break;
      }
    } catch (IllegalArgumentException e) { // NumberFormatException too
      throw new TypeConversionException("expected " + FORMS + "; found '" + value + "' (" + e.getMessage() + ")");
    }
    throw new TypeConversionException("expected " + FORMS + "; found '" + value + "'");
  }

  /** The {@code --fusion} value that gives {@code fusion}. */
  static String spec(Fusion fusion) {
    if (fusion instanceof Fusion.Rrf rrf) {
      return "rrf:" + rrf.k();
    }
    Fusion.WeightedSum sum = (Fusion.WeightedSum) fusion;
    return (sum.normalization() == Fusion.Normalization.Z_SCORE ? "zscore:" : "minmax:")
        + String.format(Locale.ROOT, "%.1f", sum.vectorWeight());
  }
}
