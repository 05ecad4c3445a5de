package dev.quiver.internal.store;

import dev.quiver.internal.storefile.StoreOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.ErrorCode;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.QuiverException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner lock is a POSIX lock, which the kernel drops for the whole process when any descriptor on the
 * owner file is closed. A refused open in this JVM must therefore never open and close the owner file
 * itself: another process could then take the store while this one still writes it.
 */
class OwnerLockChildProcessTest {
  private static final StoreOptions OPTIONS = StoreOptions.of(3, Metric.COSINE);
  @TempDir Path dir;

  @Test
  void aRefusedSecondOpenInThisJvmLeavesTheStoreLockedAgainstOtherProcesses() throws Exception {
    Path file = dir.resolve("chat.quiver");
    long pid = ProcessHandle.current().pid();
    String host = InetAddress.getLocalHost().getHostName();
    try (VectorStore first = VectorStore.open(file, OPTIONS)) {
      assertThatThrownBy(() -> VectorStore.open(file, OPTIONS))
          .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCKED))
          .hasMessageContaining("already open in this process").hasMessageContaining("pid=" + pid);

      assertThat(openInChild(file)).startsWith("refused LOCKED ").contains("another process")
          .contains("pid=" + pid).contains("host=" + host);
      first.upsert(Item.of("a", "still the owner"), new float[] {1, 0, 0});
    }
    assertThat(openInChild(file)).isEqualTo("opened 1");
  }

  @Test
  void aRefusedOpenThroughAnotherSpellingOfThePathAlsoLeavesTheLockHeld() throws Exception {
    Path real = Files.createDirectory(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    Path file = real.resolve("chat.quiver");
    long pid = ProcessHandle.current().pid();
    try (VectorStore first = VectorStore.open(file, OPTIONS)) {
      for (Path other : new Path[] {link.resolve("chat.quiver"), link.resolve("../real/chat.quiver"),
          dir.resolve("real/./chat.quiver")}) {
        assertThatThrownBy(() -> VectorStore.open(other, OPTIONS)).as(other.toString())
            .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCKED))
            .hasMessageContaining("pid=" + pid);
      }
      assertThat(openInChild(file)).startsWith("refused LOCKED ").contains("pid=" + pid);
      first.upsert(Item.of("a", "still the owner"), new float[] {1, 0, 0});
    }
  }

  /** Runs {@link ChildOpenAttempt} in a new JVM and returns the one line it printed. */
  private static String openInChild(Path file) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "--add-modules=jdk.incubator.vector", "-cp",
        System.getProperty("java.class.path"), ChildOpenAttempt.class.getName(), file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
