package dev.quiver.cli;

import dev.quiver.Filter;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --filter key=value}: attribute equality. */
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
    return filters.size() == 1 ? filters.get(0) : Filter.and(filters.toArray(new Filter[0]));
  }
}
