package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static dev.quiver.cli.CliProcess.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.CliProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --model}: a store built with e5 is searched with e5, and refuses MiniLM, in real processes. */
class ModelOptionTest {
  @TempDir
  Path dir;

  @Test
  void aStoreBuiltWithE5IsSearchedWithE5AndRefusesAnotherModelUnchanged() throws Exception {
    Path items = write(dir.resolve("items.jsonl"),
        "{\"id\":\"deploy\",\"text\":\"We ship the release to production on Thursday at noon.\"}",
        "{\"id\":\"cat\",\"text\":\"My cat sleeps in the sun on the balcony.\"}",
        "{\"id\":\"lunch\",\"text\":\"The canteen serves pasta on Fridays.\"}");
    Path store = dir.resolve("e5.quiver");
    Result imported = quiver("import", "--store", store.toString(), "--model", "e5-small", "--jsonl",
        items.toString());
    assertThat(imported.exitCode()).as(imported.toString()).isZero();

    Result search = quiver("search", "--store", store.toString(), "--model", "E5-SMALL", "--mode", "vector",
        "--limit", "1", "when do we go live?");
    assertThat(search.exitCode()).as(search.toString()).isZero();
    assertThat(search.out()).contains("deploy").doesNotContain("balcony");

    byte[] before = Files.readAllBytes(store);
    Result wrongModel = quiver("search", "--store", store.toString(), "when do we go live?");
    assertThat(wrongModel.exitCode()).as(wrongModel.toString()).isNotZero();
    assertThat(wrongModel.err()).contains("e5-small-v2-q").contains("--model");
    assertThat(Files.readAllBytes(store)).isEqualTo(before);
  }

  @Test
  void aStoreMovesToAnotherModelByExportAndImport() {
    Path items = write(dir.resolve("items.jsonl"),
        "{\"id\":\"deploy\",\"text\":\"We ship the release to production on Thursday at noon.\","
            + "\"attributes\":{\"room\":\"ops\"}}",
        "{\"id\":\"cat\",\"text\":\"My cat sleeps in the sun on the balcony.\"}");
    Path old = dir.resolve("minilm.quiver");
    assertThat(quiver("import", "--store", old.toString(), "--jsonl", items.toString()).exitCode()).isZero();
    Path export = dir.resolve("export.jsonl");
    Result exported = quiver("export", "--store", old.toString(), "--jsonl", export.toString());
    assertThat(exported.exitCode()).as(exported.toString()).isZero();

    Path moved = dir.resolve("e5.quiver");
    Result imported = quiver("import", "--model", "e5-small", "--store", moved.toString(), "--jsonl",
        export.toString());
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    Result search = quiver("search", "--model", "e5-small", "--store", moved.toString(), "--filter", "room=ops",
        "--mode", "vector", "release day");
    assertThat(search.exitCode()).as(search.toString()).isZero();
    assertThat(search.out()).contains("deploy").doesNotContain("balcony");
  }

  @Test
  void anUnknownModelIsABadInputNamingTheChoices() {
    Result r = quiver("search", "--store", dir.resolve("s.quiver").toString(), "--model", "gpt", "hello");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--model gpt").contains("minilm").contains("e5-small");
  }
}
