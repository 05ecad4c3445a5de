package dev.quiver.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.Item;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled corpus reads as items, whole or as a prefix, and the demo's part comes first. */
class DemoCorpusTest {
  @Test
  void readsTheWholeBundledCorpusAsDistinctRealItems() {
    List<Item> items = DemoCorpus.items(DemoCorpus.SIZE);
    assertThat(items).hasSize(2000).allSatisfy(i -> {
      assertThat(i.text()).hasSizeGreaterThan(200);
      assertThat(i.attributes()).containsKeys("section", "priority");
    });
    assertThat(items).extracting(Item::id).doesNotHaveDuplicates();
  }

  @Test
  void theDemosItemsAreThePrefixSortedById() {
    List<String> demo = DemoCorpus.items(DemoCorpus.DEMO_SIZE).stream().map(Item::id).toList();
    assertThat(demo).hasSize(1500).isSorted().contains("aspell-nl", "64tass");
    assertThat(DemoCorpus.items(DemoCorpus.SIZE).subList(0, DemoCorpus.DEMO_SIZE)).extracting(Item::id)
        .isEqualTo(demo);
  }

  @Test
  void aSourceCountsOnlyTheItemsItWillYield() {
    try (ItemSource source = DemoCorpus.open(3)) {
      assertThat(source.expectedCount()).isEqualTo(3);
      int n = 0;
      while (source.hasNext()) {
        source.next();
        n++;
      }
      assertThat(n).isEqualTo(3);
      assertThat(source.describe()).isEqualTo("debian-packages.jsonl.gz");
    }
  }

  @Test
  void refusesALimitOutsideTheCorpus() {
    assertThatThrownBy(() -> DemoCorpus.open(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the demo corpus holds 2000 items; asked for the first 0 (expected 1 to 2000)");
    assertThatThrownBy(() -> DemoCorpus.open(2001)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first 2001");
  }
}
