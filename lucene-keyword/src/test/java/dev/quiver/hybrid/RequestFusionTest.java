package dev.quiver.hybrid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Fusion;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchRequest;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request's own fusion replaces the store's for that search only. */
class RequestFusionTest {
  @TempDir Path dir;

  @Test
  void aRequestsFusionIsUsedForThatSearchAndTheStoresOtherwise() {
    try (Quiver quiver = Quiver.open(dir.resolve("chat.quiver"), QuiverOptions.builder()
        .embedder(new HashingEmbedder()).keywordIndex(LuceneKeywordIndex.factory()).fusion(Fusion.zScore(0.5))
        .build())) {
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        items.add(Item.of("msg:" + i, "message number " + i));
      }
      items.add(Item.of("kb:1", "the zeppelin procedure"));
      quiver.index(items);
      SearchRequest request = SearchRequest.of("the zeppelin procedure").limit(3);

      Hit rrf = quiver.search(request.fusion(Fusion.rrf(0))).hits().get(0);
      assertThat(rrf.id()).isEqualTo("kb:1");
      assertThat(rrf.explanation().vectorRank()).isEqualTo(1);
      assertThat(rrf.explanation().keywordRank()).isEqualTo(1);
      assertThat(rrf.score()).isEqualTo(2.0); // 1 / (0 + 1) from each side

      Hit byStore = quiver.search(request).hits().get(0);
      assertThat(byStore.id()).isEqualTo("kb:1");
      assertThat(byStore.score()).isNotEqualTo(2.0);
      assertThat(quiver.search(request.fusion(null)).hits().get(0).score()).isEqualTo(byStore.score());
    }
  }
}
