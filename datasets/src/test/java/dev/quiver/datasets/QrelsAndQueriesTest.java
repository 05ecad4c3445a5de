package dev.quiver.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QrelsAndQueriesTest {
  @TempDir
  Path dir;

  @Test
  void readsBeirTsvWithHeaderFromAQrelsFolder() throws Exception {
    Path qrels = Files.createDirectories(dir.resolve("qrels"));
    Files.writeString(qrels.resolve("test.tsv"), "query-id\tcorpus-id\tscore\nq1\tzstd\t1\nq1\tgzip\t0\nq2\tvim\t2\n");
    assertThat(Qrels.read(qrels)).isEqualTo(Map.of("q1", Map.of("zstd", 1, "gzip", 0), "q2", Map.of("vim", 2)));
  }

  @Test
  void readsTrecQrels() throws Exception {
    Path f = Files.writeString(dir.resolve("qrels.txt"), "q1 0 zstd 1\nq2 0 vim 0\n");
    assertThat(Qrels.read(f)).isEqualTo(Map.of("q1", Map.of("zstd", 1), "q2", Map.of("vim", 0)));
  }

  @Test
  void rejectsAMalformedQrelsLineWithItsNumber() throws Exception {
    Path f = Files.writeString(dir.resolve("qrels.tsv"), "q1\tzstd\t1\nq2\tvim\n");
    assertThatThrownBy(() -> Qrels.read(f)).isInstanceOf(InputException.class)
        .hasMessageStartingWith(f + ":2: expected 3 columns");
  }

  @Test
  void readsBeirAndPlainQueriesAndRejectsDuplicates() throws Exception {
    Path f = Files.writeString(dir.resolve("q.jsonl"), "{\"_id\":\"q1\",\"text\":\"fast compression\"}\n"
        + "{\"id\":2,\"text\":\"editor\"}\n");
    assertThat(Queries.read(f)).containsExactly(new Queries.Query("q1", "fast compression"),
        new Queries.Query("2", "editor"));
    Path dup = Files.writeString(dir.resolve("dup.jsonl"), "{\"_id\":\"q1\",\"text\":\"a\"}\n"
        + "{\"_id\":\"q1\",\"text\":\"b\"}\n");
    assertThatThrownBy(() -> Queries.read(dup)).hasMessage(dup + ":2: query id 'q1' appears twice");
  }
}
