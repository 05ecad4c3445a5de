package dev.quiver.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Fusion;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchRequest;
import dev.quiver.StoreInfo;
import dev.quiver.keyword.LuceneKeywordIndex;
import dev.quiver.spi.Embedder;
import dev.quiver.spi.KeywordIndex;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code quiver.*} properties the starter maps to {@link QuiverOptions}, and its refusal of bad values. */
class QuiverPropertiesTest {
  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(QuiverAutoConfiguration.class))
        .withBean(Embedder.class, LetterEmbedder::new)
        .withPropertyValues("quiver.path=" + dir.resolve("s.quiver"));
  }

  @Test
  void unsetPropertiesGiveCoresDefaults() {
    runner().run(context -> {
      QuiverOptions options = context.getBean(QuiverOptions.class);
      assertThat(options.fusion()).isEqualTo(QuiverOptions.DEFAULT_FUSION);
      assertThat(options.candidateWindow()).isEqualTo(QuiverOptions.DEFAULT_CANDIDATE_WINDOW);
      assertThat(options.fullSync()).isFalse();
      assertThat(options.embedder()).isInstanceOf(LetterEmbedder.class);
      assertThat(options.keywordIndex()).isNotNull();
    });
  }

  @Test
  void fusionCandidateWindowAndFullSyncReachTheStore() {
    runner().withPropertyValues("quiver.fusion.method=rrf", "quiver.fusion.rrf-k=10", "quiver.candidate-window=7",
        "quiver.full-sync=true").run(context -> {
          QuiverOptions options = context.getBean(QuiverOptions.class);
          assertThat(options.fusion()).isEqualTo(Fusion.rrf(10));
          assertThat(options.candidateWindow()).isEqualTo(7);
          assertThat(options.fullSync()).isTrue();
          // the SQLite file itself runs with synchronous=FULL
          assertThat(context.getBean(Quiver.class).status().vectors()).extracting(StoreInfo::synchronous)
              .isEqualTo("FULL");
        });
  }

  @Test
  void withoutFullSyncAWalStoreCommitsWithSynchronousNormal() {
    runner().run(context -> {
      StoreInfo info = context.getBean(Quiver.class).status().vectors();
      assertThat(info).isNotNull();
      // a network filesystem is always FULL; the temporary directory here is local, so WAL and NORMAL
      assertThat(info.journalMode()).isEqualToIgnoringCase("wal");
      assertThat(info.synchronous()).isEqualTo("NORMAL");
    });
  }

  @ParameterizedTest
  @CsvSource({"min-max, 0.25", "MIN_MAX, 0.25", "z-score, 0.8", "zscore, 0"})
  void weightedMethodsBindInSpringsRelaxedForms(String method, double weight) {
    runner().withPropertyValues("quiver.fusion.method=" + method, "quiver.fusion.vector-weight=" + weight)
        .run(context -> assertThat(context.getBean(QuiverOptions.class).fusion()).isEqualTo(
            method.toLowerCase(java.util.Locale.ROOT).startsWith("min") ? Fusion.minMax(weight)
                : Fusion.zScore(weight)));
  }

  @Test
  void rrfWithoutKUsesSixty() {
    runner().withPropertyValues("quiver.fusion.method=rrf")
        .run(context -> assertThat(context.getBean(QuiverOptions.class).fusion()).isEqualTo(Fusion.rrf(60)));
  }

  /**
   * "pale leap plea" is made of the letters of "apple", so the letter embedder puts it nearest; only the other item
   * has the word. The vector weight decides which comes first in a hybrid search.
   */
  @Test
  void theVectorWeightDecidesTheHybridRanking() {
    List<Item> items = List.of(Item.of("word", "apple xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        Item.of("letters", "pale leap plea"));
    runner().withPropertyValues("quiver.fusion.vector-weight=1").run(context -> {
      Quiver quiver = context.getBean(Quiver.class);
      quiver.index(items);
      assertThat(quiver.search(SearchRequest.of("apple")).hits()).extracting(Hit::id)
          .containsExactly("letters", "word");
    });
    runner().withPropertyValues("quiver.path=" + dir.resolve("k.quiver"), "quiver.fusion.vector-weight=0")
        .run(context -> {
          Quiver quiver = context.getBean(Quiver.class);
          quiver.index(items);
          assertThat(quiver.search(SearchRequest.of("apple")).hits()).extracting(Hit::id)
              .containsExactly("word", "letters");
        });
  }

  @Test
  void aKeywordIndexFactoryBeanOpensTheKeywordSide() {
    AtomicInteger opened = new AtomicInteger();
    KeywordIndex.Factory counting = directory -> {
      opened.incrementAndGet();
      return LuceneKeywordIndex.open(directory);
    };
    runner().withBean(KeywordIndex.Factory.class, () -> counting).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(opened).hasValue(1);
    });
    opened.set(0);
    runner().withBean(KeywordIndex.Factory.class, () -> counting).withPropertyValues("quiver.keyword=false")
        .run(context -> assertThat(opened).hasValue(0));
  }

  @Test
  void anOptionsBeanOfTheApplicationsOwnReplacesTheProperties() {
    QuiverOptions own = QuiverOptions.builder().embedder(new LetterEmbedder()).candidateWindow(3).build();
    runner().withBean(QuiverOptions.class, () -> own).withPropertyValues("quiver.candidate-window=50")
        .run(context -> {
          assertThat(context.getBean(QuiverOptions.class)).isSameAs(own);
          assertThat(context.getBean(Quiver.class).status().keywordSide()).isEqualTo(dev.quiver.KeywordSideState.NONE);
        });
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "quiver.candidate-window|0|must be 1 to 10000",
      "quiver.candidate-window|10001|must be 1 to 10000",
      "quiver.fusion.vector-weight|1.5|must be in [0, 1]",
      "quiver.fusion.vector-weight|-0.1|must be in [0, 1]",
      "quiver.fusion.vector-weight|NaN|must be in [0, 1]",
      "quiver.dimensions|-1|must be at least 1",
      "quiver.dimensions|8|returns 26",
      "quiver.model-id|minilm|the Embedder bean is letters"})
  void aBadValueStopsStartUpNamingTheProperty(String property, String value, String reason) {
    runner().withPropertyValues(property + "=" + value).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
              e -> assertThat(e.getName()).isEqualTo(property))
          .hasMessageContaining("Property " + property).hasMessageContaining(reason);
      assertThat(dir.resolve("s.quiver")).doesNotExist(); // refused before the store was opened
    });
  }

  @Test
  void aParameterOfTheOtherFusionMethodIsRefusedNotIgnored() {
    runner().withPropertyValues("quiver.fusion.rrf-k=30").run(context -> assertThat(context.getStartupFailure())
        .rootCause().hasMessageContaining("quiver.fusion.rrf-k").hasMessageContaining("method is z-score"));
    runner().withPropertyValues("quiver.fusion.method=rrf", "quiver.fusion.vector-weight=0.5")
        .run(context -> assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("quiver.fusion.vector-weight").hasMessageContaining("rrf fuses by rank"));
    runner().withPropertyValues("quiver.fusion.method=rrf", "quiver.fusion.rrf-k=-1")
        .run(context -> assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("quiver.fusion.rrf-k").hasMessageContaining("at least 0"));
  }

  @Test
  void anUnknownFusionMethodIsABindingErrorNamingTheProperty() {
    runner().withPropertyValues("quiver.fusion.method=cosine").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).hasStackTraceContaining("quiver.fusion.method")
          .hasStackTraceContaining("cosine");
    });
  }
}
