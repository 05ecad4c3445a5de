package dev.quiver.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.Filter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/** The filter expression syntax of {@code --filter}: what each form means, its errors, and a round trip. */
class FilterExpressionTest {
  private static Filter parse(String text) {
    return FilterExpression.parse(text);
  }

  @Property(tries = 1000)
  void printingAFilterAndParsingItBackGivesAnEqualFilter(@ForAll("filters") Filter filter) {
    String text = FilterPrinter.print(filter);
    assertThat(parse(text)).as(text).isEqualTo(filter);
  }

  @Provide
  Arbitrary<Filter> filters() {
    return Arbitraries.recursive(FilterExpressionTest::leaves, self -> Arbitraries.frequencyOf(
        Tuple.of(3, leaves()),
        Tuple.of(2, self.map(Filter::not)),
        Tuple.of(2, self.list().ofMinSize(2).ofMaxSize(3).map(Filter.And::new)),
        Tuple.of(2, self.list().ofMinSize(2).ofMaxSize(3).map(Filter.Or::new))), 0, 6)
        .ignoreException(IllegalArgumentException.class); // a rare tree passes a limit of Filter
  }

  private static Arbitrary<Filter> leaves() {
    // keys that are bare words, keywords, and text that must be quoted
    Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of("room", "priority", "not", "in", "and", "has",
        "exists", "contains", "a b", "x=y", "q\"uote", "back\\slash", "msg:42", "-3"),
        Arbitraries.strings().withCharRange('a', 'z').withChars(' ', '(', ')', ',', '"', '\'', '\\', '=', 'é')
            .ofMinLength(1).ofMaxLength(8));
    Arbitrary<Object> values = Arbitraries.oneOf(
        Arbitraries.strings().withCharRange(' ', '~').withChars('é', '\t').ofMaxLength(10).map(s -> (Object) s),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.of(Double.POSITIVE_INFINITY, -0.0, 1e300, 3.0).map(d -> (Object) d),
        Arbitraries.of(true, false).map(b -> (Object) b));
    Arbitrary<Object> bounds = Arbitraries.oneOf(
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(6).map(s -> (Object) s),
        Arbitraries.longs().map(l -> (Object) l), Arbitraries.doubles().map(d -> (Object) d));
    Arbitrary<Filter> range = Combinators.combine(keys, bounds, Arbitraries.integers().between(0, 3))
        .as((k, b, op) -> switch (op) {
          case 0 -> new Filter.Range(k, b, false, null, false);
          case 1 -> new Filter.Range(k, b, true, null, false);
          case 2 -> new Filter.Range(k, null, false, b, false);
          default -> new Filter.Range(k, null, false, b, true);
        });
    return Arbitraries.oneOf(
        Combinators.combine(keys, values).as(Filter.Eq::new),
        Combinators.combine(keys, values.list().ofMinSize(1).ofMaxSize(4)).as(Filter::in),
        range,
        keys.map(Filter::exists),
        Combinators.combine(keys, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(6)).as(Filter::contains),
        Combinators.combine(Arbitraries.longs(), Arbitraries.longs().between(0, Long.MAX_VALUE))
            .as((from, width) -> Filter.timeRange(from, from + Math.min(width, Long.MAX_VALUE - Math.max(from, 0)))));
  }

  @Test
  void plainEqualityWidensANumberAsKeyEqualsValueAlwaysDid() {
    assertThat(parse("priority=3")).isEqualTo(Filter.in("priority", List.of("3", 3L)));
    assertThat(parse("room=ops")).isEqualTo(Filter.eq("room", "ops"));
    assertThat(parse("ok = true")).isEqualTo(Filter.in("ok", List.of("true", true)));
  }

  @Test
  void quotedValuesAreExactlyTheStringAndMayHoldSpaces() {
    assertThat(parse("title = \"release notes\"")).isEqualTo(Filter.eq("title", "release notes"));
    assertThat(parse("n = '3'")).isEqualTo(Filter.eq("n", "3"));
    assertThat(parse("n = num(3)")).isEqualTo(Filter.eq("n", 3L));
    assertThat(parse("n = num(2.5)")).isEqualTo(Filter.eq("n", 2.5));
    assertThat(parse("ok = bool(false)")).isEqualTo(Filter.eq("ok", false));
  }

  @Test
  void everyOperatorMapsToTheLibrarysFilter() {
    assertThat(parse("room != ops")).isEqualTo(Filter.ne("room", "ops"));
    assertThat(parse("not room = ops")).isEqualTo(Filter.ne("room", "ops"));
    assertThat(parse("room in (ops,dev)")).isEqualTo(Filter.in("room", "ops", "dev"));
    assertThat(parse("room not in (ops, \"a b\")")).isEqualTo(Filter.notIn("room", "ops", "a b"));
    assertThat(parse("priority >= 3")).isEqualTo(Filter.gte("priority", 3L));
    assertThat(parse("priority>2.5")).isEqualTo(Filter.gt("priority", 2.5));
    assertThat(parse("name < m")).isEqualTo(Filter.lt("name", "m"));
    assertThat(parse("name <= \"3\"")).isEqualTo(Filter.lte("name", "3"));
    assertThat(parse("has(thread)")).isEqualTo(Filter.exists("thread"));
    assertThat(parse("exists thread")).isEqualTo(Filter.exists("thread"));
    assertThat(parse("title contains \"release n\"")).isEqualTo(Filter.contains("title", "release n"));
    assertThat(parse("title contains 3")).isEqualTo(Filter.contains("title", "3"));
    assertThat(parse("timeRange(0, 2026-11-02)")).isEqualTo(Filter.timeRange(0,
        Instant.parse("2026-11-02T00:00:00Z").toEpochMilli()));
  }

  @Test
  void andBindsTighterThanOrAndParenthesesGroup() {
    Filter a = Filter.eq("a", "x");
    Filter b = Filter.eq("b", "x");
    Filter c = Filter.eq("c", "x");
    assertThat(parse("a=x or b=x and c=x")).isEqualTo(Filter.or(a, Filter.and(b, c)));
    assertThat(parse("(a=x or b=x) and c=x")).isEqualTo(Filter.and(Filter.or(a, b), c));
    assertThat(parse("not (a=x or b=x)")).isEqualTo(Filter.not(Filter.or(a, b)));
    assertThat(parse("a=x and b=x and c=x")).isEqualTo(Filter.and(a, b, c));
  }

  @Test
  void keywordsAreKeysWhereAnOperatorFollows() {
    assertThat(parse("not = x")).isEqualTo(Filter.eq("not", "x"));
    assertThat(parse("exists in (x)")).isEqualTo(Filter.in("exists", "x"));
    assertThat(parse("\"and\" = x")).isEqualTo(Filter.eq("and", "x"));
  }

  @Test
  void errorsNameTheColumnWhatWasExpectedAndWhatWasFound() {
    assertSyntax("room in ()", 10, "expected a value after 'in (' at column 10, found ')'");
    assertSyntax("room in (ops", 13, "expected ',' or ')' in the list after 'in (' at column 13, found the end");
    assertSyntax("room ops", 6, "expected an operator after 'room' (=, !=, <, <=, >, >=, in, not in, contains: "
        + "key=value, key >= 3, key in (a,b), key contains text) at column 6, found 'ops'");
    assertSyntax("title contains num(3)", 16, "expected a string after 'contains' (it matches string attributes "
        + "that hold it) at column 16, found 'num'");
    assertSyntax("(room = ops", 12, "expected ')' to close the '(' at column 1 at column 12, found the end");
    assertSyntax("room = ops or", 14, "expected a condition");
    assertSyntax("title = \"release", 17, "expected a closing \" for the string opened at column 9, found the end");
    assertSyntax("room ! ops", 6, "expected '!=' at column 6, found '!'");
    assertSyntax("", 1, "expected a filter");
    assertSyntax("n = num(x)", 9, "expected a number inside 'num(' at column 9, found 'x'");
    assertSyntax("ok > bool(true)", 1, "booleans have no range");
  }

  @Test
  void nestingDeeperThanTheLibraryAllowsIsASyntaxErrorNotAStackOverflow() {
    String deep = "(".repeat(10_000) + "a=x" + ")".repeat(10_000);
    assertThatThrownBy(() -> parse(deep)).isInstanceOf(FilterExpression.SyntaxException.class)
        .hasMessageContaining("expected at most " + Filter.MAX_DEPTH + " levels of nesting");
  }

  @Test
  void converterKeepsPlainKeyEqualsValueForTextThatIsNoExpression() {
    FilterConverter c = new FilterConverter();
    assertThat(c.convert("title=release notes")).isEqualTo(Filter.eq("title", "release notes"));
    assertThat(c.convert("room=")).isEqualTo(Filter.eq("room", ""));
    assertThat(c.convert("url=https://x/?a=b")).isEqualTo(Filter.eq("url", "https://x/?a=b"));
    assertThat(c.convert("n=2.50")).isEqualTo(Filter.in("n", List.of("2.50", 2.5)));
  }

  @Test
  void timesAreDatesDateTimesOrDurationsBackFromNow() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-10T12:00:00Z"), ZoneOffset.UTC);
    assertThat(TimeSpec.instant("2026-11-01", false, clock)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z")
        .toEpochMilli());
    assertThat(TimeSpec.instant("2026-11-01", true, clock)).isEqualTo(Instant.parse("2026-11-02T00:00:00Z")
        .toEpochMilli());
    assertThat(TimeSpec.instant("2026-11-01T09:30:00+01:00", true, clock))
        .isEqualTo(Instant.parse("2026-11-01T08:30:00Z").toEpochMilli());
    assertThat(TimeSpec.instant("2026-11-01T08:30", false, clock))
        .isEqualTo(Instant.parse("2026-11-01T08:30:00Z").toEpochMilli());
    assertThat(TimeSpec.instant("7d", false, clock)).isEqualTo(Instant.parse("2026-11-03T12:00:00Z").toEpochMilli());
    assertThat(TimeSpec.instant("12h", false, clock)).isEqualTo(Instant.parse("2026-11-10T00:00:00Z").toEpochMilli());
    assertThat(TimeSpec.instant("PT30M", false, clock)).isEqualTo(Instant.parse("2026-11-10T11:30:00Z")
        .toEpochMilli());
    assertThatThrownBy(() -> TimeSpec.instant("yesterday", false, clock))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found 'yesterday'");
  }

  private static void assertSyntax(String text, int column, String message) {
    assertThatThrownBy(() -> parse(text)).isInstanceOfSatisfying(FilterExpression.SyntaxException.class, e -> {
      assertThat(e.getMessage()).contains(message);
      assertThat(e.column()).as(e.getMessage()).isEqualTo(column);
    });
  }
}
