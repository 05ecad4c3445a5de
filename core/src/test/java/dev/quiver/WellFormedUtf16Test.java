package dev.quiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Every string Quiver stores or matches on must be well-formed UTF-16: sqlite-jdbc writes an unpaired surrogate
 * as '?', Lucene as U+FFFD, so an ill-formed id became another item's id after a restart, and the two sides
 * disagreed about it. Ill-formed strings are refused in every position; every well-formed string is accepted.
 */
class WellFormedUtf16Test {

  /** Every place a caller's string enters an item or a filter. */
  enum Position {
    ID, TEXT, ATTRIBUTE_NAME, ATTRIBUTE_VALUE, EQ_KEY, EQ_VALUE, IN_KEY, IN_VALUE;

    void use(String s) {
      switch (this) {
        case ID -> Item.of(s, "text");
        case TEXT -> Item.of("msg:1", s);
        case ATTRIBUTE_NAME -> Item.of("msg:1", "text", Map.of(s, "ops"));
        case ATTRIBUTE_VALUE -> Item.of("msg:1", "text", Map.of("room", s));
        case EQ_KEY -> Filter.eq(s, "ops");
        case EQ_VALUE -> Filter.eq("room", s);
        case IN_KEY -> Filter.in(s, "ops", "dev");
        case IN_VALUE -> Filter.in("room", "ops", s);
      }
    }
  }

  @Test
  void idWithLoneSurrogateIsRefusedBecauseSqliteWouldStoreItAsQuestionMark() {
    assertThatCode(() -> Item.of("?", "a")).doesNotThrowAnyException();
    assertThatThrownBy(() -> Item.of("\uD800", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item id")
        .hasMessageContaining("U+D800")
        .hasMessageContaining("char index 0");
  }

  @Test
  void messagesNameTheItemTheFieldAndTheCharIndex() {
    assertThatThrownBy(() -> Item.of("msg:7", "ok \uDC01 then"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text of item 'msg:7'")
        .hasMessageContaining("U+DC01 at char index 3")
        .hasMessageContaining("U+FFFD");
    assertThatThrownBy(() -> Item.of("msg:7", "t", Map.of("ro\uD83Dm", "ops")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attribute name")
        .hasMessageContaining("item 'msg:7'")
        .hasMessageContaining("U+D83D at char index 2");
    assertThatThrownBy(() -> Item.of("msg:7", "t", Map.of("room", "op\uDE00s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attribute 'room' of item 'msg:7'")
        .hasMessageContaining("U+DE00 at char index 2");
    assertThatThrownBy(() -> Item.of("msg:\uD800", "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'msg:\\uD800'") // the id is quoted with the bad unit escaped, not printed raw
        .hasMessageContaining("char index 4");
    assertThatThrownBy(() -> Filter.eq("room", "x\uDFFF"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attribute value in a filter")
        .hasMessageContaining("U+DFFF at char index 1");
  }

  @Property(tries = 2000)
  void anyStringWithAnUnpairedSurrogateIsRefusedInEveryPosition(@ForAll Position position,
      @ForAll("illFormed") IllFormed s) {
    assertThatThrownBy(() -> position.use(s.value()))
        .as("%s in %s", escape(s.value()), position)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.format(Locale.ROOT, "U+%04X at char index %d", (int) s.lone(), s.index()));
  }

  @Property(tries = 2000)
  void anyWellFormedStringIsAcceptedInEveryPosition(@ForAll Position position, @ForAll("wellFormed") String s) {
    assertThatCode(() -> position.use(s)).as("%s in %s", escape(s), position).doesNotThrowAnyException();
  }

  @Property(tries = 500)
  void wellFormedStringsAreKeptExactly(@ForAll("wellFormed") String id, @ForAll("wellFormed") String text,
      @ForAll("wellFormed") String name, @ForAll("wellFormed") String value) {
    Item item = Item.of(id, text, Map.of(name, value));
    assertThat(item.id()).isEqualTo(id);
    assertThat(item.text()).isEqualTo(text);
    assertThat(item.attributes()).isEqualTo(Map.of(name, value));
  }

  @Test
  void astralCodePointsAndTheReplacementCharacterAreWellFormed() {
    for (String s : List.of("\uD83D\uDE00", "chat \uD83D\uDCAC room", "\uFFFD", "\uDBFF\uDFFF", "\u0000", "?")) {
      for (Position p : Position.values()) {
        assertThatCode(() -> p.use(s)).as("%s in %s", escape(s), p).doesNotThrowAnyException();
      }
    }
  }

  /** An ill-formed string: a well-formed prefix, one unpaired surrogate, a well-formed suffix. */
  record IllFormed(String value, char lone, int index) {}

  @Provide
  Arbitrary<IllFormed> illFormed() {
    // A high surrogate followed by a well-formed suffix (which starts with a non-surrogate or a high surrogate)
    // is unpaired, and so is a low surrogate after a well-formed prefix (which ends with a non-surrogate or a
    // low one): the first bad unit is always at prefix.length().
    Arbitrary<Character> lone = Arbitraries.chars().range(Character.MIN_SURROGATE, Character.MAX_SURROGATE);
    return Combinators.combine(wellFormedOfLength(0, 40), lone, wellFormedOfLength(0, 40))
        .as((prefix, c, suffix) -> new IllFormed(prefix + c + suffix, c, prefix.length()));
  }

  @Provide
  Arbitrary<String> wellFormed() {
    return wellFormedOfLength(1, 40);
  }

  /** Strings of {@code min} to {@code max} code points, from ASCII, the rest of the BMP and the astral planes. */
  static Arbitrary<String> wellFormedOfLength(int min, int max) {
    Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 0x7F)),
        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x80, Character.MIN_SURROGATE - 1)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(Character.MAX_SURROGATE + 1, 0xFFFF)),
        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)));
    return codePoint.list().ofMinSize(min).ofMaxSize(max).map(cps -> {
      StringBuilder b = new StringBuilder();
      cps.forEach(b::appendCodePoint);
      return b.toString();
    });
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c < 0x20 || c > 0x7E ? String.format(Locale.ROOT, "\\u%04X", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }
}
