package dev.quiver;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A null where a value belongs is bad input, refused with an {@link IllegalArgumentException} that says what
 * was expected and what was found, never a {@link NullPointerException} from deep inside a copy.
 */
class NullInputTest {

  @Test
  void nullAttributeNameIsRefusedNamingTheItemInsteadOfMapCopyOfThrowingNpe() {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("room", "ops");
    attributes.put(null, "x");
    assertThatThrownBy(() -> Item.of("msg:1", "t", attributes))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item 'msg:1'")
        .hasMessageContaining("null name");
  }

  @Test
  void nullAttributeValueIsRefusedNamingTheItemAndTheAttribute() {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("room", null);
    assertThatThrownBy(() -> Item.of("msg:1", "t", attributes))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attribute 'room' of item 'msg:1'")
        .hasMessageContaining("null value");
  }

  @Test
  void nullArraysOfFiltersAreRefused() {
    assertThatThrownBy(() -> Filter.and((Filter[]) null))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("and(...)")
        .hasMessageContaining("found null");
    assertThatThrownBy(() -> Filter.or((Filter[]) null))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("or(...)")
        .hasMessageContaining("found null");
    assertThatThrownBy(() -> new Filter.And(null)).isExactlyInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Filter.Or(null)).isExactlyInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nullOperandIsRefusedNamingItsIndex() {
    Filter eq = Filter.eq("room", "ops");
    assertThatThrownBy(() -> Filter.and(eq, null))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operand 1 of and(...) is null");
    assertThatThrownBy(() -> Filter.or(null, eq, eq))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operand 0 of or(...) is null");
    assertThatThrownBy(() -> new Filter.And(Arrays.asList(eq, eq, null)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operand 2 of and(...) is null");
  }

  @Test
  void notOfNullIsRefused() {
    assertThatThrownBy(() -> Filter.not(null))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not(...)")
        .hasMessageContaining("found null");
  }

  @Test
  void nullInValuesAreRefused() {
    assertThatThrownBy(() -> Filter.in("room", (String[]) null))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("in('room')")
        .hasMessageContaining("found null");
    assertThatThrownBy(() -> Filter.in("room", "ops", null))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value 1 of in('room') is null");
    assertThatThrownBy(() -> new Filter.In("room", null))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found null");
    Set<String> withNull = new HashSet<>(Arrays.asList("ops", null));
    assertThatThrownBy(() -> new Filter.In("room", withNull))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("of in('room') is null");
    assertThatThrownBy(() -> Filter.in(null, "ops"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attribute name in a filter")
        .hasMessageContaining("found null");
  }

  @Test
  void nullEqKeyOrValueIsRefused() {
    assertThatThrownBy(() -> Filter.eq(null, "ops"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attribute name in a filter")
        .hasMessageContaining("found null");
    assertThatThrownBy(() -> Filter.eq("room", null))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attribute value in a filter")
        .hasMessageContaining("found null");
  }
}
