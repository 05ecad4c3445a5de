package dev.quiver.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.ErrorCode;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverException;
import dev.quiver.VectorSideState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests, through the facade, for the bugs {@link MalformedFilesSuiteTest} found; each names the
 * bug. The store-file side of each is pinned in core's {@code MalformedStoreFileTest}.
 */
class MalformedFilesRegressionTest {
  @TempDir Path dir;

  private Path store() {
    return dir.resolve("chat.quiver");
  }

  private List<Item> writeTwenty() {
    List<Item> items = Stores.messages(20);
    try (Quiver quiver = Stores.open(store())) {
      quiver.index(items);
    }
    return items;
  }

  @Test
  void aQuiverOpenRefusedForItsSchemaVersionLeftANewOwnerFileBehind() throws Exception {
    writeTwenty();
    Files.delete(dir.resolve("chat.quiver-owner"));
    BadRows.execute(store(), "PRAGMA user_version=3");
    Map<String, String> before = MalformedFilesSuiteTest.snapshot(dir);

    assertThatThrownBy(() -> Stores.open(store())).isInstanceOfSatisfying(QuiverException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION));
    assertThat(MalformedFilesSuiteTest.snapshot(dir)).isEqualTo(before);
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a bound on a hang, not a timing
  void aFifoNamedLikeTheJournalHungQuiverOpenInSqlitesHotJournalCheck() throws Exception {
    writeTwenty();
    Path fifo = dir.resolve("chat.quiver-journal");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

    assertThatThrownBy(() -> Stores.open(store())).isInstanceOfSatisfying(QuiverException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.FOREIGN));
    assertThat(fifo).exists();
  }

  @Test
  void aDamagedModelIdMadeTheStoreUnopenableWithAnIllegalArgumentException() throws Exception {
    List<Item> items = writeTwenty();
    // one flipped bit: 'hashing-64' becomes 'hasjing-64'
    BadRows.execute(store(), "UPDATE quiver_meta SET value = 'hasjing-64' WHERE key = 'model_id'");

    try (Quiver quiver = Stores.open(store())) {
      assertThat(quiver.status().vectorSide()).isEqualTo(VectorSideState.DAMAGED);
      assertThat(quiver.status().vectorProblem()).contains("settings.crc");
      assertThat(quiver.get("msg:3")).contains(items.get(3)); // the keyword side answers
      quiver.repair();
      quiver.rebuild(items.iterator(), items.size(), null);
      assertThat(quiver.verify()).isEmpty();
      assertThat(quiver.count()).isEqualTo(20);
    }
  }

  @Test
  void aDroppedItemsTableWasAnIoRefusalInsteadOfDamage() throws Exception {
    writeTwenty();
    BadRows.execute(store(), "DROP TABLE quiver_items");

    try (Quiver quiver = Stores.open(store())) {
      assertThat(quiver.status().vectorSide()).isEqualTo(VectorSideState.DAMAGED);
      assertThat(quiver.status().vectorProblem()).contains("has no table quiver_items");
      assertThat(quiver.count()).isEqualTo(20);
    }
  }
}
