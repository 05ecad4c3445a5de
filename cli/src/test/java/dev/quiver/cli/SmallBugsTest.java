package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static dev.quiver.cli.CliProcess.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.CliProcess.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The small bugs of issue 12, each in a real {@code quiver} process; one store of one item is shared. */
class SmallBugsTest {
  @TempDir
  static Path shared;

  static Path store;
  static Result imported;

  @TempDir
  Path dir;

  @BeforeAll
  static void importOneItem() {
    Path items = write(shared.resolve("one.jsonl"),
        "{\"id\":\"a\",\"text\":\"deploy at noon\",\"attributes\":{\"room\":\"ops\",\"kind\":\"message\"}}");
    store = shared.resolve("s.quiver");
    imported = quiver("import", "--store", store.toString(), "--jsonl", items.toString());
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
  }

  @Test
  void importOfOneItemSaysItemNotItems() {
    assertThat(imported.out()).startsWith("imported 1 item from ");
  }

  @Test
  void rebuildReportsFractionalSeconds() {
    Path items = write(dir.resolve("one.jsonl"), "{\"id\":\"a\",\"text\":\"deploy at noon\"}");
    Path other = dir.resolve("r.quiver");
    Result r = quiver("rebuild", "--store", other.toString(), "--jsonl", items.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("rebuilt .* from .*: 1 item in \\d+\\.\\d s");
  }

  @Test
  void searchVersionPrintsTheVersion() {
    Result r = quiver("search", "--version");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("quiver ");
  }

  @Test
  void helpSubcommandPrintsTheCommandsHelp() {
    Result r = quiver("help", "import");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Usage: quiver import").contains("--jsonl");
    assertThat(r.err()).doesNotContain("--store");
  }

  @ParameterizedTest
  @ValueSource(strings = {"stats", "verify", "repair"})
  void progressIsRefusedByCommandsWithoutProgress(String command) {
    Result help = quiver(command, "--help");
    assertThat(help.out()).doesNotContain("--progress");
    Result r = quiver(command, "--progress", "--store", store.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option: '--progress'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"import", "search", "eval", "rebuild", "demo", "export"}) // export: --to-solr's bar
  void progressIsOfferedByCommandsWithProgress(String command) {
    assertThat(quiver(command, "--help").out()).contains("--progress");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t"})
  void emptyOrBlankQueryIsRefused(String query) {
    Result r = quiver("search", "--store", store.toString(), query);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).containsPattern("QUERY is (empty|blank)");
    assertThat(r.out()).doesNotContain("deploy");
  }

  @Test
  void filterOnAKeyNoItemHasWarnsNamingTheKeysThatExist() {
    Result r = quiver("search", "--store", store.toString(), "--mode", "keyword", "--filter", "rom=ops", "deploy");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("quiver search: warning: no item has attribute 'rom'")
        .contains("attributes: kind, room");
  }

  @Test
  void filterWithAnEmptyValueWarnsWhenNothingMatches() {
    Result r = quiver("search", "--store", store.toString(), "--mode", "keyword", "--filter", "room=", "deploy");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("--filter room= matches items whose 'room' is the empty string, and none is");
  }

  @Test
  void filterThatMatchesWarnsNothing() {
    Result r = quiver("search", "--store", store.toString(), "--mode", "keyword", "--filter", "room=ops", "deploy");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains(" 1. a");
    assertThat(r.err()).doesNotContain("warning");
  }

  @Test
  void primaryDbThatDoesNotExistIsRefusedUnlessCreatedLater() {
    Path items = write(dir.resolve("one.jsonl"), "{\"id\":\"a\",\"text\":\"x\"}");
    Path other = dir.resolve("p.quiver");
    Path typo = dir.resolve("chat.bd");
    Result r = quiver("import", "--store", other.toString(), "--primary-db", typo.toString(), "--jsonl",
        items.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--primary-db " + typo + " does not exist").contains("--primary-db-created-later");
    assertThat(other).doesNotExist();
    Result later = quiver("import", "--store", other.toString(), "--primary-db", typo.toString(),
        "--primary-db-created-later", "--jsonl", items.toString());
    assertThat(later.exitCode()).as(later.toString()).isZero();
    Result search = quiver("stats", "--store", store.toString(), "--primary-db", typo.toString());
    assertThat(search.exitCode()).as(search.toString()).isEqualTo(2);
  }
}
