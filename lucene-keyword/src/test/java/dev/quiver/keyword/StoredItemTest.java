package dev.quiver.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Item;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredItemTest {
  @TempDir Path dir;

  @Test
  void getReturnsTheItemAsAppliedAndNothingAfterItsDeletion() throws Exception {
    Item full = new Item("msg:7", "deploy on friday", Map.of("room", "ops", "kind", "message"), 1_700_000_000_123L);
    Item bare = Item.of("note", null);
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      index.apply(List.of(full, bare), List.of(), 1);
      assertThat(index.get("msg:7")).contains(full);
      assertThat(index.get("note")).contains(bare);
      assertThat(index.get("unknown")).isEmpty();
      index.apply(List.of(), List.of("msg:7"), 2);
      assertThat(index.get("msg:7")).isEmpty();
    }
    try (LuceneKeywordIndex reopened = LuceneKeywordIndex.open(dir)) {
      assertThat(reopened.get("note")).contains(bare);
    }
  }
}
