package dev.quiver.cli;

import dev.quiver.Filter;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --filter key=value}: attribute equality. A value that reads as a number or a boolean also matches
 * attributes of that type: {@code priority=3} matches {@code "3"}, {@code 3} and {@code 3.0}.
 */
final class FilterConverter implements ITypeConverter<Filter.Eq> {
  @Override
  public Filter.Eq convert(String value) {
    int eq = value.indexOf('=');
    if (eq <= 0) {
      throw new TypeConversionException("expected key=value (an attribute and the value it must equal); found '"
          + value + "'");
    }
    return new Filter.Eq(value.substring(0, eq), value.substring(eq + 1));
  }

  /** All of {@code filters} (AND); everything when there are none. */
  static Filter and(List<Filter.Eq> filters) {
    if (filters == null || filters.isEmpty()) {
      return Filter.all();
    }
    Filter[] typed = filters.stream().map(FilterConverter::typed).toArray(Filter[]::new);
    return typed.length == 1 ? typed[0] : Filter.and(typed);
  }

  /** {@code eq} as typed on the command line, widened to the number or boolean the text spells. */
  static Filter typed(Filter.Eq eq) {
    String text = (String) eq.value();
    Object other = null;
    if (text.equals("true") || text.equals("false")) {
      other = Boolean.parseBoolean(text);
    } else {
      try {
        other = Long.parseLong(text);
      } catch (NumberFormatException notLong) {
        try {
          double d = Double.parseDouble(text);
          other = Double.isNaN(d) ? null : d;
        } catch (NumberFormatException notNumber) {
          other = null;
        }
      }
    }
    return other == null ? eq : Filter.in(eq.key(), List.of(text, other));
  }
}
