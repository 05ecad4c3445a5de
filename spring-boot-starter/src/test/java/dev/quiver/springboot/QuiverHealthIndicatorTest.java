package dev.quiver.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.SearchResult;
import dev.quiver.Side;
import dev.quiver.spi.Embedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicator over real stores in each state {@link Quiver#status()} reports. */
class QuiverHealthIndicatorTest {
  @TempDir Path dir;

  private Path store() {
    return dir.resolve("chat.quiver");
  }

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(QuiverAutoConfiguration.class))
        .withBean(Embedder.class, LetterEmbedder::new)
        .withPropertyValues("quiver.path=" + store());
  }

  private static Health health(org.springframework.context.ApplicationContext context) {
    return context.getBean("quiverHealthIndicator", QuiverHealthIndicator.class).health();
  }

  private static List<Item> messages() {
    return List.of(Item.of("m1", "the deploy is on friday"), Item.of("m2", "lunch at noon"),
        Item.of("m3", "the zeppelin hangar is closed"));
  }

  /** Writes {@link #messages()} through a context of its own, which closes the store cleanly. */
  private void storeWithMessages() {
    runner().run(context -> context.getBean(Quiver.class).index(messages()));
  }

  @Test
  void anEmptyStoreIsUpAndSaysNothingIsDegraded() {
    runner().run(context -> {
      Health health = health(context);
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("vectorSide", "EMPTY").containsEntry("keywordSide", "READY")
          .containsEntry("items", 0).containsEntry("keywordItems", 0).containsEntry("keywordLag", 0L)
          .containsEntry("path", store().toString()).doesNotContainKeys("degraded", "vectorProblem");
    });
  }

  @Test
  void aStoreWithItemsIsUpAndCountsThemOnBothSides() {
    runner().run(context -> {
      context.getBean(Quiver.class).index(messages());
      Health health = health(context);
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("vectorSide", "READY").containsEntry("items", 3)
          .containsEntry("keywordItems", 3).containsEntry("dimensions", LetterEmbedder.DIMENSIONS);
    });
  }

  @Test
  void aDamagedVectorFileIsDownAndSaysWhatIsWrongWhileKeywordsStillAnswer() throws Exception {
    storeWithMessages();
    Files.write(store(), new byte[0]); // the vector file truncated to nothing beside a healthy keyword index
    runner().run(context -> {
      assertThat(context).hasNotFailed(); // damage is reported, not a failed start
      Health health = health(context);
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).containsEntry("vectorSide", "DAMAGED").containsEntry("keywordItems", 3)
          .doesNotContainKey("items");
      assertThat((String) health.getDetails().get("vectorProblem")).contains("empty");
      assertThat(degraded(health)).singleElement().asString().contains("damaged").contains("repair()");
      SearchResult result = context.getBean(Quiver.class).search("zeppelin");
      assertThat(result.answered()).containsExactly(Side.KEYWORD);
    });
  }

  @Test
  void aQuarantinedVectorFileIsDownUntilRebuilt() throws Exception {
    storeWithMessages();
    Files.write(store(), new byte[0]);
    runner().run(context -> {
      Quiver quiver = context.getBean(Quiver.class);
      assertThat(quiver.repair()).isPresent();
      Health health = health(context);
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).containsEntry("vectorSide", "QUARANTINED");
      assertThat((String) health.getDetails().get("vectorProblem")).contains("moved to");
      assertThat(degraded(health)).singleElement().asString().contains("rebuilt from source");

      quiver.rebuild(messages().iterator(), 3, null);
      assertThat(health(context).getStatus()).isEqualTo(Status.UP);
      assertThat(health(context).getDetails()).containsEntry("items", 3).doesNotContainKey("degraded");
    });
  }

  @Test
  void aStoreBeingRebuiltIsOutOfService() {
    runner().run(context -> {
      Quiver quiver = context.getBean(Quiver.class);
      quiver.index(messages());
      CountDownLatch reading = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Iterator<Item> records = messages().iterator();
      // the application's records, which hold the rebuild until the test has looked at the health
      Iterator<Item> slowRecords = new Iterator<>() {
        @Override
        public boolean hasNext() {
          reading.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return records.hasNext();
        }

        @Override
        public Item next() {
          return records.next();
        }
      };
      CompletableFuture<Quiver.RebuildReport> rebuild = CompletableFuture.supplyAsync(
          () -> quiver.rebuild(slowRecords, 3, null));
      try {
        assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
        Health health = health(context);
        assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(health.getDetails()).containsEntry("vectorSide", "REBUILDING");
        assertThat(degraded(health)).singleElement().asString().contains("until the rebuild finishes");
      } finally {
        release.countDown();
      }
      assertThat(rebuild.get(30, TimeUnit.SECONDS).items()).isEqualTo(3);
      assertThat(health(context).getStatus()).isEqualTo(Status.UP);
    });
  }

  @Test
  void aKeywordIndexThatCannotBeWrittenIsOutOfServiceAndSearchesAreVectorOnly() throws Exception {
    storeWithMessages();
    Path keywords = dir.resolve("chat.quiver-keyword");
    boolean root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes())
        .trim());
    // root writes anywhere a mode allows nothing; the immutable attribute stops it as a mode stops others
    run(root ? List.of("chattr", "+i", keywords.toString()) : List.of("chmod", "555", keywords.toString()));
    try {
      runner().run(context -> {
        Health health = health(context);
        assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(health.getDetails()).containsEntry("vectorSide", "READY").containsEntry("keywordSide", "FAILED")
            .containsEntry("items", 3).doesNotContainKey("keywordItems");
        assertThat((String) health.getDetails().get("keywordProblem")).contains("not writable");
        assertThat(degraded(health)).singleElement().asString().contains("vectors only").contains("not writable");
        assertThat(context.getBean(Quiver.class).search("zeppelin").answered()).containsExactly(Side.VECTOR);
      });
    } finally {
      run(root ? List.of("chattr", "-i", keywords.toString()) : List.of("chmod", "755", keywords.toString()));
    }
  }

  @Test
  void aVectorOnlyStoreIsUpWithoutAKeywordSide() {
    runner().withPropertyValues("quiver.keyword=false").run(context -> {
      Health health = health(context);
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("keywordSide", "NONE").doesNotContainKeys("degraded",
          "keywordItems");
    });
  }

  @Test
  void theIndicatorBacksOffForOneOfTheApplicationsOwn() {
    runner().withBean("quiverHealthIndicator", org.springframework.boot.actuate.health.HealthIndicator.class,
        () -> () -> Health.unknown().build()).run(context -> assertThat(context)
            .doesNotHaveBean(QuiverHealthIndicator.class).hasBean("quiverHealthIndicator"));
  }

  @SuppressWarnings("unchecked")
  private static List<String> degraded(Health health) {
    return (List<String>) health.getDetails().get("degraded");
  }

  private static void run(List<String> command) throws Exception {
    assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).as(command.toString()).isZero();
  }
}
