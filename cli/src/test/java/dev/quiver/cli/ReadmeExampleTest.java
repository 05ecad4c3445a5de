package dev.quiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.embed.minilm.MiniLmEmbedder;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Use it from a chat server" example, compiled and run; keep the two in step. */
class ReadmeExampleTest {
  @TempDir Path data;

  @Test
  void readmeExampleIndexesAMessageAndFindsItByMeaningWithinItsRoom() {
    long sentAtMillis = 1_700_000_000_000L;
    List<String> printed = new ArrayList<>();
    // --- README example starts here ---
    QuiverOptions options = QuiverOptions.builder()
        .embedder(new MiniLmEmbedder())                    // quiver-embed-minilm, or your own Embedder
        .keywordIndex(LuceneKeywordIndex.factory())        // quiver-lucene-keyword
        .primaryDatabase(data.resolve("chat.db"))          // Quiver refuses ever to open this file
        .build();
    try (Quiver quiver = Quiver.open(data.resolve("chat.quiver"), options)) {
      quiver.index(new Item("msg:42", "Deploy moved to Friday", Map.of("room", "ops"), sentAtMillis));
      SearchResult result = quiver.search(SearchRequest.of("when do we ship?").limit(5)
          .filter(Filter.eq("room", "ops")));
      for (Hit hit : result.hits()) {
        printed.add(hit.id() + " " + hit.explanation());
      }
    }
    // --- README example ends here ---
    assertThat(printed).singleElement().asString().startsWith("msg:42 fused=").contains("vector=#1");
  }
}
