package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.CliProcess.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers run a one-off search with C1 alone and the scalar kernels asked for: the search answers as
 * always, and stderr stays clean unless --verbose asks for the kernel note.
 */
class OneOffJitTest {
  /** What the launchers add for a one-off command (see short_lived in ./quiver and bin/quiver). */
  private static final List<String> ONE_OFF = List.of("-XX:TieredStopAtLevel=1", "-Dquiver.kernels=scalar");

  @TempDir
  static Path dir;

  static Path store;

  @BeforeAll
  static void importTwoItems() {
    Path items = write(dir.resolve("two.jsonl"),
        "{\"id\":\"a\",\"text\":\"deploy at noon\"}",
        "{\"id\":\"b\",\"text\":\"lunch in the kitchen\"}");
    store = dir.resolve("s.quiver");
    Result r = CliProcess.quiver("import", "--store", store.toString(), "--jsonl", items.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void aOneOffHybridSearchFindsTheItemAndPrintsNothingOnStderr() {
    Result r = oneOff("search", "--store", store.toString(), "when is the deploy");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("1. a ");
    assertThat(r.err().lines().filter(l -> l.startsWith("quiver"))).as(r.toString()).isEmpty();
  }

  @Test
  void verboseShowsWhichKernelsRun() {
    Result r = oneOff("search", "--verbose", "--store", store.toString(), "deploy");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("scalar kernels in use");
  }

  private static Result oneOff(String... args) {
    ProcessBuilder builder = CliProcess.command(QuiverCli.class, args);
    builder.command().addAll(1, ONE_OFF);
    return CliProcess.run(builder);
  }
}
