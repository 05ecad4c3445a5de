package dev.quiver.cli;

import dev.quiver.keyword.KeywordAnalyzer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --analyzer NAME}: a {@link KeywordAnalyzer} by its id, in any case. */
final class AnalyzerConverter implements ITypeConverter<KeywordAnalyzer> {
  @Override
  public KeywordAnalyzer convert(String value) {
    try {
      return KeywordAnalyzer.named(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
