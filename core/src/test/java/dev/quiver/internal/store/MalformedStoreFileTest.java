package dev.quiver.internal.store;

import dev.quiver.internal.storefile.StoreOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.ErrorCode;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.QuiverException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression tests for the store-file bugs the malformed-files suite
 * ({@code lucene-keyword/src/test/java/dev/quiver/reliability/MalformedFilesSuiteTest}) found, each on a
 * real file edited with a plain SQLite connection.
 */
class MalformedStoreFileTest {
  private static final StoreOptions OPTIONS = StoreOptions.of(3, Metric.COSINE);
  @TempDir Path dir;

  private Path store() {
    return dir.resolve("chat.quiver");
  }

  private void writeThree() {
    try (VectorStore store = VectorStore.open(store(), OPTIONS)) {
      for (int i = 0; i < 3; i++) {
        store.upsert(Item.of("kb:" + i, "entry " + i), new float[] {1, i, 0});
      }
    }
  }

  private void edit(String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store()); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private List<String> names() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aRefusedOpenOfAnotherSchemaVersionLeavesNoOwnerFileBehind() throws Exception {
    writeThree();
    Files.delete(dir.resolve("chat.quiver-owner"));
    edit("PRAGMA user_version=3");
    byte[] before = Files.readAllBytes(store());

    assertThatThrownBy(() -> VectorStore.open(store(), OPTIONS)).isInstanceOfSatisfying(QuiverException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION));
    assertThat(names()).containsExactly("chat.quiver");
    assertThat(Files.readAllBytes(store())).isEqualTo(before);
  }

  @Test
  void aRefusedOpenKeepsAnOwnerFileItDidNotCreate() throws Exception {
    writeThree();
    edit("PRAGMA user_version=3");

    assertThatThrownBy(() -> VectorStore.open(store(), OPTIONS)).isInstanceOf(QuiverException.class);
    assertThat(names()).containsExactly("chat.quiver", "chat.quiver-owner");
  }

  @Test
  void aDroppedTableIsDamageNotAnIoErrorOnTheFirstQuery() throws Exception {
    writeThree();
    edit("DROP TABLE quiver_items");

    assertThatThrownBy(() -> VectorStore.open(store(), OPTIONS)).isInstanceOfSatisfying(QuiverException.class,
        e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT);
          assertThat(e.getMessage()).contains("has no table quiver_items");
        });
  }

  @Test
  void aVersion2FileLabelledVersion1IsDamageNotAFailedMigration() throws Exception {
    writeThree();
    edit("PRAGMA user_version=1");

    assertThatThrownBy(() -> VectorStore.open(store(), OPTIONS)).isInstanceOfSatisfying(QuiverException.class,
        e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT);
          assertThat(e.getMessage()).contains("its table quiver_items has columns").contains("schema version 1");
        });
  }

  @Test
  void aDamagedModelIdIsDamageNotARequestForAnotherModel() throws Exception {
    StoreOptions withModel = new StoreOptions(3, Metric.COSINE, "model-a", null, false);
    try (VectorStore store = VectorStore.open(store(), withModel)) {
      store.upsert(Item.of("kb:0", "entry"), new float[] {1, 0, 0});
    }
    edit("UPDATE quiver_meta SET value = 'model-c' WHERE key = 'model_id'"); // 'a' with one bit flipped

    assertThatThrownBy(() -> VectorStore.open(store(), withModel)).isInstanceOfSatisfying(QuiverException.class,
        e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT);
          assertThat(e.getMessage()).contains("settings.crc");
        });
  }

  @Test
  void damagedDimensionsAreDamageNotARequestForOtherDimensions() throws Exception {
    writeThree();
    edit("UPDATE quiver_meta SET value = '7' WHERE key = 'dimensions'");

    assertThatThrownBy(() -> VectorStore.open(store(), OPTIONS)).isInstanceOfSatisfying(QuiverException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT));
  }

  @Test
  void optionsThatDisagreeWithSoundSettingsAreStillTheCallersMistake() {
    writeThree();

    assertThatThrownBy(() -> VectorStore.open(store(), StoreOptions.of(4, Metric.COSINE)))
        .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_MISMATCH))
        .hasMessageContaining("3-dimensional");
  }

  @Test
  void aVersion2FileWrittenBeforeSettingsChecksumsStillOpens() throws Exception {
    writeThree();
    edit("DELETE FROM quiver_meta WHERE key = 'settings.crc'");

    try (VectorStore store = VectorStore.open(store(), OPTIONS)) {
      assertThat(store.count()).isEqualTo(3);
      assertThat(store.check()).isEmpty();
    }
  }

  /** Used to hang in SQLite's hot-journal check, which opens {@code -journal} for reading. */
  @ParameterizedTest
  @ValueSource(strings = {"-journal", "-wal", "-shm"})
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a bound on a hang, not a timing
  void aFifoNamedLikeAJournalIsRefusedInsteadOfHangingTheOpen(String suffix) throws Exception {
    writeThree();
    Path fifo = dir.resolve("chat.quiver" + suffix);
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    byte[] before = Files.readAllBytes(store());

    assertThatThrownBy(() -> VectorStore.open(store(), OPTIONS)).isInstanceOfSatisfying(QuiverException.class,
        e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.FOREIGN);
          assertThat(e.getMessage()).contains(fifo.toString()).contains("not a regular file");
        });
    assertThat(Files.readAllBytes(store())).isEqualTo(before);
    assertThat(fifo).exists();
  }

  @Test
  void aDirectoryNamedLikeTheWalIsRefusedBeforeAnyConnection() throws Exception {
    writeThree();
    Files.createDirectory(dir.resolve("chat.quiver-wal"));

    assertThatThrownBy(() -> VectorStore.open(store(), OPTIONS)).isInstanceOfSatisfying(QuiverException.class,
        e -> assertThat(e.getMessage()).contains("is a directory"));
  }
}
