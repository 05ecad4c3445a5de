package dev.quiver.hybrid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hits of a real store carry the keyword side's snippet when that side found them, and only then. */
class SnippetHitTest {
  @TempDir Path dir;

  @Test
  void keywordMatchesCarryASnippetAndVectorOnlyHitsNone() {
    try (Quiver quiver = Quiver.open(dir.resolve("chat.quiver"), QuiverOptions.builder()
        .embedder(new HashingEmbedder()).keywordIndex(LuceneKeywordIndex.factory()).build())) {
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        items.add(Item.of("msg:" + i, "message number " + i));
      }
      items.add(Item.of("kb:1", "How we deployed the zeppelin to staging"));
      quiver.index(items);

      SearchResult result = quiver.search(SearchRequest.of("deploying zeppelin").limit(10));
      Map<String, Hit> hits = result.hits().stream().collect(Collectors.toMap(Hit::id, Function.identity()));

      assertThat(hits.get("kb:1").snippet()).isEqualTo("How we «deployed» the «zeppelin» to staging");
      assertThat(result.hits()).filteredOn(h -> h.explanation().keywordRank() == null).isNotEmpty()
          .allSatisfy(h -> assertThat(h.snippet()).isNull());

      SearchResult without = quiver.search(SearchRequest.of("deploying zeppelin").limit(10).snippets(false));
      assertThat(without.hits()).isNotEmpty().allSatisfy(h -> assertThat(h.snippet()).isNull());
      assertThat(without.degraded()).isFalse();
    }
  }
}
