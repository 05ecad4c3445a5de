package dev.quiver.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Regression tests for rebuilds that the kill loop ({@link KillLoopSuiteTest}) caught mixing two states. */
class RebuildSafetyTest {
  @TempDir Path dir;

  private Path store() {
    return dir.resolve("chat.quiver");
  }

  /**
   * The keyword index used to be emptied after the rebuilt file was moved into place. A crash in between left
   * the rebuilt file beside the old index: with fewer changes than the old file, the index read as ahead and
   * the old items were "restored" into the rebuilt file (with the index then left behind it); with more,
   * only the rebuilt changes above the old sequence were replayed, beside the old items.
   */
  @ParameterizedTest(name = "{0} old items, rebuilt from {1}")
  @CsvSource({"30, 100", "200, 50"})
  void aCrashAsTheRebuiltFileIsSwappedInNeverLeavesItBesideTheOldKeywordIndex(int old, int fresh)
      throws Exception {
    Process child = Stores.child(HaltInKeywordClear.class, store().toString(), Integer.toString(old),
        Integer.toString(fresh));
    try (BufferedReader out = Stores.lines(child)) {
      assertThat(out.readLine()).isEqualTo("acknowledged");
      assertThat(out.readLine()).isEqualTo("clearing");
    } finally {
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(child.exitValue()).isEqualTo(9);

    try (Quiver quiver = Stores.open(store())) {
      assertThat(quiver.verify()).isEmpty();
      assertThat(quiver.status().notices()).isEmpty(); // nothing lost, so nothing restored
      Map<String, Item> items = new TreeMap<>();
      quiver.forEach((item, vector) -> items.put(item.id(), item));
      Set<Item> before = Set.copyOf(Stores.messages(old));
      Set<Item> after = Set.copyOf(HaltInKeywordClear.rebuilt(fresh));
      assertThat(Set.copyOf(items.values())).as("one whole state: before the rebuild or after it")
          .isIn(before, after);
      List<String> keywordHits = quiver.search(SearchRequest.of("message zeppelin rebuilt airship")
          .mode(SearchMode.KEYWORD).limit(1_000)).hits().stream().map(Hit::id).toList();
      assertThat(keywordHits).containsExactlyInAnyOrderElementsOf(items.keySet());
    }
  }
}
