package dev.quiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Hit;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.datasets.DemoCorpus;
import dev.quiver.embed.minilm.MiniLmEmbedder;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fusion flaw of issue 11, on the demo corpus with the real MiniLM model and the real Lucene index: a
 * query whose only keyword hit is a rare token (a project name, a processor model) must keep that hit near
 * the top of the hybrid ranking. Before the fix the keyword side's lone hit normalised to the same z-score
 * as "not found", and aspell-nl fell to the last place of 200, 64tass to place 9.
 */
class RareTokenFusionTest {
  @TempDir static Path dir;
  static Quiver quiver;

  @BeforeAll
  static void indexTheDemoCorpus() {
    quiver = Quiver.open(dir.resolve("demo.quiver"), QuiverOptions.builder().embedder(new MiniLmEmbedder())
        .keywordIndex(LuceneKeywordIndex.factory()).build());
    quiver.index(DemoCorpus.items(DemoCorpus.DEMO_SIZE));
  }

  @ParameterizedTest
  @CsvSource({"OpenTaal, aspell-nl", "R65C02, 64tass"})
  void aRareTokensOnlyKeywordHitRanksInTheHybridTopThree(String query, String only) {
    assertThat(quiver.search(SearchRequest.of(query).mode(SearchMode.KEYWORD)).hits()).extracting(Hit::id)
        .containsExactly(only);
    List<Hit> hybrid = quiver.search(SearchRequest.of(query).limit(3)).hits();
    assertThat(hybrid).extracting(Hit::id).contains(only);
    Hit found = hybrid.stream().filter(h -> h.id().equals(only)).findFirst().orElseThrow();
    assertThat(found.explanation().keywordRank()).isEqualTo(1);
  }

  @AfterAll
  static void close() {
    quiver.close();
  }
}
