package dev.quiver.internal.store;

import static dev.quiver.internal.store.ArenaImageFixtures.OPTIONS;
import static dev.quiver.internal.store.ArenaImageFixtures.change;
import static dev.quiver.internal.store.ArenaImageFixtures.contents;
import static dev.quiver.internal.store.ArenaImageFixtures.open;
import static dev.quiver.internal.store.ArenaImageFixtures.plainContents;
import static dev.quiver.internal.store.ArenaImageFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Item;
import dev.quiver.internal.storefile.StoreFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The arena image beside a store: a closed store reopens from it with exactly the items a plain open reads
 * from the rows, and an image that is damaged, foreign, disowned by the file or cut short is ignored.
 */
class ArenaImageTest {
  @TempDir Path dir;

  private Path store() {
    return dir.resolve("chat.quiver");
  }

  private Path image() {
    return ArenaCache.image(store());
  }

  /** Whether an open of the store now would use its image (the changes since replayed). */
  private boolean imageUsable() {
    try (StoreFile file = StoreFile.open(store(), OPTIONS)) {
      return ArenaCache.load(file) != null;
    }
  }

  private void writeAndClose() {
    try (VectorStore store = open(store())) {
      write(store, "doc", 0, 300, 1);
      store.deleteAll(java.util.List.of("doc:3", "doc:4"));
      write(store, "doc", 100, 120, 2);
    }
  }

  @Test
  void aClosedStoreReopensFromItsImageWithTheItemsOfAPlainOpen() throws Exception {
    writeAndClose();
    assertThat(image()).isRegularFile();
    assertThat(imageUsable()).isTrue();

    Map<String, Object> plain = plainContents(store(), dir.resolve("plain"));
    try (VectorStore store = open(store())) {
      assertThat(contents(store)).isEqualTo(plain);
      write(store, "after", 0, 5, 3); // the restored arena takes writes like a loaded one
      assertThat(store.get("after:1")).isPresent();
      assertThat(store.count()).isEqualTo((int) plain.get("#count") + 5);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"-arena", "-arena-tmp"})
  void someoneElsesFileAtAnImageNameIsNeverReplaced(String suffix) throws Exception {
    Path theirs = store().resolveSibling(store().getFileName() + suffix);
    byte[] content = "notes that happen to sit beside the store\n".getBytes(StandardCharsets.UTF_8);
    Files.write(theirs, content);

    writeAndClose();
    Map<String, Object> plain = plainContents(store(), dir.resolve("plain"));
    try (VectorStore store = open(store())) {
      assertThat(contents(store)).isEqualTo(plain);
    }

    assertThat(Files.readAllBytes(theirs)).isEqualTo(content);
    if (suffix.equals("-arena")) {
      assertThat(imageUsable()).isFalse();
    }
  }

