package dev.quiver.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each distinct text is embedded once across runs; a record cut short by a stopped run is embedded again. */
class VectorCacheTest {
  @TempDir Path dir;

  private final List<String> embedded = new ArrayList<>();
  private final Function<List<String>, List<float[]>> embed = texts -> {
    embedded.addAll(texts);
    return texts.stream().map(t -> new float[] {t.length(), t.hashCode()}).toList();
  };

  @Test
  void aTextIsEmbeddedOnceAndReadBackByTheNextRun() throws IOException {
    Path file = dir.resolve("vectors.bin");
    List<float[]> first = new VectorCache(file, 2).vectors(List.of("ab", "ünï", "ab"), embed);
    assertThat(embedded).containsExactly("ab", "ünï");
    assertThat(first.get(0)).isSameAs(first.get(2)).containsExactly(2f, "ab".hashCode());

    VectorCache reopened = new VectorCache(file, 2);
    assertThat(reopened.size()).isEqualTo(2);
    assertThat(reopened.vectors(List.of("ünï", "c"), embed).get(0)).containsExactly(3f, "ünï".hashCode());
    assertThat(embedded).containsExactly("ab", "ünï", "c");
  }

  @Test
  void aTornLastRecordIsDroppedAndEmbeddedAgain() throws IOException {
    Path file = dir.resolve("vectors.bin");
    new VectorCache(file, 2).vectors(List.of("ab", "cd"), embed);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(Files.size(file) - 3);
    }
    embedded.clear();
    VectorCache reopened = new VectorCache(file, 2);
    assertThat(reopened.size()).isEqualTo(1);
    reopened.vectors(List.of("ab", "cd"), embed);
    assertThat(embedded).containsExactly("cd");
    assertThat(new VectorCache(file, 2).vectors(List.of("ab", "cd"), embed).get(1)).containsExactly(2f,
        "cd".hashCode());
    assertThat(embedded).containsExactly("cd");
  }
}
