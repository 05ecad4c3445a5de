package dev.quiver.internal.store;

import dev.quiver.internal.storefile.StoreOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.ErrorCode;
import dev.quiver.Metric;
import dev.quiver.QuiverException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ownership and durability across real processes, killed with SIGKILL. */
class ChildProcessTest {
  private static final StoreOptions OPTIONS = StoreOptions.of(3, Metric.COSINE);
  @TempDir Path dir;

  @Test
  void secondProcessIsRefusedWithTheOwnersPidAndTheLockIsFreeAfterKillMinus9() throws Exception {
    Path file = dir.resolve("chat.quiver");
    Process owner = start("hold", file);
    try (BufferedReader out = reader(owner)) {
      assertThat(out.readLine()).isEqualTo("opened");
      assertThatThrownBy(() -> VectorStore.open(file, OPTIONS))
          .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCKED))
          .hasMessageContaining("pid=" + owner.pid()).hasMessageContaining("another process");
    } finally {
      killHard(owner);
    }
    try (VectorStore store = VectorStore.open(file, OPTIONS)) {
      assertThat(store.count()).isZero();
    }
  }

  @Test
  void everyWriteThatReturnedSurvivesKillMinus9() throws Exception {
    Path file = dir.resolve("chat.quiver");
    Process writer = start("write", file);
    int acknowledged = -1;
    try (BufferedReader out = reader(writer)) {
      assertThat(out.readLine()).isEqualTo("opened");
      for (int i = 0; i < 150; i++) {
        assertThat(out.readLine()).isEqualTo("committed msg:" + i);
        acknowledged = i;
      }
      killHard(writer);
    }
    try (VectorStore store = VectorStore.open(file, OPTIONS)) {
      assertThat(store.count()).isGreaterThan(acknowledged);
      for (int i = 0; i <= acknowledged; i++) {
        assertThat(store.get("msg:" + i)).as("msg:%d", i).isPresent();
      }
      assertThat(store.sequence()).isEqualTo(store.count());
      assertThat(store.check()).isEmpty();
    }
  }

  static Process start(String mode, Path file) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(java, "--add-modules=jdk.incubator.vector", "-cp",
        System.getProperty("java.class.path"), ChildStoreProcess.class.getName(), mode, file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static BufferedReader reader(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
  }

  private static void killHard(Process p) throws InterruptedException {
    p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no close()
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }
}
