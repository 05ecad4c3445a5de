package dev.quiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A filter's nesting and size are bounded when it is built, so no evaluator can overflow its stack and the
 * Lucene side never runs out of clauses: hostile testing found {@code not} nested 1,000 deep throwing
 * {@link StackOverflowError}, and an {@code or} of 5,000 {@code eq} failing as an I/O error on every side.
 */
class FilterLimitsTest {
  private static final Filter EQ = Filter.eq("room", "ops");

  private static Filter notNested(int depth) {
    Filter f = EQ;
    for (int d = 1; d < depth; d++) {
      f = Filter.not(f);
    }
    return f;
  }

  private static Filter[] eqs(int n) {
    return IntStream.range(0, n).mapToObj(i -> Filter.eq("room", "r" + i)).toArray(Filter[]::new);
  }

  private static String[] values(int n) {
    return IntStream.range(0, n).mapToObj(i -> "v" + i).toArray(String[]::new);
  }

  @Test
  void notNestedAThousandDeepIsRefusedAtTheDepthLimitInsteadOfOverflowingTheStack() {
    assertThatThrownBy(() -> notNested(1_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("33 levels deep")
        .hasMessageContaining("at most " + Filter.MAX_DEPTH);
  }

  @Test
  void depthLimitIsInclusiveAndCountsEveryCombinator() {
    assertThat(Filter.MAX_DEPTH).isEqualTo(32);
    assertThatCode(() -> notNested(Filter.MAX_DEPTH)).doesNotThrowAnyException();
    Filter deepest = notNested(Filter.MAX_DEPTH);
    assertThatThrownBy(() -> Filter.not(deepest)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Filter.and(deepest)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Filter.or(EQ, deepest)).isInstanceOf(IllegalArgumentException.class);

    // a left-deep fold, and(and(and(a, b), c), d)..., is the usual way to get here by accident: the message
    // says how to build it instead
    Filter fold = EQ;
    for (int i = 1; i < Filter.MAX_DEPTH; i++) {
      fold = Filter.and(fold, Filter.eq("k" + i, "v"));
    }
    Filter deepestFold = fold;
    assertThatThrownBy(() -> Filter.and(deepestFold, EQ))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("and(a, b, c, ...)");
  }

  @Test
  void orOfFiveThousandEqIsRefusedWithTheConditionLimitInsteadOfFailingEverySide() {
    assertThatThrownBy(() -> Filter.or(eqs(5_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5000 conditions")
        .hasMessageContaining("at most " + Filter.MAX_CONDITIONS)
        .hasMessageContaining("Filter.in");
  }

  @Test
  void conditionLimitIsInclusiveAndCountsLeavesThroughNesting() {
    assertThat(Filter.MAX_CONDITIONS).isEqualTo(256);
    assertThatCode(() -> Filter.or(eqs(256))).doesNotThrowAnyException();
    assertThatCode(() -> Filter.and(eqs(256))).doesNotThrowAnyException();
    assertThatThrownBy(() -> Filter.and(eqs(257))).isInstanceOf(IllegalArgumentException.class);

    Filter a = Filter.or(eqs(200));
    Filter b = Filter.and(eqs(56));
    assertThatCode(() -> Filter.and(a, b)).doesNotThrowAnyException();
    assertThatThrownBy(() -> Filter.and(a, b, EQ))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("257 conditions");
  }

  @Test
  void notAddsNoConditionAndEmptyCombinationsAndAllCountAsOne() {
    List<Filter> negated = new ArrayList<>();
    for (Filter eq : eqs(256)) {
      negated.add(Filter.not(Filter.not(eq)));
    }
    assertThatCode(() -> new Filter.Or(negated)).doesNotThrowAnyException();

    List<Filter> empties = new ArrayList<>(Collections.nCopies(128, Filter.and()));
    empties.addAll(Collections.nCopies(127, Filter.or()));
    empties.add(Filter.all());
    assertThatCode(() -> new Filter.And(empties)).doesNotThrowAnyException();
    empties.add(Filter.not(Filter.and()));
    assertThatThrownBy(() -> new Filter.And(empties))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("257 conditions");
  }

  @Test
  void anInCountsAsOneConditionAndHoldsAtMostMaxInValues() {
    assertThat(Filter.MAX_IN_VALUES).isEqualTo(4_096);
    List<Filter> parts = new ArrayList<>(List.of(eqs(Filter.MAX_CONDITIONS - 1)));
    parts.add(Filter.in("room", values(Filter.MAX_IN_VALUES)));
    assertThatCode(() -> new Filter.Or(parts)).doesNotThrowAnyException();
    assertThatThrownBy(() -> Filter.in("room", values(Filter.MAX_IN_VALUES + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("in('room')")
        .hasMessageContaining("4097 values")
        .hasMessageContaining("at most 4096");
  }

  @Test
  void valuesOfAllTheInConditionsOfAFilterAreBoundedTogether() {
    assertThat(Filter.MAX_VALUES).isEqualTo(16_384);
    Filter in = Filter.in("room", values(Filter.MAX_IN_VALUES));
    Filter largest = new Filter.Or(Collections.nCopies(Filter.MAX_VALUES / Filter.MAX_IN_VALUES, in));
    assertThatCode(() -> Filter.and(largest, EQ)).doesNotThrowAnyException();
    assertThatThrownBy(() -> Filter.and(largest, Filter.in("kind", "bot")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16385 values")
        .hasMessageContaining("at most 16384");
  }

  @Test
  void filterKeysAndValuesHaveTheLimitsOfTheAttributesTheyMatch() {
    String longestName = "k".repeat(Item.MAX_ATTRIBUTE_NAME_LENGTH);
    String longestValue = "v".repeat(Item.MAX_ATTRIBUTE_VALUE_LENGTH);
    assertThatCode(() -> Filter.eq(longestName, longestValue)).doesNotThrowAnyException();
    assertThatCode(() -> Filter.in(longestName, longestValue, "")).doesNotThrowAnyException();
    assertThatCode(() -> Filter.eq("room", "")).doesNotThrowAnyException();

    assertThatThrownBy(() -> Filter.eq("", "ops"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attribute name in a filter must be 1 to 256 characters")
        .hasMessageContaining("found 0");
    assertThatThrownBy(() -> Filter.in(longestName + "k", "ops"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 257");
    assertThatThrownBy(() -> Filter.eq("room", longestValue + "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attribute value in a filter")
        .hasMessageContaining("4097 characters");
    assertThatThrownBy(() -> Filter.in("room", "ops", longestValue + "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4097 characters");
  }
}
