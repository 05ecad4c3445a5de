package dev.quiver.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Hit;
import dev.quiver.KeywordSideState;
import dev.quiver.Quiver;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of keyword-index damage: every file of a real index deleted, emptied, truncated, overwritten,
 * bit-flipped at spread offsets, plus foreign and mislabelled indexes. The keyword index is derived data:
 * in every case the store opens, and the keyword side answers with exactly the vector file's items.
 */
class KeywordDamageSuiteTest {
  private static final int ITEMS = 40;
  private static final int FLIPS_PER_FILE = 8;
  @TempDir Path dir;

  @Test
  void everyDamagedKeywordIndexHealsFromTheVectorFile() throws Exception {
    Path template = dir.resolve("template");
    Files.createDirectories(template);
    try (Quiver quiver = Stores.open(template.resolve("chat.quiver"))) {
      List<dev.quiver.Item> items = Stores.messages(ITEMS);
      quiver.index(items.subList(0, ITEMS / 2)); // two commits: two segments
      quiver.index(items.subList(ITEMS / 2, ITEMS));
    }
    Path keywordTemplate = template.resolve("chat.quiver-keyword");
    List<Path> files;
    try (Stream<Path> list = Files.list(keywordTemplate)) {
      files = list.filter(p -> !p.getFileName().toString().equals("write.lock")).sorted().toList();
    }
    List<Damage> corpus = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      corpus.add(new Damage("delete " + name, d -> delete(d.resolve(name))));
      corpus.add(new Damage("empty " + name, d -> truncate(d.resolve(name), 0)));
      corpus.add(new Damage("half of " + name, d -> truncate(d.resolve(name), 0.5)));
      corpus.add(new Damage("garbage over " + name, d -> write(d.resolve(name), "not a lucene file")));
      for (int k = 0; k < FLIPS_PER_FILE; k++) {
        int slot = k;
        corpus.add(new Damage("bit flip " + k + " in " + name, d -> flip(d.resolve(name), slot)));
      }
    }
    corpus.add(new Damage("directory replaced by a file", d -> {
      deleteTree(d);
      write(d, "a file where the index directory was");
    }));
    corpus.add(new Damage("every file deleted", d -> {
      deleteTree(d);
      mkdir(d);
    }));
    corpus.add(new Damage("a Lucene index Quiver did not write", d -> {
      deleteTree(d);
      foreignIndex(d);
    }));
    corpus.add(new Damage("a stray file beside the index", d -> write(d.resolve("_9.cfs"), "stray")));

    assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
    int healedOnOpen = 0;
    for (int i = 0; i < corpus.size(); i++) {
      Damage damage = corpus.get(i);
      Path caseDir = dir.resolve("case-" + i);
      copyTree(template, caseDir);
      damage.apply.accept(caseDir.resolve("chat.quiver-keyword"));
      try (Quiver quiver = Stores.open(caseDir.resolve("chat.quiver"))) {
        if (quiver.status().keywordSide() == KeywordSideState.READY) {
          healedOnOpen++;
        }
        assertThat(quiver.status().keywordSide()).as(damage.name).isEqualTo(KeywordSideState.READY);
        SearchResult all = quiver.search(SearchRequest.of("zeppelin hangar").mode(SearchMode.KEYWORD).limit(100));
        assertThat(all.degraded()).as(damage.name).isFalse();
        assertThat(all.hits()).as(damage.name).extracting(Hit::id).hasSize(ITEMS).doesNotHaveDuplicates();
        assertThat(quiver.status().keywordItems()).as(damage.name).isEqualTo(ITEMS);
        assertThat(quiver.verify()).as(damage.name).isEmpty();
      }
      deleteTree(caseDir);
    }
    System.out.printf("keyword damage: %d cases, %d healed on open%n", corpus.size(), healedOnOpen);
  }

  private record Damage(String name, Consumer<Path> apply) {}

  private static void flip(Path file, int slot) {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      long offset = Math.min(raf.length() - 1, slot * raf.length() / FLIPS_PER_FILE + 7);
      raf.seek(offset);
      int b = raf.read();
      raf.seek(offset);
      raf.write(b ^ (1 << (slot % 8)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void truncate(Path file, double fraction) {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength((long) (raf.length() * fraction));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void mkdir(Path d) {
    try {
      Files.createDirectories(d);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void foreignIndex(Path d) {
    try (IndexWriter w = new IndexWriter(FSDirectory.open(d), new IndexWriterConfig())) {
      Document doc = new Document();
      doc.add(new StringField("title", "someone else's index", Field.Store.YES));
      w.addDocument(doc);
      w.setLiveCommitData(List.of(Map.entry("app", "other")));
      w.commit();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().endsWith("-owner")) {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
