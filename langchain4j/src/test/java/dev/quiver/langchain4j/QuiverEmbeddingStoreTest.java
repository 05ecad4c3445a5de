package dev.quiver.langchain4j;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the adapter adds to LangChain4j's suites: persistence, types across a reopen, Quiver's own items. */
class QuiverEmbeddingStoreTest {
  @TempDir Path dir;

  private Quiver open(Metric metric) {
    return Quiver.open(dir.resolve("t.quiver"), QuiverOptions.builder().dimensions(3).modelId("test-3")
        .metric(metric).build());
  }

  private static EmbeddingSearchRequest near(float[] v, Filter filter) {
    return EmbeddingSearchRequest.builder().queryEmbedding(Embedding.from(v)).maxResults(10).filter(filter).build();
  }

  @Test
  void metadataKeepsEveryJavaTypeAndItsExtremesThroughAReopen() {
    UUID uuid = UUID.randomUUID();
    Metadata metadata = new Metadata().put("s", "").put("blank", " ").put("u", uuid)
        .put("i", Integer.MIN_VALUE).put("imax", Integer.MAX_VALUE)
        .put("l", 1746714878034235396L).put("lmin", Long.MIN_VALUE)
        .put("f", Float.MIN_VALUE).put("fmax", Float.MAX_VALUE).put("f11", 1.1f)
        .put("d", Double.MIN_VALUE).put("dmax", Double.MAX_VALUE);
    TextSegment segment = TextSegment.from("typed", metadata);
    String id;
    try (Quiver quiver = open(Metric.COSINE)) {
      id = QuiverEmbeddingStore.of(quiver).add(Embedding.from(new float[] {0.6f, 0.8f, 0}), segment);
    }
    try (Quiver quiver = open(Metric.COSINE)) {
      EmbeddingMatch<TextSegment> match = QuiverEmbeddingStore.of(quiver)
          .search(near(new float[] {0.6f, 0.8f, 0}, null)).matches().get(0);
      assertThat(match.embeddingId()).isEqualTo(id);
      assertThat(match.embedded()).isEqualTo(segment);
      Map<String, Object> back = match.embedded().metadata().toMap();
      assertThat(back.get("u")).isInstanceOf(UUID.class).isEqualTo(uuid);
      assertThat(back.get("i")).isInstanceOf(Integer.class);
      assertThat(back.get("f")).isInstanceOf(Float.class).isEqualTo(Float.MIN_VALUE);
      assertThat(back.get("l")).isEqualTo(1746714878034235396L);
      // the reserved type records stay in Quiver's attributes and out of the metadata
      assertThat(quiver.get(id).orElseThrow().attributes())
          .containsEntry(QuiverEmbeddingStore.TYPE_ATTRIBUTE_PREFIX + "f", "Float")
          .containsEntry("f11", 1.1d);
      assertThat(back).doesNotContainKey(QuiverEmbeddingStore.TYPE_ATTRIBUTE_PREFIX + "f");
    }
  }

  @Test
  void aFloatEqualsTheDoubleOfItsDecimalFormAsInLangChain4j() {
    try (Quiver quiver = open(Metric.COSINE)) {
      QuiverEmbeddingStore store = QuiverEmbeddingStore.of(quiver);
      store.add(Embedding.from(new float[] {1, 0, 0}), TextSegment.from("x", new Metadata().put("price", 1.1f)));
      assertThat(store.search(near(new float[] {1, 0, 0}, metadataKey("price").isEqualTo(1.1d))).matches())
          .hasSize(1);
      assertThat(store.search(near(new float[] {1, 0, 0}, metadataKey("price").isGreaterThan(1.1d))).matches())
          .isEmpty();
      // as LangChain4j's own filter says of the same metadata
      assertThat(metadataKey("price").isEqualTo(1.1d).test(new Metadata().put("price", 1.1f))).isTrue();
    }
  }

  @Test
  void aUnitEmbeddingComesBackBitForBitAndAnotherScaledToUnitLength() {
    float[] unit = {0.26726124f, 0.5345225f, 0.8017837f};
    float[] longer = {3, 4, 0};
    try (Quiver quiver = open(Metric.COSINE)) {
      QuiverEmbeddingStore store = QuiverEmbeddingStore.of(quiver);
      store.add("unit", Embedding.from(unit));
      store.add("longer", Embedding.from(longer));
      assertThat(store.search(near(unit, null)).matches().get(0).embedding().vector()).containsExactly(unit);
      assertThat(store.search(near(longer, null)).matches().get(0).embedding().vector())
          .containsExactly(0.6f, 0.8f, 0f);
    }
  }

  @Test
  void itemsWrittenByQuiverItselfReadAsSegmentsWithBooleansAsStrings() {
    try (Quiver quiver = open(Metric.COSINE)) {
      quiver.index(new Item("native", "written natively", Map.of("pinned", true, "n", 7L), null),
          new float[] {0, 0, 1});
      TextSegment segment = QuiverEmbeddingStore.of(quiver).search(near(new float[] {0, 0, 1}, null)).matches()
          .get(0).embedded();
      assertThat(segment.metadata().toMap()).containsExactlyInAnyOrderEntriesOf(Map.of("pinned", "true", "n", 7L));
    }
  }

