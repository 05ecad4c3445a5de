package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static dev.quiver.cli.CliProcess.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.CliProcess.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --filter EXPR}, {@code --since}, {@code --until} and {@code --fields} in real {@code quiver} processes,
 * on one shared store of four items that all contain "deploy", so a keyword search for it returns exactly the
 * items the filter accepts.
 */
class FilterOptionsTest {
  @TempDir
  static Path shared;

  static Path store;

  @TempDir
  Path dir;

  static final String[] ITEMS = {
      "{\"id\":\"a\",\"text\":\"deploy at noon\",\"timestamp\":1793527200000,"
          + "\"attributes\":{\"room\":\"ops\",\"priority\":3,\"thread\":\"t1\",\"title\":\"release notes\"}}",
      "{\"id\":\"b\",\"text\":\"deploy the staging server\",\"timestamp\":1793872800000,"
          + "\"attributes\":{\"room\":\"dev\",\"priority\":1}}",
      "{\"id\":\"c\",\"text\":\"deploy notes for law\",\"timestamp\":1792454400000,"
          + "\"attributes\":{\"room\":\"law\",\"priority\":\"5\"}}",
      "{\"id\":\"d\",\"text\":\"deploy checklist\",\"attributes\":{\"room\":\"ops\",\"kind\":\"bot\"}}"};

  @BeforeAll
  static void importFourItems() {
    // a: 2026-11-01T10:00Z, b: 2026-11-05T10:00Z, c: 2026-10-20T00:00Z, d: no timestamp
    store = imported(shared, ITEMS);
  }

  static Path imported(Path directory, String... lines) {
    Path items = write(directory.resolve("items.jsonl"), lines);
    Path s = directory.resolve("s.quiver");
    Result r = quiver("import", "--store", s.toString(), "--jsonl", items.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return s;
  }

  /** The ids a keyword search for "deploy" returns with {@code options}, sorted. */
  static List<String> ids(Path store, String... options) {
    List<String> args = new ArrayList<>(List.of("search", "--store", store.toString(), "--mode", "keyword",
        "--fields", "id"));
    args.addAll(Arrays.asList(options));
    args.add("deploy");
    Result r = quiver(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out().lines().sorted().toList();
  }

  @ParameterizedTest(name = "--filter {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "room in (ops,dev)                              | a b d",
      "room not in (ops, dev)                         | c",
      "priority >= 3                                  | a",
      "priority < 3                                   | b",
      "room != ops                                    | b c",
      "not room = ops                                 | b c",
      "has(thread)                                    | a",
      "exists kind                                    | d",
      "(room = ops or room = law) and not has(kind)   | a c",
      "room = law or priority = 1                     | b c",
      "title = \"release notes\"                      | a",
      "priority=5                                     | c",
      "priority = num(3)                              | a",
      "priority = '5'                                 | c",
      "title=release notes                            | a"})
  void filterExpressionsSelectTheItemsTheLibraryWould(String filter, String expected) {
    assertThat(ids(store, "--filter", filter.strip())).containsExactly(expected.split(" "));
  }

  @Test
  void repeatedFiltersAndTogetherAndPlainKeyValueStillWidensNumbers() {
    assertThat(ids(store, "--filter", "room=ops", "--filter", "priority=3")).containsExactly("a");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "--since, 2026-11-01, a b",
      "--until, 2026-10-31, c",
      "--until, 2026-11-01, a c",
      "--since, 2026-11-01T11:00:00+01:00, a b",
      "--since, 2026-11-01T10:00:00.001Z, b",
      "--since, 36500d, a b c"})
  void sinceAndUntilKeepItemsByTheirTimestamp(String option, String time, String expected) {
    assertThat(ids(store, option, time)).containsExactly(expected.split(" "));
  }

  @Test
  void sinceUntilAndFilterCombine() {
    assertThat(ids(store, "--since", "2026-10-01", "--until", "2026-11-02", "--filter", "room != law"))
        .containsExactly("a");
  }

