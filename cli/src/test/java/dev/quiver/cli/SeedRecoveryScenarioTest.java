package dev.quiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.Side;
import dev.quiver.embed.minilm.MiniLmEmbedder;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recovery the project was founded on, at its scale: a chat of about 1,300 messages and 75 knowledge
 * entries, a vector file damaged on disk, keyword answers while it is quarantined, and a backfill from the
 * server's records that restores semantic ranking. Real files, real MiniLM, real Lucene.
 */
class SeedRecoveryScenarioTest {
  private static final String[] TOPICS = {"deploy", "lunch", "invoice", "printer", "release notes", "on-call",
      "vpn", "laptop", "standup", "budget"};
  @TempDir Path dir;

  private static List<Item> serverRecords() {
    List<Item> records = new ArrayList<>();
    for (int i = 0; i < 1_300; i++) {
      String topic = TOPICS[i % TOPICS.length];
      records.add(new Item("msg:" + i, "message " + i + " in the thread about the " + topic + " (update " + (i / 10) + ")",
          Map.of("room", i % 3 == 0 ? "ops" : "general", "kind", "message"), 1_700_000_000_000L + i * 60_000L));
    }
    for (int j = 0; j < 74; j++) {
      records.add(Item.of("kb:" + j, "knowledge entry " + j + ": checklist for the " + TOPICS[j % TOPICS.length],
          Map.of("kind", "kb")));
    }
    records.add(Item.of("kb:holiday", "The office is closed on Monday for the public holiday; the help desk "
        + "reopens on Tuesday", Map.of("kind", "kb")));
    return records;
  }

  private Quiver open() {
    return Quiver.open(dir.resolve("chat.quiver"), QuiverOptions.builder().embedder(new MiniLmEmbedder())
        .keywordIndex(LuceneKeywordIndex.factory()).build());
  }

  @Test
  void quarantineKeepsKeywordAnswersAndABackfillRestoresSemanticRanking() throws Exception {
    List<Item> records = serverRecords();
    String paraphrase = "is the workplace shut at the start of next week?";
    try (Quiver quiver = open()) {
      quiver.index(records);
      assertThat(quiver.search(paraphrase).hits().get(0).id()).isEqualTo("kb:holiday");
    }
    try (RandomAccessFile raf = new RandomAccessFile(dir.resolve("chat.quiver").toFile(), "rw")) {
      for (long offset = 8192; offset < raf.length(); offset += 4096) {
        raf.seek(offset);
        raf.write(new byte[] {0x13, 0x37, 0x13, 0x37, 0x13, 0x37, 0x13, 0x37});
      }
    }
    try (Quiver quiver = open()) {
      SearchResult degraded = quiver.search(SearchRequest.of("help desk holiday").limit(5));
      assertThat(degraded.answered()).containsExactly(Side.KEYWORD);
      assertThat(degraded.degradedBy(dev.quiver.Degradation.Reason.DAMAGED)).as(degraded.toString()).isTrue();
      assertThat(degraded.hits().get(0).id()).isEqualTo("kb:holiday");
      assertThat(degraded.hits().get(0).text()).startsWith("The office is closed");

      List<Long> progress = new ArrayList<>();
      Quiver.RebuildReport report = quiver.rebuild(records.iterator(), records.size(),
          (done, total, rate) -> progress.add(done));
      assertThat(report.items()).isEqualTo(1_375);
      assertThat(progress).isSorted().last().isEqualTo(1_375L);

      SearchResult restored = quiver.search(SearchRequest.of(paraphrase).limit(5));
      assertThat(restored.degraded()).isFalse();
      Hit top = restored.hits().get(0);
      assertThat(top.id()).isEqualTo("kb:holiday");
      assertThat(top.explanation().vectorRank()).isEqualTo(1);
      assertThat(quiver.search(SearchRequest.of(paraphrase).mode(SearchMode.KEYWORD)).hits())
          .extracting(Hit::id).doesNotContain("kb:holiday"); // only the vectors could have found it
      assertThat(quiver.verify()).isEmpty();
      assertThat(quiver.count()).isEqualTo(1_375);
    }
  }
}
