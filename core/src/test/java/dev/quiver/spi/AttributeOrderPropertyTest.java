package dev.quiver.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link AttributeOrder} against plain references: BigDecimal for numbers, UTF-8 bytes for strings. */
class AttributeOrderPropertyTest {
  @Property(tries = 3_000)
  void numbersCompareAsTheirExactDecimalValues(@ForAll("numbers") Number a, @ForAll("numbers") Number b) {
    int expected = Integer.signum(exact(a).compareTo(exact(b)));
    assertThat(Integer.signum(AttributeOrder.compareNumbers(a, b))).isEqualTo(expected);
  }

  @Property(tries = 3_000)
  void sortableBytesOrderAndEqualAsTheNumbersDo(@ForAll("numbers") Number a, @ForAll("numbers") Number b) {
    int expected = Integer.signum(exact(a).compareTo(exact(b)));
    int actual = Integer.signum(Arrays.compareUnsigned(AttributeOrder.sortableNumber(a),
        AttributeOrder.sortableNumber(b)));
    assertThat(actual).isEqualTo(expected);
  }

  @Property(tries = 2_000)
  void stringsCompareAsTheirUtf8Bytes(@ForAll("strings") String a, @ForAll("strings") String b) {
    int expected = Integer.signum(Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8)));
    assertThat(Integer.signum(AttributeOrder.compareStrings(a, b))).isEqualTo(expected);
  }

  private static BigDecimal exact(Number n) {
    if (n instanceof Long l) {
      return BigDecimal.valueOf(l);
    }
    double d = n.doubleValue();
    return Double.isInfinite(d) ? BigDecimal.valueOf(d > 0 ? 1 : -1).scaleByPowerOfTen(400) : new BigDecimal(d);
  }

  @Provide
  Arbitrary<Number> numbers() {
    Arbitrary<Long> nearPowers = Arbitraries.integers().between(0, 62).flatMap(p ->
        Arbitraries.longs().between(-3, 3).map(d -> (1L << p) + d));
    Arbitrary<Long> longs = Arbitraries.oneOf(Arbitraries.longs(), nearPowers, nearPowers.map(l -> -l),
        Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L));
    Arbitrary<Double> doubles = Arbitraries.oneOf(Arbitraries.doubles(), longs.map(Long::doubleValue),
        longs.map(l -> l + 0.5), Arbitraries.of(-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0x1p63,
            -0x1p63, Math.nextDown(0x1p63)));
    return Arbitraries.oneOf(longs.map(l -> (Number) l), doubles.map(d -> (Number) d));
  }

  @Provide
  Arbitrary<String> strings() {
    Arbitrary<String> chars = Arbitraries.oneOf(Arbitraries.chars().range('a', 'c'),
        Arbitraries.chars().range('\uE000', '\uE002'), Arbitraries.chars().range('\uFFFD', '\uFFFF'))
        .map(String::valueOf);
    Arbitrary<String> astral = Arbitraries.of("\uD83D\uDE00", "\uD800\uDC00", "\uDBFF\uDFFF");
    return Arbitraries.oneOf(chars, astral).list().ofMaxSize(4).map(parts -> String.join("", parts));
  }
}