  @Test
  void aSyntaxErrorIsOneLineWithTheColumnThenWhereToReadMore() {
    Result r = quiver("search", "--store", store.toString(), "--filter", "room in ()", "deploy");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    List<String> lines = r.err().lines().filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("quiver search: ")
        .contains("expected a value after 'in (' at column 10, found ')' in the filter 'room in ()'");
    assertThat(lines.get(1)).isEqualTo("try 'quiver search --help'");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aBadTimeSaysWhatIsAccepted() {
    Result r = quiver("search", "--store", store.toString(), "--since", "last tuesday", "deploy");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--since: expected an ISO date").contains("found 'last tuesday'")
        .contains("try 'quiver search --help'");
  }

  @Test
  void untilBeforeSinceIsRefused() {
    Result r = quiver("search", "--store", store.toString(), "--since", "2026-11-05", "--until", "2026-11-01",
        "deploy");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("is before --since");
  }

  @Test
  void aKeyNoItemHasInsideAnExpressionIsWarnedAbout() {
    Result r = quiver("search", "--store", store.toString(), "--mode", "keyword", "--filter",
        "room = ops and rom in (x, y)", "deploy");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("(no hits)");
    assertThat(r.err()).contains("quiver search: warning: no item has attribute 'rom'")
        .contains("attributes: kind, priority, room, thread, title").doesNotContain("attribute 'room'");
  }

  @Test
  void fieldsChooseTheColumnsAsTabSeparatedValues() {
    Result r = quiver("search", "--store", store.toString(), "--mode", "keyword", "--filter", "has(thread)",
        "--fields", "rank,id,time,attr.room,attr.none,attributes,text", "deploy");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("1\ta\t2026-11-01T10:00:00Z\tops\t\t"
        + "{priority=3, room=ops, thread=t1, title=release notes}\tdeploy at noon\n");
    Result score = quiver("search", "--store", store.toString(), "--mode", "keyword", "--filter", "room=dev",
        "--fields", "score,snippet", "deploy");
    assertThat(score.out()).as(score.toString()).matches("\\d+\\.\\d{4}\t.*deploy.*staging server\\n");
  }

  @Test
  void theTextOutputShowsTimestamps() {
    Result r = quiver("search", "--store", store.toString(), "--mode", "keyword", "--filter", "room=dev", "deploy");
    assertThat(r.out()).as(r.toString()).contains(" 1. b  ").contains("  2026-11-05T10:00:00Z  {priority=1, room=dev}");
  }

  @Test
  void fieldsWithJsonOrAnUnknownFieldIsAUsageError() {
    Result withJson = quiver("search", "--store", store.toString(), "--json", "--fields", "id", "deploy");
    assertThat(withJson.exitCode()).as(withJson.toString()).isEqualTo(2);
    assertThat(withJson.err()).contains("--json prints the whole hit");
    Result unknown = quiver("search", "--store", store.toString(), "--fields", "id,colour", "deploy");
    assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
    assertThat(unknown.err()).contains("found 'colour'").contains("try 'quiver search --help'");
  }

  @Test
  void helpDocumentsTheGrammarWithExamples() {
    Result r = quiver("search", "--help");
    assertThat(r.out()).contains("--filter=EXPR").contains("--filter 'room in (ops,dev)'")
        .contains("--filter 'priority >= 3'").contains("has(thread)").contains("--since").contains("--fields");
  }

  @Test
  void deleteTakesTheSameExpressionsAndTimes() {
    Path own = imported(dir, ITEMS);
    Result byFilter = quiver("delete", "--store", own.toString(), "--filter", "room in (law, dev)");
    assertThat(byFilter.out()).as(byFilter.toString()).contains("deleted 2 items");
    Result byTime = quiver("delete", "--store", own.toString(), "--until", "2026-11-01");
    assertThat(byTime.out()).as(byTime.toString()).contains("deleted 1 item");
    assertThat(ids(own)).containsExactly("d");
    Result bad = quiver("delete", "--store", own.toString(), "--filter", "room in (ops");
    assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
    assertThat(bad.err()).contains("at column 13").contains("try 'quiver delete --help'");
    assertThat(ids(own)).containsExactly("d");
  }
}