  @Test
  void anImageAtTheFilesSequenceIsNotRewrittenByAStoreThatChangedNothing() throws Exception {
    writeAndClose();
    long written = Files.getLastModifiedTime(image()).toMillis();
    byte[] before = Files.readAllBytes(image());
    Thread.sleep(20);
    try (VectorStore store = open(store())) {
      assertThat(store.count()).isPositive();
    }
    assertThat(Files.getLastModifiedTime(image()).toMillis()).isEqualTo(written);
    assertThat(Files.readAllBytes(image())).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"magic", "header", "floats", "codes", "records", "trailer", "truncated", "extended",
      "empty", "garbage"})
  void aDamagedImageIsIgnoredAndTheStoreStillOpensWhole(String damage) throws Exception {
    writeAndClose();
    Map<String, Object> plain = plainContents(store(), dir.resolve("plain"));
    byte[] bytes = Files.readAllBytes(image());
    int recordsAt = bytes.length - 2000; // item records lie at the end, before the 16-byte trailer
    byte[] damaged = switch (damage) {
      case "magic" -> flip(bytes, 0);
      case "header" -> flip(bytes, 20);
      case "floats" -> flip(bytes, 200);
      case "codes" -> flip(bytes, 300 * ArenaImageFixtures.DIMENSIONS * 4 + 150);
      case "records" -> flip(bytes, recordsAt);
      case "trailer" -> flip(bytes, bytes.length - 12);
      case "truncated" -> java.util.Arrays.copyOf(bytes, bytes.length / 2);
      case "extended" -> java.util.Arrays.copyOf(bytes, bytes.length + 9);
      case "empty" -> new byte[0];
      default -> "not an image at all".getBytes(StandardCharsets.UTF_8);
    };
    Files.write(image(), damaged);

    assertThat(imageUsable()).isFalse();
    try (VectorStore store = open(store())) {
      assertThat(contents(store)).isEqualTo(plain);
    }
    if (damage.equals("magic") || damage.equals("garbage")) {
      // without Quiver's magic number first it may be anyone's file, so it is never replaced
      assertThat(Files.readAllBytes(image())).isEqualTo(damaged);
    } else {
      assertThat(imageUsable()).as("closing wrote a sound image again").isTrue();
    }
  }

  private static byte[] flip(byte[] bytes, int at) {
    byte[] copy = bytes.clone();
    copy[at] ^= 0x10;
    return copy;
  }

  @Test
  void anotherStoresImageIsIgnored() throws Exception {
    Path other = dir.resolve("other").resolve("chat.quiver");
    Files.createDirectories(other.getParent());
    try (VectorStore store = open(other)) {
      write(store, "doc", 0, 300, 1); // the same items, but another file: another store.id
    }
    writeAndClose();
    Map<String, Object> plain = plainContents(store(), dir.resolve("plain"));
    Files.copy(ArenaCache.image(other), image(), StandardCopyOption.REPLACE_EXISTING);

    assertThat(imageUsable()).isFalse();
    try (VectorStore store = open(store())) {
      assertThat(contents(store)).isEqualTo(plain);
    }
  }

  @Test
  void aFileRestoredFromACopyIgnoresTheImageOfItsLaterHistory() throws Exception {
    writeAndClose();
    Path backup = dir.resolve("backup");
    Files.createDirectories(backup);
    Files.copy(store(), backup.resolve("chat.quiver"));
    try (VectorStore store = open(store())) {
      change(store, 5);
    }
    // the copy is written as far again, with other items: same store.id, same sequences, another history
    Files.copy(backup.resolve("chat.quiver"), store(), StandardCopyOption.REPLACE_EXISTING);
    Path newer = dir.resolve("newer-image");
    Files.move(image(), newer);
    try (VectorStore store = VectorStore.open(store(), OPTIONS, Integer.MAX_VALUE)) {
      change(store, 6);
      store.upsert(Item.of("only-here", null), ArenaImageFixtures.vector(new java.util.SplittableRandom(3)));
      store.delete("only-here");
    }
    Files.move(newer, image());
    Map<String, Object> plain = plainContents(store(), dir.resolve("plain"));

    assertThat(imageUsable()).isFalse();
    try (VectorStore store = open(store())) {
      assertThat(contents(store)).isEqualTo(plain);
    }
  }

  @Test
  void aStoreBelowTheThresholdKeepsNoImageAndRemovesAStaleOne() throws Exception {
    writeAndClose();
    assertThat(image()).exists();
    try (VectorStore store = VectorStore.open(store(), OPTIONS, 1_000)) {
      store.delete("doc:0");
    }
    assertThat(image()).doesNotExist();
  }

  @Test
  void aStaleImageWithLaterChangesReplayedHoldsTheItemsOfAPlainOpen() throws Exception {
    writeAndClose();
    Process child = start("change", store());
    try (BufferedReader out = reader(child)) {
      assertThat(out.readLine()).isEqualTo("changed");
    } finally {
      killHard(child); // no close: the image stays at the sequence before the child's changes
    }
    Map<String, Object> plain = plainContents(store(), dir.resolve("plain"));

    assertThat(imageUsable()).as("stale, with the changes replayed from the file").isTrue();
    try (VectorStore store = open(store())) {
      assertThat(store.get("new:1")).isPresent();
      assertThat(store.get("doc:60")).isEmpty();
      assertThat(store.get("doc:56")).isPresent();
      assertThat(store.get("brief:1")).isEmpty();
      assertThat(contents(store)).isEqualTo(plain);
    }
    assertThat(imageUsable()).isTrue();
  }

  @Test
  void aProcessKilledWhileWritingItsImageLeavesAUsableStore() throws Exception {
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    java.util.List<String> acknowledged = new java.util.ArrayList<>();
    for (int round = 0; round < 4; round++) {
      Process child = start("reopen", store());
      try (BufferedReader out = reader(child)) {
        assertThat(out.readLine()).isEqualTo("opened");
        int closes = 1 + random.nextInt(4);
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("committed loop:")) {
            acknowledged.add(line.substring("committed ".length()));
          } else if (line.startsWith("closing") && --closes == 0) {
            Thread.sleep(random.nextInt(40)); // somewhere inside the image write, or just after it
            break;
          }
        }
      } finally {
        killHard(child);
      }
      Map<String, Object> plain = plainContents(store(), dir.resolve("plain-" + round));
      try (VectorStore store = open(store())) {
        assertThat(contents(store)).isEqualTo(plain);
        assertThat(acknowledged).isNotEmpty();
        for (String id : acknowledged) {
          assertThat(store.get(id)).as(id).isPresent();
        }
        assertThat(store.check()).isEmpty();
      }
      assertThat(ArenaCache.temporary(store())).doesNotExist();
    }
  }

  private static Process start(String mode, Path file) throws java.io.IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(java, "--add-modules=jdk.incubator.vector", "-cp",
        System.getProperty("java.class.path"), ArenaImageChild.class.getName(), mode, file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static BufferedReader reader(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
  }

  private static void killHard(Process p) throws InterruptedException {
    p.destroyForcibly(); // SIGKILL on Unix: no close(), so no image at the final sequence
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }
}
