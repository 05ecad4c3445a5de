package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static dev.quiver.cli.CliProcess.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.cli.CliProcess.Result;
import dev.quiver.datasets.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily-use features of issue 12, each in a real {@code quiver} process on a store of four items. */
class DailyUseTest {
  @TempDir
  Path dir;

  Path store;

  @BeforeEach
  void importFourItems() {
    Path items = write(dir.resolve("four.jsonl"),
        "{\"id\":\"a\",\"text\":\"deploy at noon\",\"attributes\":{\"room\":\"ops\",\"priority\":3}}",
        "{\"id\":\"b\",\"text\":\"lunch menu\",\"attributes\":{\"room\":\"random\"}}",
        "{\"id\":\"c\",\"text\":\"old project notes\",\"attributes\":{\"room\":\"archive\"}}",
        "{\"id\":\"d\",\"text\":\"more old notes\",\"attributes\":{\"room\":\"archive\"}}");
    store = dir.resolve("s.quiver");
    Result imported = quiver("import", "--store", store.toString(), "--jsonl", items.toString());
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
  }

  @Test
  void deleteByIdByFileFromStdinAndByFilter() {
    Result byId = quiver("delete", "--store", store.toString(), "a", "nope");
    assertThat(byId.exitCode()).as(byId.toString()).isZero();
    assertThat(byId.out()).contains("deleted 1 item; 1 of the ids given were not in the store");

    Result fromStdin = CliProcess.quiverWithStdin("b\n\n".getBytes(StandardCharsets.UTF_8), "delete", "--store",
        store.toString(), "--ids-from", "-");
    assertThat(fromStdin.out()).as(fromStdin.toString()).contains("deleted 1 item");

    Result byFilter = quiver("delete", "--store", store.toString(), "--filter", "room=archive");
    assertThat(byFilter.out()).as(byFilter.toString()).contains("deleted 2 items");
    assertThat(quiver("stats", "--store", store.toString(), "--json").out()).contains("\"items\":0");
  }

  @Test
  void deleteWithNothingToDeleteIsABadInputAndChangesNothing() {
    Result r = quiver("delete", "--store", store.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("nothing to delete");
    assertThat(quiver("stats", "--store", store.toString(), "--json").out()).contains("\"items\":4");
  }

  @Test
  void aCommandRunWithJsonReportsItsErrorAsJsonOnStderr() throws Exception {
    Result missing = quiver("stats", "--store", dir.resolve("absent.quiver").toString(), "--json");
    assertThat(missing.exitCode()).isEqualTo(2);
    JsonNode error = jsonError(missing);
    assertThat(error.get("code").asText()).isEqualTo("BAD_INPUT");
    assertThat(error.get("message").asText()).contains("no store at");

    Result usage = quiver("search", "--json", "--store", store.toString(), "--limit", "many", "deploy");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(jsonError(usage).get("code").asText()).isEqualTo("USAGE");
  }

  /** The error object on stderr; the JVM's own notice about the incubator module may stand above it. */
  private static JsonNode jsonError(Result r) throws Exception {
    String line = r.err().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow(() ->
        new AssertionError("no JSON on stderr: " + r));
    return Json.MAPPER.readTree(line).get("error");
  }

  @Test
  void theStoreComesFromQuiverStoreWhenNoOptionGivesIt() {
    ProcessBuilder stats = CliProcess.command(QuiverCli.class, "stats", "--json");
    stats.environment().put("QUIVER_STORE", store.toString());
    Result r = CliProcess.run(stats);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("\"items\":4");
  }

  @Test
  void typedAttributesAreFilteredByTheValueTheCommandLineSpells() {
    Result r = quiver("search", "--store", store.toString(), "--json", "--mode", "keyword", "--filter",
        "priority=3", "deploy");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("\"id\":\"a\"").contains("\"priority\":3");
  }

  @Test
  void shellCompletionIsGenerated() {
    Result r = quiver("generate-completion");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("complete -F").contains("delete");
  }

  @Test
  void aReimportEmbedsOnlyWhatIsNewOrChanged() {
    Path edited = write(dir.resolve("edited.jsonl"),
        "{\"id\":\"a\",\"text\":\"deploy at noon\",\"attributes\":{\"room\":\"ops\",\"priority\":3}}",
        "{\"id\":\"b\",\"text\":\"lunch menu, edited\",\"attributes\":{\"room\":\"random\"}}",
        "{\"id\":\"c\",\"text\":\"old project notes\",\"attributes\":{\"room\":\"archive\"}}",
        "{\"id\":\"d\",\"text\":\"more old notes\",\"attributes\":{\"room\":\"archive\"}}",
        "{\"id\":\"e\",\"text\":\"a new message\"}");

    Result r = quiver("import", "--store", store.toString(), "--jsonl", edited.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("imported 2 items from ").contains("; 3 items already stored as given were "
        + "skipped");
    Result found = quiver("search", "--store", store.toString(), "--json", "--mode", "keyword", "edited");
    assertThat(found.out()).contains("\"id\":\"b\"");

    Result forced = quiver("import", "--store", store.toString(), "--jsonl", edited.toString(), "--reembed");
    assertThat(forced.out()).as(forced.toString()).startsWith("imported 5 items from ").doesNotContain("skipped");
  }

  @Test
  void quietLeavesOnlyResultsOnStdoutAndNoWarnings() {
    Path more = write(dir.resolve("more.jsonl"), "{\"id\":\"f\",\"text\":\"quiet message\"}");
    Result imported = quiver("import", "--quiet", "--store", store.toString(), "--jsonl", more.toString());
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    assertThat(imported.out()).isEmpty();

    Result deleted = quiver("--quiet", "delete", "--store", store.toString(), "f");
    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(deleted.out()).isEmpty();

    Result found = quiver("search", "--quiet", "--store", store.toString(), "--mode", "keyword", "--filter",
        "nosuchkey=x", "deploy");
    assertThat(found.out()).contains("(no hits)");
    assertThat(found.err()).doesNotContain("warning");
  }
}
