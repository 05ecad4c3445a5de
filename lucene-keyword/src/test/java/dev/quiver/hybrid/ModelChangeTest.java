package dev.quiver.hybrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.Degradation;
import dev.quiver.ErrorCode;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverException;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.keyword.LuceneKeywordIndex;
import dev.quiver.spi.Embedder;
import dev.quiver.testing.HashingTestEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Quiver#changeModel}: a store moves to another model on real SQLite files and a real Lucene index. */
class ModelChangeTest {
  private static final int ITEMS = 300;

  @TempDir Path dir;

  private final Embedder oldModel = new HashingTestEmbedder("hash-old", 384);
  private final Embedder newModel = new HashingTestEmbedder("hash-new", 256);

  private Path store() {
    return dir.resolve("chat.quiver");
  }

  private Path rebuildFile() {
    return dir.resolve("chat.quiver-rebuild");
  }

  private Quiver open(Embedder embedder) {
    return Quiver.open(store(), QuiverOptions.builder().embedder(embedder).keywordIndex(LuceneKeywordIndex.factory())
        .build());
  }

  private static List<Item> items() {
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      out.add(new Item("msg:" + i, "message " + i + " about the zeppelin hangar topic " + (i % 7),
          Map.of("room", i % 2 == 0 ? "ops" : "dev", "n", (long) i), 1_000L + i));
    }
    out.add(new Item("note:no-text", null, Map.of("room", "ops"), null));
    return out;
  }

  private static Map<String, Item> contents(Quiver quiver) {
    Map<String, Item> out = new TreeMap<>();
    quiver.forEach((item, vector) -> out.put(item.id(), item));
    return out;
  }

  @Test
  void aChangeFromASourceRecordsTheNewModelAndTheOldModelIsRefusedAfterwards() {
    try (Quiver quiver = open(oldModel)) {
      quiver.index(items());
      Quiver.RebuildReport report = quiver.changeModel(newModel, items().iterator(), items().size(), null);
      assertThat(report.items()).isEqualTo(items().size());
      assertThat(quiver.status().vectors().modelId()).isEqualTo("hash-new");
      assertThat(quiver.status().vectors().dimensions()).isEqualTo(256);
      assertThat(quiver.vector("msg:3")).hasValueSatisfying(v -> assertThat(v).hasSize(256));
      // this store now embeds queries with the new model
      SearchResult hits = quiver.search(SearchRequest.of("message 42 zeppelin").mode(SearchMode.VECTOR).limit(1));
      assertThat(hits.hits()).extracting(h -> h.id()).containsExactly("msg:42");
      quiver.index(Item.of("msg:new", "written after the change"));
      assertThat(quiver.vector("msg:new")).hasValueSatisfying(v -> assertThat(v).hasSize(256));
      assertThat(quiver.verify()).isEmpty();
    }
    assertThat(rebuildFile()).doesNotExist();
    assertThatThrownBy(() -> open(oldModel).close()).isInstanceOfSatisfying(QuiverException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_MISMATCH));
    try (Quiver quiver = open(newModel)) {
      assertThat(quiver.count()).isEqualTo(items().size() + 1);
    }
  }

  @Test
  void aChangeFromTheStoresOwnItemsKeepsEveryItemAndReportsProgressPerItem() {
    try (Quiver quiver = open(oldModel)) {
      quiver.index(items());
      Map<String, Item> before = contents(quiver);
      List<long[]> progress = new ArrayList<>();
      Quiver.RebuildReport report = quiver.changeModel(newModel, (done, total, rate) ->
          progress.add(new long[] {done, total}));
      assertThat(report.items()).isEqualTo(before.size());
      assertThat(contents(quiver)).isEqualTo(before);
      assertThat(quiver.vector("note:no-text")).isEmpty();
      assertThat(progress).isNotEmpty();
      assertThat(progress.get(progress.size() - 1)).containsExactly(before.size(), before.size());
      assertThat(quiver.status().vectors().modelId()).isEqualTo("hash-new");
      assertThat(quiver.status().keywordItems()).isEqualTo(before.size());
    }
  }

  @Test
  void aStoreOpenedWithoutAnEmbedderMovesToAModel() {
    try (Quiver quiver = open(oldModel)) {
      quiver.index(items());
    }
    try (Quiver quiver = Quiver.open(store(), QuiverOptions.builder().keywordIndex(LuceneKeywordIndex.factory())
        .build())) {
      quiver.changeModel(newModel, null);
      SearchResult hits = quiver.search(SearchRequest.of("message 42 zeppelin").mode(SearchMode.VECTOR).limit(1));
      assertThat(hits.degradations()).isEmpty();
      assertThat(hits.hits()).extracting(h -> h.id()).containsExactly("msg:42");
    }
    try (Quiver quiver = open(newModel)) {
      assertThat(quiver.count()).isEqualTo(items().size());
    }
  }

  @Test
  void anInterruptedChangeLeavesTheOldFileSearchableAndResumesWithoutEmbeddingTwice() throws Exception {
    try (Quiver quiver = open(oldModel)) {
      quiver.index(items());
      Map<String, Item> before = contents(quiver);
      List<String> duringFill = new ArrayList<>();
      Embedder failing = new FailingAfter(newModel, 2, () -> {
        // searches meanwhile are answered by the keyword side, and say why
        SearchResult r = quiver.search(SearchRequest.of("zeppelin hangar").limit(3));
        r.degradations().forEach(d -> duringFill.add(d.reason().name()));
      });
      assertThatThrownBy(() -> quiver.changeModel(failing, null)).hasMessageContaining("model went away");
      assertThat(duringFill).contains(Degradation.Reason.REBUILDING.name());
      assertThat(rebuildFile()).exists();

      // until a change completes, the old file is whole, with its own model, and answers vector searches
      assertThat(quiver.status().vectors().modelId()).isEqualTo("hash-old");
      assertThat(contents(quiver)).isEqualTo(before);
      SearchResult hits = quiver.search(SearchRequest.of("message 42 zeppelin").mode(SearchMode.VECTOR).limit(1));
      assertThat(hits.degradations()).isEmpty();
      assertThat(hits.hits()).extracting(h -> h.id()).containsExactly("msg:42");

      CountingEmbedder resumed = new CountingEmbedder(newModel);
      quiver.changeModel(resumed, null);
      assertThat(resumed.texts.get()).isPositive().isLessThan(ITEMS - 64); // the first batches were kept
      assertThat(contents(quiver)).isEqualTo(before);
      assertThat(quiver.status().vectors().modelId()).isEqualTo("hash-new");
      assertThat(quiver.verify()).isEmpty();
    }
    assertThat(rebuildFile()).doesNotExist();
  }

  @Test
  void aResumeWithAThirdModelIsRefusedNamingTheRebuildFileAndChangesNothing() throws Exception {
    try (Quiver quiver = open(oldModel)) {
      quiver.index(items());
      Map<String, Item> before = contents(quiver);
      assertThatThrownBy(() -> quiver.changeModel(new FailingAfter(newModel, 1, () -> { }), null))
          .hasMessageContaining("model went away");
      byte[] partial = Files.readAllBytes(rebuildFile());

      Embedder third = new HashingTestEmbedder("hash-third", 256);
      assertThatThrownBy(() -> quiver.changeModel(third, null)).isInstanceOfSatisfying(QuiverException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_MISMATCH);
        assertThat(e.file()).isEqualTo(rebuildFile());
        assertThat(e.getMessage()).contains(rebuildFile().toString()).contains("'hash-new'")
            .contains("'hash-third'");
      });
      // an ordinary rebuild with the store's own model cannot take over the other model's file either
      assertThatThrownBy(() -> quiver.rebuild(items().iterator(), items().size(), null))
          .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code())
              .isEqualTo(ErrorCode.MODEL_MISMATCH));
      assertThat(Files.readAllBytes(rebuildFile())).isEqualTo(partial);
      assertThat(quiver.status().vectors().modelId()).isEqualTo("hash-old");
      assertThat(contents(quiver)).isEqualTo(before);

      quiver.changeModel(newModel, null);
      assertThat(quiver.status().vectors().modelId()).isEqualTo("hash-new");
      assertThat(contents(quiver)).isEqualTo(before);
    }
  }

  @Test
  void aStoreWhoseVectorFileIsMissingCannotBeReembeddedFromItself() throws Exception {
    try (Quiver quiver = open(oldModel)) {
      quiver.index(items());
    }
    Files.delete(store());
    try (Quiver quiver = open(oldModel)) {
      assertThatThrownBy(() -> quiver.changeModel(newModel, null)).isInstanceOfSatisfying(QuiverException.class,
          e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT);
            assertThat(e.getMessage()).contains(store().toString()).contains("own records");
          });
      assertThat(quiver.status().keywordItems()).isEqualTo(items().size());
      // the chat server's own records still move it
      quiver.changeModel(newModel, items().iterator(), items().size(), null);
      assertThat(quiver.count()).isEqualTo(items().size());
    }
  }

  /** Embeds with {@code model} for {@code calls} calls, then runs {@code before} and fails: a crash mid-fill. */
  private static final class FailingAfter implements Embedder {
    private final Embedder model;
    private final Runnable beforeFailing;
    private int calls;

    FailingAfter(Embedder model, int calls, Runnable beforeFailing) {
      this.model = model;
      this.calls = calls;
      this.beforeFailing = beforeFailing;
    }

    @Override
    public String modelId() {
      return model.modelId();
    }

    @Override
    public int dimensions() {
      return model.dimensions();
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      if (calls-- == 0) {
        beforeFailing.run();
        throw new IllegalStateException("model went away");
      }
      return model.embed(texts);
    }
  }

  /** Counts the texts it embeds. */
  private static final class CountingEmbedder implements Embedder {
    private final Embedder model;
    final AtomicInteger texts = new AtomicInteger();

    CountingEmbedder(Embedder model) {
      this.model = model;
    }

    @Override
    public String modelId() {
      return model.modelId();
    }

    @Override
    public int dimensions() {
      return model.dimensions();
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      this.texts.addAndGet(texts.size());
      return model.embed(texts);
    }
  }
}
