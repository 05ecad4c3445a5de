package dev.quiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.embed.minilm.MiniLmEmbedder;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hybrid search with the real local MiniLM model and a real Lucene index, over a small chat history. */
class HybridMeaningTest {
  @TempDir static Path dir;
  static Quiver quiver;

  @BeforeAll
  static void indexChat() {
    quiver = Quiver.open(dir.resolve("chat.quiver"), QuiverOptions.builder().embedder(new MiniLmEmbedder())
        .keywordIndex(LuceneKeywordIndex.factory()).build());
    quiver.index(List.of(
        Item.of("msg:1", "The linker failed again with error QX-7731 on the nightly build", Map.of("room", "dev")),
        Item.of("msg:2", "The office will be closed on Monday for the public holiday", Map.of("room", "general")),
        Item.of("msg:3", "We deploy the payment service to production on Friday afternoon", Map.of("room", "ops")),
        Item.of("msg:4", "Lunch today is pizza in the big meeting room", Map.of("room", "general")),
        Item.of("msg:5", "Please review my pull request for the search ranking change", Map.of("room", "dev")),
        Item.of("msg:6", "The coffee machine on the third floor is broken", Map.of("room", "general")),
        Item.of("msg:7", "Database backups now run every six hours", Map.of("room", "ops")),
        Item.of("msg:8", "New laptops arrive for the design team next month", Map.of("room", "general")),
        Item.of("kb:1", "How to rotate the TLS certificates of the load balancer", Map.of("kind", "kb")),
        Item.of("kb:2", "Expense reports are due on the last working day of each month", Map.of("kind", "kb"))));
  }

  @Test
  void aRareTokenIsFoundThroughTheKeywordSide() {
    SearchResult result = quiver.search(SearchRequest.of("QX-7731").limit(3));
    Hit top = result.hits().get(0);
    assertThat(top.id()).isEqualTo("msg:1");
    assertThat(top.explanation().keywordRank()).isEqualTo(1);
  }

  @Test
  void aParaphraseWithNoSharedWordIsFoundThroughTheVectorSide() {
    String question = "is the workplace shut at the start of next week?";
    assertThat(quiver.search(SearchRequest.of(question).mode(SearchMode.KEYWORD)).hits())
        .extracting(Hit::id).doesNotContain("msg:2");
    SearchResult hybrid = quiver.search(SearchRequest.of(question).limit(3));
    assertThat(hybrid.hits()).extracting(Hit::id).contains("msg:2");
    Hit found = hybrid.hits().stream().filter(h -> h.id().equals("msg:2")).findFirst().orElseThrow();
    assertThat(found.explanation().vectorRank()).isEqualTo(1);
  }

  @Test
  void aQueryBothSidesAnswerRanksFirstOnBoth() {
    Hit top = quiver.search(SearchRequest.of("when do we deploy the payment service?").limit(3)).hits().get(0);
    assertThat(top.id()).isEqualTo("msg:3");
    assertThat(top.explanation().vectorRank()).isEqualTo(1);
    assertThat(top.explanation().keywordRank()).isEqualTo(1);
  }

  @org.junit.jupiter.api.AfterAll
  static void close() {
    quiver.close();
  }
}
