package dev.quiver.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
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
   * A rebuild whose source failed leaves its file to resume from. Resuming used to skip as many source items
   * as that file held, whatever they were: clear() then swapped the partial file in, and a rebuild from a
   * changed source kept the old source's items and dropped the new one's first items.
   */
  @Test
  void clearAfterAnInterruptedRebuildEmptiesTheStoreInsteadOfSwappingInThePartialFile() {
    try (Quiver quiver = Stores.open(store())) {
      quiver.index(Stores.messages(10));
      interruptedRebuild(quiver, rows(150, "first"), 100);
      quiver.clear();
      assertThat(quiver.count()).isZero();
      assertThat(quiver.status().keywordItems()).isZero();
      assertThat(quiver.verify()).isEmpty();
    }
  }

  @Test
  void aRebuildFromAChangedSourceAfterAnInterruptedOneHoldsExactlyTheChangedSource() {
    try (Quiver quiver = Stores.open(store())) {
      quiver.index(Stores.messages(10));
      interruptedRebuild(quiver, rows(150, "first"), 100);
      // the records changed meanwhile: some deleted, some edited, some added, and in another order
      List<Item> changed = new ArrayList<>(rows(170, "first"));
      changed.subList(10, 20).clear();
      changed.set(3, Item.of("row:3", "row 3 edited after the failed rebuild"));
      java.util.Collections.reverse(changed);
      changed.add(Item.of("row:3", "row 3 edited twice: the last one counts"));
      Quiver.RebuildReport report = quiver.rebuild(changed.iterator(), changed.size(), null);
      assertThat(report.items()).isEqualTo(changed.size());
      Map<String, Item> expected = new TreeMap<>();
      changed.forEach(item -> expected.put(item.id(), item));
      Map<String, Item> items = new TreeMap<>();
      quiver.forEach((item, vector) -> items.put(item.id(), item));
      assertThat(items.keySet()).containsExactlyElementsOf(expected.keySet());
      assertThat(expected.values().stream().filter(item -> !item.equals(items.get(item.id()))).map(Item::id))
          .as("items not as the changed source gives them").isEmpty();
      assertThat(quiver.verify()).isEmpty();
    }
  }

  @Test
  void aRebuildResumedFromTheSameSourceHoldsItWhole() {
    try (Quiver quiver = Stores.open(store())) {
      interruptedRebuild(quiver, rows(150, "first"), 100);
      quiver.rebuild(rows(150, "first").iterator(), 150, null);
      Map<String, Item> items = new TreeMap<>();
      quiver.forEach((item, vector) -> items.put(item.id(), item));
      assertThat(List.copyOf(items.values())).containsExactlyInAnyOrderElementsOf(rows(150, "first"));
      assertThat(quiver.verify()).isEmpty();
    }
  }

  private static List<Item> rows(int n, String word) {
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Item.of("row:" + i, word + " source record " + i));
    }
    return out;
  }

  /** A rebuild whose source fails at item {@code failAt}, after its first batches committed. */
  private static void interruptedRebuild(Quiver quiver, List<Item> source, int failAt) {
    Iterator<Item> failing = new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < source.size();
      }

      @Override
      public Item next() {
        if (i == failAt) {
          throw new IllegalStateException("source went away");
        }
        return source.get(i++);
      }
    };
    assertThatThrownBy(() -> quiver.rebuild(failing, source.size(), null)).hasMessageContaining("went away");
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