  @Test
  void aReservedKeyIsRefusedAndNothingIsWritten() {
    try (Quiver quiver = open(Metric.COSINE)) {
      QuiverEmbeddingStore store = QuiverEmbeddingStore.of(quiver);
      TextSegment reserved = TextSegment.from("x",
          new Metadata().put(QuiverEmbeddingStore.TYPE_ATTRIBUTE_PREFIX + "k", "v"));
      assertThatThrownBy(() -> store.addAll(List.of(Embedding.from(new float[] {1, 0, 0}),
          Embedding.from(new float[] {0, 1, 0})), List.of(TextSegment.from("fine"), reserved)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserves");
      assertThat(quiver.count()).isZero();
    }
  }

  @Test
  void containsStringMatchesStringsHoldingTheSubstringCaseSensitivelyAsLangChain4jDoes() {
    try (Quiver quiver = open(Metric.COSINE)) {
      QuiverEmbeddingStore store = QuiverEmbeddingStore.of(quiver);
      List<TextSegment> segments = List.of(
          TextSegment.from("a", new Metadata().put("title", "Quarterly Ops review")),
          TextSegment.from("b", new Metadata().put("title", "ops *runbook* (v2.1)")),
          TextSegment.from("c", new Metadata().put("title", "")),
          TextSegment.from("d", new Metadata().put("title", 42)),
          TextSegment.from("e", new Metadata().put("title", UUID.fromString("00000000-0000-0000-0000-00000000abcd"))),
          TextSegment.from("f", new Metadata().put("other", "Ops")));
      List<String> ids = store.addAll(segments.stream().map(s -> Embedding.from(new float[] {1, 0, 0})).toList(),
          segments);

      for (Filter filter : List.of(metadataKey("title").containsString("Ops"),
          metadataKey("title").containsString("ops"), metadataKey("title").containsString("*runbook* (v2."),
          metadataKey("title").containsString(".*"), metadataKey("title").containsString(""),
          metadataKey("title").containsString("abcd"), metadataKey("title").containsString("4"),
          Filter.not(metadataKey("title").containsString("Ops")))) {
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
          if (langChain4jMatches(filter, segments.get(i).metadata())) {
            expected.add(segments.get(i).text());
          }
        }
        List<String> found = store.search(near(new float[] {1, 0, 0}, filter)).matches().stream()
            .map(m -> m.embedded().text()).sorted().toList();
        assertThat(found).as(filter.toString()).isEqualTo(expected);
      }
      assertThat(ids).hasSize(6);
    }
  }

  /**
   * LangChain4j's own verdict; its {@code ContainsString} throws on a non-string value, where Quiver's search
   * cannot fail on a value's type and does not match it.
   */
  private static boolean langChain4jMatches(Filter filter, Metadata m) {
    try {
      return filter.test(m);
    } catch (IllegalArgumentException typeMismatch) {
      return filter instanceof dev.langchain4j.store.embedding.filter.logical.Not;
    }
  }

  @Test
  void removeAllByContainsStringDeletesExactlyTheMatchingSegments() {
    try (Quiver quiver = open(Metric.COSINE)) {
      QuiverEmbeddingStore store = QuiverEmbeddingStore.of(quiver);
      List<TextSegment> segments = List.of(TextSegment.from("keep", new Metadata().put("path", "docs/a.md")),
          TextSegment.from("drop", new Metadata().put("path", "tmp/b.md")),
          TextSegment.from("also kept", new Metadata().put("path", "TMP/c.md")));
      store.addAll(segments.stream().map(s -> Embedding.from(new float[] {0, 1, 0})).toList(), segments);

      store.removeAll(metadataKey("path").containsString("tmp/"));

      assertThat(store.search(near(new float[] {0, 1, 0}, null)).matches()).extracting(m -> m.embedded().text())
          .containsExactlyInAnyOrder("keep", "also kept");
    }
  }

  @Test
  void aDamagedVectorFileIsAnErrorNotAnEmptyAnswer() throws Exception {
    try (Quiver quiver = open(Metric.COSINE)) {
      QuiverEmbeddingStore store = QuiverEmbeddingStore.of(quiver);
      for (int i = 0; i < 200; i++) {
        store.add(Embedding.from(new float[] {1, i, 0}), TextSegment.from("segment " + i + " " + "x".repeat(200)));
      }
    }
    Path file = dir.resolve("t.quiver");
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.WRITE)) {
      // every page after the first (the header) is overwritten: the rows are unreadable
      byte[] junk = new byte[(int) channel.size() - 4096];
      java.util.Arrays.fill(junk, (byte) 0x5A);
      channel.write(java.nio.ByteBuffer.wrap(junk), 4096);
    }
    try (Quiver quiver = open(Metric.COSINE)) {
      assertThatThrownBy(() -> QuiverEmbeddingStore.of(quiver).search(near(new float[] {1, 0, 0}, null)))
          .isInstanceOf(dev.quiver.QuiverException.class).hasMessageContaining("cannot answer a vector search")
          .extracting(e -> ((dev.quiver.QuiverException) e).code()).isEqualTo(dev.quiver.ErrorCode.CORRUPT);
    }
  }

  @Test
  void removeAllByFilterDeletesWhatTheFilterMatchesAndKeepsTheRest() {
    try (Quiver quiver = open(Metric.COSINE)) {
      QuiverEmbeddingStore store = QuiverEmbeddingStore.of(quiver);
      store.add(Embedding.from(new float[] {1, 0, 0}), TextSegment.from("a", new Metadata().put("n", 1)));
      store.add(Embedding.from(new float[] {0, 1, 0}), TextSegment.from("b", new Metadata().put("n", 2)));
      store.add(Embedding.from(new float[] {0, 0, 1}), TextSegment.from("c"));
      store.removeAll(metadataKey("n").isLessThan(2L));
      assertThat(store.search(near(new float[] {1, 1, 1}, null)).matches())
          .extracting(m -> m.embedded().text()).containsExactlyInAnyOrder("b", "c");
    }
  }
}
