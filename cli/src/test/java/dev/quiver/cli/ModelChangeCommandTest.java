package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static dev.quiver.cli.CliProcess.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.CliProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quiver rebuild --to-model}: a store moves from MiniLM to e5 and back, in real processes. */
class ModelChangeCommandTest {
  @TempDir
  Path dir;

  private Path items() {
    return write(dir.resolve("items.jsonl"),
        "{\"id\":\"deploy\",\"text\":\"We ship the release to production on Thursday at noon.\","
            + "\"attributes\":{\"room\":\"ops\"},\"timestamp\":1700000000000}",
        "{\"id\":\"cat\",\"text\":\"My cat sleeps in the sun on the balcony.\",\"attributes\":{\"room\":\"dev\"}}",
        "{\"id\":\"lunch\",\"text\":\"The canteen serves pasta on Fridays.\"}");
  }

  @Test
  void aStoreMovesToE5FromItsOwnItemsAndBackFromASourceRefusingTheOldModelEachTime() throws Exception {
    Path store = dir.resolve("chat.quiver");
    Result imported = quiver("import", "--store", store.toString(), "--jsonl", items().toString());
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    Path before = dir.resolve("before.jsonl");
    assertThat(quiver("export", "--store", store.toString(), "--jsonl", before.toString()).exitCode()).isZero();

    Result moved = quiver("rebuild", "--store", store.toString(), "--to-model", "e5-small", "--from-store");
    assertThat(moved.exitCode()).as(moved.toString()).isZero();
    assertThat(moved.out()).contains("moved " + store).contains("from model all-minilm")
        .contains("to model e5-small-v2-q").contains("its own items").contains("3 items");
    assertThat(dir.resolve("chat.quiver-rebuild")).doesNotExist();

    Result e5 = quiver("search", "--store", store.toString(), "--model", "e5-small", "--mode", "vector",
        "--limit", "1", "when do we go live?");
    assertThat(e5.exitCode()).as(e5.toString()).isZero();
    assertThat(e5.out()).contains("deploy").doesNotContain("balcony");
    Result oldModel = quiver("search", "--store", store.toString(), "when do we go live?");
    assertThat(oldModel.exitCode()).as(oldModel.toString()).isEqualTo(ExitCodes.REFUSED);
    assertThat(oldModel.err()).contains("e5-small-v2-q");
    Path after = dir.resolve("after.jsonl");
    Result exported = quiver("export", "--store", store.toString(), "--model", "e5-small", "--jsonl",
        after.toString());
    assertThat(exported.exitCode()).as(exported.toString()).isZero();
    // every item as it was, with a vector of the new model
    assertThat(withoutVectors(after)).isEqualTo(withoutVectors(before)).hasSize(3)
        .allSatisfy(line -> assertThat(line).doesNotContain("\"vector\"").contains("\"attributes\""));
    assertThat(Files.readAllLines(after)).isNotEqualTo(Files.readAllLines(before));

    Result back = quiver("rebuild", "--store", store.toString(), "--to-model", "minilm", "--jsonl",
        items().toString());
    assertThat(back.exitCode()).as(back.toString()).isZero();
    assertThat(back.out()).contains("from model e5-small-v2-q").contains("to model all-minilm");
    Result minilm = quiver("search", "--store", store.toString(), "--filter", "room=ops", "release day");
    assertThat(minilm.exitCode()).as(minilm.toString()).isZero();
    assertThat(minilm.out()).contains("deploy");
  }

  private static java.util.List<String> withoutVectors(Path export) throws java.io.IOException {
    return Files.readAllLines(export).stream().map(line -> line.replaceAll(",\"vector\":\\[[^\\]]*\\]", ""))
        .toList();
  }

  @Test
  void aLeftoverRebuildFileOfAnotherModelIsRefusedNamingItAndTheStoreIsUnchanged() throws Exception {
    Path store = dir.resolve("chat.quiver");
    assertThat(quiver("import", "--store", store.toString(), "--jsonl", items().toString()).exitCode()).isZero();
    // what an interrupted move to e5 leaves: a -rebuild file that records e5
    Path leftover = dir.resolve("chat.quiver-rebuild");
    Result partial = quiver("import", "--store", leftover.toString(), "--model", "e5-small", "--jsonl",
        items().toString());
    assertThat(partial.exitCode()).as(partial.toString()).isZero();
    byte[] file = Files.readAllBytes(store);
    byte[] rebuild = Files.readAllBytes(leftover);

    Result refused = quiver("rebuild", "--store", store.toString(), "--to-model", "minilm", "--from-store");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.REFUSED);
    assertThat(refused.err()).contains(leftover.toString()).contains("'e5-small-v2-q'")
        .contains("'all-minilm");
    assertThat(Files.readAllBytes(store)).isEqualTo(file);
    assertThat(Files.readAllBytes(leftover)).isEqualTo(rebuild);
    Result search = quiver("search", "--store", store.toString(), "release day");
    assertThat(search.exitCode()).as(search.toString()).isZero();
    assertThat(search.out()).contains("deploy");
  }

  @Test
  void aMoveFromASourceCreatesAMissingStoreWithTheNewModel() {
    Path store = dir.resolve("new.quiver");
    Result created = quiver("rebuild", "--store", store.toString(), "--to-model", "e5-small", "--jsonl",
        items().toString());
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.out()).contains("to model e5-small-v2-q").contains("3 items");
    Result search = quiver("search", "--store", store.toString(), "--model", "e5-small", "--mode", "vector",
        "--limit", "1", "when do we go live?");
    assertThat(search.exitCode()).as(search.toString()).isZero();
    assertThat(search.out()).contains("deploy");
  }

  @Test
  void fromStoreNeedsToModelAndNoOtherSource() {
    Path store = dir.resolve("chat.quiver");
    Result alone = quiver("rebuild", "--store", store.toString(), "--from-store");
    assertThat(alone.exitCode()).as(alone.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(alone.err()).contains("--to-model");
    Result two = quiver("rebuild", "--store", store.toString(), "--to-model", "e5-small", "--from-store",
        "--jsonl", items().toString());
    assertThat(two.exitCode()).as(two.toString()).isEqualTo(ExitCodes.USAGE);
    Result none = quiver("rebuild", "--store", store.toString());
    assertThat(none.exitCode()).as(none.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(none.err()).contains("--from-store");
    Result missing = quiver("rebuild", "--store", store.toString(), "--to-model", "e5-small", "--from-store");
    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("no store at " + store);
    assertThat(store).doesNotExist();
  }
}
