package dev.quiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks the facade and the vector store call on what they receive around items: lists and plain ids. */
class PreconditionsTest {
  private static final Item A = Item.of("a", "text");

  @Test
  void requireIdsRefusesANullCollectionAndNamesTheIndexOfANullOrInvalidId() {
    assertThatThrownBy(() -> Preconditions.requireIds(null))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found null");
    assertThatThrownBy(() -> Preconditions.requireIds(Arrays.asList("a", null, "c")))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id 1 of 3")
        .hasMessageContaining("found null");
    assertThatThrownBy(() -> Preconditions.requireIds(new LinkedHashSet<>(List.of("a", "b", "", "d"))))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id 2 of 4")
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> Preconditions.requireIds(List.of("a", "\uDC00")))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id 1 of 2")
        .hasMessageContaining("U+DC00 at char index 0");
    List<String> ids = List.of("a", "\uD83D\uDE00");
    assertThat(Preconditions.requireIds(ids)).isSameAs(ids);
  }

  @Test
  void requireIdRefusesWhatNoItemCouldHaveAsItsId() {
    assertThatThrownBy(() -> Preconditions.requireId(null))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("found null");
    assertThatThrownBy(() -> Preconditions.requireId(""))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> Preconditions.requireId("x".repeat(Item.MAX_ID_LENGTH + 1)))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("513 characters");
    assertThatThrownBy(() -> Preconditions.requireId("a\uD800"))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("char index 1");
    assertThat(Preconditions.requireId("msg:42")).isEqualTo("msg:42");
  }

  @Test
  void requireItemsRefusesANullListAndNamesTheIndexOfANullItem() {
    assertThatThrownBy(() -> Preconditions.requireItems(null))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found null");
    List<Item> items = new ArrayList<>(Arrays.asList(A, A, null));
    assertThatThrownBy(() -> Preconditions.requireItems(items))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item 2 of 3 is null");
    assertThatThrownBy(() -> Preconditions.requireItem(null))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found null");
    assertThat(Preconditions.requireItems(List.of(A))).containsExactly(A);
    assertThat(Preconditions.requireItem(A)).isSameAs(A);
  }

  @Test
  void requireArgumentNamesTheArgument() {
    assertThatThrownBy(() -> Preconditions.requireArgument(null, "search request"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("search request must not be null; found null");
    assertThat(Preconditions.requireArgument("x", "anything")).isEqualTo("x");
  }

  @Test
  void requireQueryTextRefusesNullAndTextLongerThanAnyItemHolds() {
    assertThatThrownBy(() -> Checks.requireQueryText(null))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("found null");
    assertThatThrownBy(() -> Checks.requireQueryText("q".repeat(Item.MAX_TEXT_LENGTH + 1)))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most " + Item.MAX_TEXT_LENGTH);
    assertThat(Checks.requireQueryText("")).isEmpty();
  }
}
