package dev.quiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What {@link Filter#test} means, case by case: the reference that every side's property tests use. */
class FilterSemanticsTest {
  private static Item item(Map<String, ?> attributes) {
    return Item.of("i", null, attributes);
  }

  @Test
  void valuesKeepTheirTypeAndJavaTypesWidenExactly() {
    Item item = item(Map.of("i", 7, "s", (short) 2, "f", 0.1f, "b", true, "d", 2.5, "t", "x"));

    assertThat(item.attributes()).isEqualTo(Map.of("i", 7L, "s", 2L, "f", (double) 0.1f, "b", true, "d", 2.5,
        "t", "x"));
  }

  @Test
  void otherValueTypesAndNaNAreRefusedWithWhatWasFound() {
    assertThatThrownBy(() -> item(Map.of("u", UUID.randomUUID()))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attribute 'u' of item 'i' is a java.util.UUID; expected a String, Long, Double");
    assertThatThrownBy(() -> item(Map.of("n", Double.NaN))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is NaN");
    assertThatThrownBy(() -> Filter.eq("n", Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eq('n')").hasMessageContaining("NaN");
  }

  @Test
  void aStringNeverEqualsANumberOrABoolean() {
    assertThat(Filter.eq("k", "1").test(item(Map.of("k", 1L)))).isFalse();
    assertThat(Filter.eq("k", 1L).test(item(Map.of("k", "1")))).isFalse();
    assertThat(Filter.eq("k", true).test(item(Map.of("k", "true")))).isFalse();
    assertThat(Filter.eq("k", true).test(item(Map.of("k", true)))).isTrue();
  }

  @Test
  void numbersCompareAsNumbersExactly() {
    assertThat(Filter.eq("n", 5L).test(item(Map.of("n", 5.0)))).isTrue();
    assertThat(Filter.eq("n", 0.0).test(item(Map.of("n", -0.0)))).isTrue();
    long big = (1L << 53) + 1; // converted to a double it would round to 2^53
    assertThat(Filter.eq("n", (double) (1L << 53)).test(item(Map.of("n", big)))).isFalse();
    assertThat(Filter.gt("n", (double) (1L << 53)).test(item(Map.of("n", big)))).isTrue();
    assertThat(Filter.lt("n", big).test(item(Map.of("n", (double) (1L << 53))))).isTrue();
    assertThat(Filter.gte("n", 2).test(item(Map.of("n", 1.5)))).isFalse();
    assertThat(Filter.lte("n", 2).test(item(Map.of("n", 1.5)))).isTrue();
    assertThat(Filter.in("n", List.of(1, 2.5)).test(item(Map.of("n", 1.0)))).isTrue();
  }

  @Test
  void rangesMatchOnlyValuesOfTheirBoundsKind() {
    assertThat(Filter.gt("k", 0L).test(item(Map.of("k", "zzz")))).isFalse();
    assertThat(Filter.lt("k", "zzz").test(item(Map.of("k", 5L)))).isFalse();
    assertThat(Filter.gt("k", "a").test(item(Map.of("k", "b")))).isTrue();
    assertThatThrownBy(() -> new Filter.Range("k", true, true, null, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("booleans have no range");
    assertThatThrownBy(() -> new Filter.Range("k", 1L, true, "z", true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both must be numbers or both strings");
    assertThatThrownBy(() -> new Filter.Range("k", null, true, null, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a lower or an upper bound");
  }

  @Test
  void stringsCompareByCodePointNotByUtf16Unit() {
    String emoji = "\uD83D\uDE00"; // U+1F600, after U+FFFD by code point, before it by UTF-16 unit
    assertThat(Filter.gt("k", "\uFFFD").test(item(Map.of("k", emoji)))).isTrue();
    assertThat(Filter.lt("k", emoji).test(item(Map.of("k", "\uFFFD")))).isTrue();
  }

  @Test
  void negationsMatchItemsWithoutTheAttribute() {
    Item none = item(Map.of());
    assertThat(Filter.ne("room", "ops").test(none)).isTrue();
    assertThat(Filter.notIn("room", "ops", "dev").test(none)).isTrue();
    assertThat(Filter.not(Filter.exists("room")).test(none)).isTrue();
    assertThat(Filter.eq("room", "ops").test(none)).isFalse();
    assertThat(Filter.gt("n", 0L).test(none)).isFalse();
    assertThat(Filter.ne("room", "ops").test(item(Map.of("room", "ops")))).isFalse();
    assertThat(Filter.ne("room", "ops").test(item(Map.of("room", "dev")))).isTrue();
  }

  @Test
  void timeRangesAreHalfOpenAndNeverMatchAnItemWithoutATimestamp() {
    Filter range = Filter.timeRange(10, 20);
    assertThat(range.test(item(Map.of()).withTimestamp(10))).isTrue();
    assertThat(range.test(item(Map.of()).withTimestamp(20))).isFalse();
    assertThat(range.test(item(Map.of()))).isFalse();
  }

  /** The filter shown in the README, on items that pass and fail each of its conditions. */
  @Test
  void theReadmeFilterMeansWhatItSays() {
    long from = 100;
    long to = 200;
    // README filter example
    Filter filter = Filter.and(Filter.eq("room", "ops"), Filter.ne("kind", "bot"),
        Filter.gte("priority", 2), Filter.lt("score", 0.5),
        Filter.in("team", List.of("core", "infra")), Filter.exists("ticket"),
        Filter.contains("title", "Q3"),
        Filter.timeRange(from, to));
    Map<String, Object> passing = Map.of("room", "ops", "priority", 2.0, "score", 0.25, "team", "infra",
        "ticket", 17, "title", "Q3 plan");

    assertThat(filter.test(Item.of("a", null, passing).withTimestamp(150))).isTrue();
    for (String key : passing.keySet()) {
      Map<String, Object> without = new java.util.HashMap<>(passing);
      without.remove(key);
      assertThat(filter.test(Item.of("a", null, without).withTimestamp(150))).as("without " + key).isFalse();
    }
    Map<String, Object> lowerCase = new java.util.HashMap<>(passing);
    lowerCase.put("title", "q3 plan");
    assertThat(filter.test(Item.of("a", null, lowerCase).withTimestamp(150))).isFalse();
    Map<String, Object> bot = new java.util.HashMap<>(passing);
    bot.put("kind", "bot");
    assertThat(filter.test(Item.of("a", null, bot).withTimestamp(150))).isFalse();
    assertThat(filter.test(Item.of("a", null, passing).withTimestamp(200))).isFalse();
  }
  @Test
  void containsMatchesAStringThatHoldsTheSubstringCaseSensitively() {
    Item item = item(Map.of("title", "Quarterly Ops review"));

    assertThat(Filter.contains("title", "Ops rev").test(item)).isTrue();
    assertThat(Filter.contains("title", "Quarterly Ops review").test(item)).isTrue();
    assertThat(Filter.contains("title", "ops").test(item)).isFalse();
    assertThat(Filter.contains("title", "review!").test(item)).isFalse();
    assertThat(Filter.contains("missing", "").test(item)).isFalse();
  }

  @Test
  void containsTakesWildcardAndRegexpSyntaxAsPlainChars() {
    Item item = item(Map.of("path", "c:\\x.y*[(z?"));

    assertThat(Filter.contains("path", "\\x.").test(item)).isTrue();
    assertThat(Filter.contains("path", "*[(").test(item)).isTrue();
    assertThat(Filter.contains("path", ".*").test(item)).isFalse();
    assertThat(Filter.contains("path", "x?y").test(item)).isFalse();
  }

  @Test
  void containsMatchesNoNumberOrBooleanAndTheEmptySubstringEveryString() {
    // LangChain4j's ContainsString throws on a non-string value; a Quiver search never fails on a value's type
    assertThat(Filter.contains("k", "1").test(item(Map.of("k", 1L)))).isFalse();
    assertThat(Filter.contains("k", "true").test(item(Map.of("k", true)))).isFalse();
    assertThat(Filter.contains("k", "").test(item(Map.of("k", 2.5)))).isFalse();
    assertThat(Filter.contains("k", "").test(item(Map.of("k", "")))).isTrue();
    assertThat(Filter.not(Filter.contains("k", "x")).test(item(Map.of()))).isTrue();
  }

  @Test
  void containsRefusesABadKeyOrSubstringWithWhatWasFound() {
    assertThatThrownBy(() -> Filter.contains("k", null)).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contains('k')").hasMessageContaining("found null");
    assertThatThrownBy(() -> Filter.contains(null, "x")).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found null");
    assertThatThrownBy(() -> Filter.contains("", "x")).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 0");
    assertThatThrownBy(() -> Filter.contains("k", "x".repeat(Item.MAX_ATTRIBUTE_VALUE_LENGTH + 1)))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("contains('k')")
        .hasMessageContaining("has 4097 characters").hasMessageContaining("at most 4096");
    assertThatThrownBy(() -> Filter.contains("k", "a\uD83D")).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contains('k')").hasMessageContaining("well-formed UTF-16");
  }
}
