package dev.quiver.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverException;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real: the store lives on a small tmpfs that a filler file fills up. A write that meets
 * the full disk fails and leaves nothing behind; reads and searches go on; writes resume when space returns,
 * without a restart. Needs permission to mount (root, as on the CI machine).
 */
class DiskFullTest {
  private static final String FILLER = "filler";
  @TempDir Path dir;
  private Path mount;
  private boolean mounted;

  @BeforeEach
  void mountSmallTmpfs() throws Exception {
    mount = Files.createDirectories(dir.resolve("small"));
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    mounted = p.waitFor() == 0;
    assumeThat(mounted).as("mounting a tmpfs needs root: " + out).isTrue();
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor();
    }
  }

  @Test
  void aWriteThatMeetsAFullDiskLeavesNothingBehindAndWritesResumeWhenSpaceReturns() throws Exception {
    Path store = mount.resolve("chat.quiver");
    try (Quiver quiver = Stores.open(store)) {
      quiver.index(Stores.messages(50));
      fill(mount.resolve(FILLER));

      // twice: a connection left outside any transaction by the first failure would commit the second
      // statement by statement, part of it landing
      for (String prefix : List.of("full", "again")) {
        List<Item> batch = bulky(prefix, 40);
        assertThatThrownBy(() -> quiver.index(batch)).isInstanceOf(QuiverException.class);
        for (Item item : batch) {
          assertThat(quiver.get(item.id())).as(item.id()).isEmpty();
        }
      }
      assertThat(quiver.count()).isEqualTo(50);
      // reads and searches go on
      assertThat(quiver.search(SearchRequest.of("zeppelin hangar").limit(100)).hits()).hasSize(50);
      assertThat(quiver.search(SearchRequest.of("zeppelin").mode(SearchMode.KEYWORD).limit(100)).hits())
          .extracting(Hit::id).noneMatch(id -> id.startsWith("full:") || id.startsWith("again:"));

      Files.delete(mount.resolve(FILLER)); // space returns
      List<Item> later = bulky("later", 40);
      quiver.index(later);
      assertThat(quiver.count()).isEqualTo(90);
      assertThat(quiver.search(SearchRequest.of("bulky later").mode(SearchMode.KEYWORD).limit(100)).hits())
          .hasSize(40);
      assertThat(quiver.verify()).isEmpty();
    }
    try (Quiver reopened = Stores.open(store)) {
      assertThat(reopened.count()).isEqualTo(90);
      for (int i = 0; i < 40; i++) {
        assertThat(reopened.get("full:" + i)).isEmpty();
        assertThat(reopened.get("again:" + i)).isEmpty();
      }
      assertThat(reopened.get("later:39")).isPresent();
      assertThat(reopened.verify()).isEmpty();
    }
  }

  /** Items large enough that 40 of them need far more room than a full disk has. */
  private static List<Item> bulky(String prefix, int n) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(new Item(prefix + ":" + i, "bulky " + prefix + " text " + i + " " + "lorem ipsum ".repeat(2_000),
          Map.of("room", "ops"), 5_000L + i));
    }
    return items;
  }

  /** Writes zeros until the filesystem refuses more. */
  private static void fill(Path filler) throws IOException {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      // the disk is full now
    }
  }
}
