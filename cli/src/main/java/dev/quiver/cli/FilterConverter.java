package dev.quiver.cli;

import dev.quiver.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --filter EXPR}: the expression syntax of {@link FilterExpression}. The plain {@code KEY=VALUE} it
 * grew from reads as it always did, including values that are not expressions ({@code title=release notes},
 * {@code url=https://x/?a=b}): text that starts with a bare key and {@code =} and does not parse as an
 * expression is that key equal to everything after the first {@code =}. A value that reads as a number or a
 * boolean also matches attributes of that type: {@code priority=3} matches {@code "3"}, {@code 3} and
 * {@code 3.0}.
 */
final class FilterConverter implements ITypeConverter<Filter> {
  /** The grammar in short, for {@code --help}. */
  static final String HELP = "Only items that match EXPR; repeat for AND. EXPR is KEY=VALUE (equality; "
      + "KEY= matches an empty value) or an expression: KEY OP VALUE (OP one of = != < <= > >=), KEY in (V1,V2,...), "
      + "KEY not in (...), has(KEY) or exists KEY, not EXPR, EXPR and EXPR, EXPR or EXPR, parentheses. "
      + "A bare VALUE also matches the number or boolean it spells (3 matches \"3\", 3 and 3.0); quote a value "
      + "with spaces or to mean only the string (title = \"release notes\"); num(3) and bool(true) mean only the "
      + "number or boolean. Examples: --filter 'room in (ops,dev)' --filter 'priority >= 3 and not has(thread)'.";

  /** A bare key (no space, no operator character) directly followed by '='. */
  private static final Pattern PLAIN = Pattern.compile("([^\\s(),=!<>\"']+)=(.*)", Pattern.DOTALL);

  @Override
  public Filter convert(String value) {
    try {
      return FilterExpression.parse(value);
    } catch (FilterExpression.SyntaxException e) {
      Filter plain = plain(value);
      if (plain != null) {
        return plain;
      }
      throw new TypeConversionException(e.getMessage() + " in the filter '" + value + "'");
    }
  }

  /** {@code text} as the plain {@code KEY=VALUE} form, or null when it is not of that form. */
  private static @Nullable Filter plain(String text) {
    Matcher m = PLAIN.matcher(text);
    if (!m.matches()) {
      return null;
    }
    try {
      return typed(new Filter.Eq(m.group(1), m.group(2)));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** All of {@code filters} (AND), and {@code time} when not null; everything when there are none. */
  static Filter and(@Nullable List<Filter> filters, @Nullable Filter time) {
    List<Filter> all = new ArrayList<>(filters == null ? List.of() : filters);
    if (time != null) {
      all.add(time);
    }
    if (all.isEmpty()) {
      return Filter.all();
    }
    return all.size() == 1 ? all.get(0) : Filter.and(all.toArray(Filter[]::new));
  }

  /** {@code eq} as typed on the command line, widened to the number or boolean the text spells. */
  static Filter typed(Filter.Eq eq) {
    String text = (String) eq.value();
    Object other = FilterExpression.typed(text);
    return other == null ? eq : Filter.in(eq.key(), List.of(text, other));
  }
}
