package dev.quiver.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.QuiverOptions;
import dev.quiver.spi.KeywordIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code shown in lucene-keyword/README.md, compiled and run; keep the two in step. */
class ReadmeExampleTest {
  @TempDir Path dir;

  @Test
  void readmeExampleRunsAsShown() throws IOException {
    // README: options
    QuiverOptions options = QuiverOptions.builder()
        .keywordIndex(LuceneKeywordIndex.factory())
        .build();
    // README: end

    // README: direct
    try (KeywordIndex index = options.keywordIndex().open(dir.resolve("chat.keywords"))) {
      index.apply(List.of(
          new Item("msg:1", "Deploying the new build to staging", Map.of("room", "ops"), 1_700_000_000_000L),
          new Item("msg:2", "Lunch at noon?", Map.of("room", "random"), 1_700_000_060_000L)),
          List.of(), 1);
      List<KeywordIndex.ScoredId> hits = index.search("deploy", 10, Filter.eq("room", "ops"));
      // hits: [ScoredId[id=msg:1, score=...]]
      // README: end
      assertThat(hits).extracting(KeywordIndex.ScoredId::id).containsExactly("msg:1");
    }
  }
}
