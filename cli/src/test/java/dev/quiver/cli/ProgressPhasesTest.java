package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static dev.quiver.cli.CliProcess.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.CliProcess.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The silent phases of import and rebuild (checking the input, loading the model) say so when bars show. */
class ProgressPhasesTest {
  @TempDir
  Path dir;

  @Test
  void importAndRebuildNameTheirSilentPhasesOnlyWhenProgressIsShown() {
    Path items = write(dir.resolve("one.jsonl"), "{\"id\":\"a\",\"text\":\"deploy at noon\"}");
    Path store = dir.resolve("s.quiver");
    Result shown = quiver("import", "--progress", "--store", store.toString(), "--jsonl", items.toString());
    assertThat(shown.exitCode()).as(shown.toString()).isZero();
    assertThat(shown.err()).contains("quiver import: reading and checking the input")
        .contains("quiver import: opening " + store + " and loading the model minilm");
    assertThat(shown.out()).doesNotContain("reading and checking");

    Result silent = quiver("rebuild", "--store", store.toString(), "--jsonl", items.toString());
    assertThat(silent.exitCode()).as(silent.toString()).isZero();
    assertThat(silent.err()).doesNotContain("reading and checking").doesNotContain("loading the model");
    Result rebuilt = quiver("--progress", "rebuild", "--store", store.toString(), "--jsonl", items.toString());
    assertThat(rebuilt.err()).as(rebuilt.toString()).contains("quiver rebuild: reading and checking the input")
        .contains("loading the model minilm");
  }
}
