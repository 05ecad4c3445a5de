package dev.quiver;

import static dev.quiver.HostileInputs.assertRefused;

import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The bad-input suite, first level: every hostile argument to the value types ({@link Item}, {@link Filter},
 * {@link SearchRequest}) is refused with an {@link IllegalArgumentException} that has a message. The second
 * level runs the same kinds of input through real stores ({@code store.BadInputVectorStoreTest} here,
 * {@code hybrid.BadInputQuiverTest} in lucene-keyword).
 */
class BadInputValueTypesTest {
  private static final AtomicInteger CASES = new AtomicInteger();

  @AfterContainer
  static void report() {
    System.out.println("BadInputValueTypesTest: " + CASES.get() + " hostile inputs run");
  }

  @Property(tries = 3_000)
  void badItemArgumentsAreRefused(@ForAll("badItems") HostileInputs.ItemArgs args) {
    CASES.incrementAndGet();
    assertRefused(args::build, args);
  }

  @Property(tries = 3_000)
  void badFiltersAreRefused(@ForAll("badFilters") HostileInputs.FilterArgs args) {
    CASES.incrementAndGet();
    assertRefused(args::build, args);
  }

  @Property(tries = 1_000)
  void searchLimitsOutOfRangeAreRefused(@ForAll("badLimits") int limit) {
    CASES.incrementAndGet();
    assertRefused(() -> SearchRequest.of("deploy").limit(limit), "limit " + limit);
    assertRefused(() -> SearchRequest.of(new float[] {1, 0, 0}).limit(limit), "vector request, limit " + limit);
  }

  /** Fails until SearchRequest's constructor calls {@code Checks.requireQueryText(text)}: today an NPE. */
  @Example
  void searchRequestWithNullTextIsRefused() {
    CASES.incrementAndGet();
    assertRefused(() -> SearchRequest.of((String) null), "SearchRequest.of(null)");
    assertRefused(() -> SearchRequest.of((float[]) null), "SearchRequest.of((float[]) null)");
    assertRefused(() -> SearchRequest.of("deploy").filter(null), "a null filter");
  }

  /** Fails until SearchRequest's constructor calls {@code Checks.requireQueryText(text)}: today accepted. */
  @Property(tries = 20)
  void searchTextLongerThanAnyItemTextIsRefused(@ForAll("tooLongText") String text) {
    CASES.incrementAndGet();
    assertRefused(() -> SearchRequest.of(text), HostileInputs.show(text));
  }

  @Provide
  Arbitrary<HostileInputs.ItemArgs> badItems() {
    return HostileInputs.badItems();
  }

  @Provide
  Arbitrary<HostileInputs.FilterArgs> badFilters() {
    return HostileInputs.badFilters();
  }

  @Provide
  Arbitrary<Integer> badLimits() {
    return HostileInputs.badLimits();
  }

  @Provide
  Arbitrary<String> tooLongText() {
    return HostileInputs.longerThan(Item.MAX_TEXT_LENGTH);
  }
}
