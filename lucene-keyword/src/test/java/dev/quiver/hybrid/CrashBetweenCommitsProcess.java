package dev.quiver.hybrid;

import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.keyword.LuceneKeywordIndex;
import dev.quiver.spi.KeywordIndex;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Child JVM: indexes one batch and dies the instant the vector file has committed it, before the keyword
 * index can. {@code Runtime.halt} runs no shutdown hook and closes nothing, like {@code kill -9}.
 */
public final class CrashBetweenCommitsProcess {
  private CrashBetweenCommitsProcess() {}

  public static void main(String[] args) throws Exception {
    Path store = Path.of(args[0]);
    KeywordIndex.Factory dying = dir -> new DyingOnApply(LuceneKeywordIndex.open(dir));
    Quiver quiver = Quiver.open(store, QuiverOptions.builder().embedder(new HashingEmbedder())
        .keywordIndex(dying).build());
    quiver.index(List.of(Item.of("msg:crash", "the zeppelin landed after the vector commit")));
    throw new AssertionError("the keyword side should have halted the process");
  }

  private record DyingOnApply(KeywordIndex delegate) implements KeywordIndex {
    @Override
    public long appliedSequence() throws java.io.IOException {
      return delegate.appliedSequence();
    }

    @Override
    public void apply(Collection<Item> upserts, Collection<String> deletedIds, long sequence) {
      System.out.println("vector side committed sequence " + sequence);
      System.out.flush();
      Runtime.getRuntime().halt(9);
    }

    @Override
    public void clear() throws java.io.IOException {
      delegate.clear();
    }

    @Override
    public Reader reader() throws java.io.IOException {
      return delegate.reader();
    }

    @Override
    public void close() throws java.io.IOException {
      delegate.close();
    }
  }
}
