package dev.quiver.reliability;

import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.hybrid.HashingEmbedder;
import dev.quiver.keyword.LuceneKeywordIndex;
import dev.quiver.spi.KeywordIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Child JVM: indexes {@code old} messages in one batch, then rebuilds the store from {@code fresh} other
 * items, and dies ({@code Runtime.halt}, like {@code kill -9}) the moment the rebuild empties the keyword
 * index: the point where the rebuilt file and the keyword index change hands.
 */
public final class HaltInKeywordClear {
  private HaltInKeywordClear() {}

  public static void main(String[] args) throws Exception {
    int old = Integer.parseInt(args[1]);
    int fresh = Integer.parseInt(args[2]);
    KeywordIndex.Factory dying = dir -> new HaltOnClear(LuceneKeywordIndex.open(dir));
    Quiver quiver = Quiver.open(Path.of(args[0]), QuiverOptions.builder().embedder(new HashingEmbedder())
        .keywordIndex(dying).build());
    quiver.index(Stores.messages(old));
    System.out.println("acknowledged");
    System.out.flush();
    quiver.rebuild(rebuilt(fresh).iterator(), fresh, null);
    throw new AssertionError("the keyword index should have halted the process");
  }

  /** What the rebuild writes: other ids than {@link Stores#messages}, in one room. */
  static List<Item> rebuilt(int n) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(new Item("row:" + i, "rebuilt record " + i + " about the airship dock", Map.of("room", "ops"),
          5_000L + i));
    }
    return items;
  }

  private record HaltOnClear(KeywordIndex delegate) implements KeywordIndex {
    @Override
    public long appliedSequence() throws IOException {
      return delegate.appliedSequence();
    }

    @Override
    public void apply(Collection<Item> upserts, Collection<String> deletedIds, long sequence) throws IOException {
      delegate.apply(upserts, deletedIds, sequence);
    }

    @Override
    public void clear() {
      System.out.println("clearing");
      System.out.flush();
      Runtime.getRuntime().halt(9);
    }

    @Override
    public Reader reader() throws IOException {
      return delegate.reader();
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }
}
