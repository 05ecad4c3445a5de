package dev.quiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Item;
import dev.quiver.datasets.JsonlItemReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The corpus the demo indexes is bundled whole and reads as items. */
class DemoCorpusTest {
  @Test
  void readsTheBundledDemoCorpus() {
    List<Item> items = new ArrayList<>();
    try (JsonlItemReader r = JsonlItemReader.open("debian-packages.jsonl.gz",
        () -> getClass().getResourceAsStream("/demo/debian-packages.jsonl.gz"))) {
      r.forEachRemaining(items::add);
    }
    assertThat(items).hasSize(1500).allSatisfy(i -> {
      assertThat(i.text()).hasSizeGreaterThan(200);
      assertThat(i.attributes()).containsKeys("section", "priority");
    });
    assertThat(items).extracting(Item::id).doesNotHaveDuplicates();
  }
}
