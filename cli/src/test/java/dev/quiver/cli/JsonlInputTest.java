package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static dev.quiver.cli.CliProcess.quiverWithStdin;
import static dev.quiver.cli.CliProcess.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.CliProcess.Result;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON Lines as users feed it: through pipes, with a BOM, with junk; each a real {@code quiver} process. */
class JsonlInputTest {
  static final String TWO = "{\"id\":\"a\",\"text\":\"deploy at noon\"}\n{\"id\":\"b\",\"text\":\"rollback plan\"}\n";

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"-", "/dev/stdin"})
  void pipedJsonlIsImportedNotSilentlyDropped(String source) {
    Path store = dir.resolve("s.quiver");
    Result r = quiverWithStdin(TWO.getBytes(StandardCharsets.UTF_8), "import", "--store", store.toString(),
        "--jsonl", source);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).as(r.toString()).startsWith("imported 2 items");
    assertThat(quiver("stats", "--store", store.toString()).out()).containsPattern("items +2\\n");
  }

  @Test
  void processSubstitutionIsImported() throws Exception {
    Path items = Files.writeString(dir.resolve("items.jsonl"), TWO);
    Path store = dir.resolve("s.quiver");
    List<String> java = new ArrayList<>(CliProcess.command(QuiverCli.class, "import", "--store", store.toString())
        .command());
    List<String> bash = new ArrayList<>(List.of("bash", "-c", "\"$@\" --jsonl <(cat \"$0\")", items.toString()));
    bash.addAll(java);
    Result r = CliProcess.run(new ProcessBuilder(bash));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).as(r.toString()).startsWith("imported 2 items from /dev/fd/");
  }

  @Test
  void aBadLineOnStdinFailsBeforeAnythingIsWritten() {
    Path store = dir.resolve("s.quiver");
    Result r = quiverWithStdin((TWO + "{\"id\":\"c\"}\n").getBytes(StandardCharsets.UTF_8), "import", "--store",
        store.toString(), "--jsonl", "-");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("<stdin>:3: missing \"text\"");
    assertThat(store).doesNotExist();
  }

  @Test
  void twoObjectsOnOneLineAreRefusedNamingTheLine() {
    Path items = write(dir.resolve("items.jsonl"), "{\"id\":\"z\",\"text\":\"fine\"}",
        "{\"id\":\"a\",\"text\":\"x\"}{\"id\":\"b\",\"text\":\"y\"}");
    Path store = dir.resolve("s.quiver");
    Result r = quiver("import", "--store", store.toString(), "--jsonl", items.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains(items + ":2: unexpected content after the JSON value at column 22: '{\"id\":\"b\"");
    assertThat(store).doesNotExist();
  }

  @Test
  void junkAfterTheObjectIsRefusedNamingTheLine() {
    Path items = write(dir.resolve("items.jsonl"), "{\"id\":\"a\",\"text\":\"x\"} junk");
    Result r = quiver("import", "--store", dir.resolve("s.quiver").toString(), "--jsonl", items.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains(items + ":1: unexpected content after the JSON value at column 23: 'junk'");
  }

  @Test
  void invalidUtf8IsRefusedWithTheLineNumberNotReplaced() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(TWO.getBytes(StandardCharsets.UTF_8));
    bytes.write("{\"id\":\"c\",\"text\":\"caf".getBytes(StandardCharsets.UTF_8));
    bytes.write(0xE9); // Latin-1 é
    bytes.write("\"}\n".getBytes(StandardCharsets.UTF_8));
    Path items = Files.write(dir.resolve("latin1.jsonl"), bytes.toByteArray());
    Path store = dir.resolve("s.quiver");
    Result r = quiver("import", "--store", store.toString(), "--jsonl", items.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains(items + ":3: not valid UTF-8 (byte 0xE9 at byte 22 of the line)");
    assertThat(store).doesNotExist();
  }

  @Test
  void aLeadingByteOrderMarkIsAccepted() throws Exception {
    Path items = Files.writeString(dir.resolve("bom.jsonl"), "\uFEFF" + TWO, StandardCharsets.UTF_8);
    Result r = quiver("import", "--store", dir.resolve("s.quiver").toString(), "--jsonl", items.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("imported 2 items");
  }
}
