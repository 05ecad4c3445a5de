package dev.quiver.keyword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.ErrorCode;
import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.QuiverException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real faults on real directories: a second owner, another process, damaged and foreign files. */
class LuceneKeywordIndexFaultTest {
  @TempDir Path dir;

  private void writeSomeItems() throws IOException {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        items.add(new Item("msg:" + i, "message number " + i + " about disks", Map.of("room", "ops"), (long) i));
      }
      index.apply(items, List.of(), 9);
    }
  }

  private Path onlyFileEndingWith(String suffix) throws IOException {
    return onlyFile("", suffix);
  }

  private Path onlyFile(String prefix, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> found = files.filter(p -> p.getFileName().toString().startsWith(prefix)
          && p.getFileName().toString().endsWith(suffix)).toList();
      assertThat(found).as("files named %s*%s in %s", prefix, suffix, dir).hasSize(1);
      return found.get(0);
    }
  }

  private static void flipByteInTheMiddle(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x5A;
    Files.write(file, bytes);
  }

  private Map<String, Long> listing() throws IOException {
    Map<String, Long> sizes = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (!p.getFileName().toString().equals(IndexWriter.WRITE_LOCK_NAME)) {
          sizes.put(p.getFileName().toString(), Files.size(p));
        }
      }
    }
    return sizes;
  }

  @Test
  void secondOpenInThisProcessFailsLockedNamingTheDirectory() throws IOException {
    try (LuceneKeywordIndex first = LuceneKeywordIndex.open(dir)) {
      first.apply(List.of(Item.of("a", "still usable")), List.of(), 1);

      assertThatThrownBy(() -> LuceneKeywordIndex.open(dir))
          .isInstanceOfSatisfying(QuiverException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.LOCKED);
            assertThat(e.file()).isEqualTo(dir);
          })
          .hasMessageContaining(dir.toString());

      assertThat(first.search("usable", 10, Filter.all())).hasSize(1);
    }
  }

  @Test
  void openWhileAnotherProcessHoldsTheIndexFailsLockedUntilThatProcessExits() throws Exception {
    writeSomeItems();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        HoldIndexOpen.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("child's first line").isEqualTo("open at sequence 9");

      assertThatThrownBy(() -> LuceneKeywordIndex.open(dir))
          .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCKED))
          .hasMessageContaining(dir.toString());

      child.getOutputStream().close();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited after its stdin closed").isTrue();
      assertThat(child.exitValue()).isZero();
    } finally {
      child.destroyForcibly();
    }
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      assertThat(index.appliedSequence()).isEqualTo(9);
    }
  }

  @Test
  void openAfterAProcessWasKilledHoldingTheIndexSucceeds() throws Exception {
    writeSomeItems();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        HoldIndexOpen.class.getName(), dir.toString()).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("open at sequence 9");
      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    // The OS drops the native lock with the process; the stale write.lock file does not block the next owner.
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      assertThat(index.appliedSequence()).isEqualTo(9);
      assertThat(index.count()).isEqualTo(50);
    }
  }

  @Test
  void damagedSegmentInfoFailsOpenWithCorruptNamingTheDirectory() throws IOException {
    writeSomeItems();
    flipByteInTheMiddle(onlyFileEndingWith(".si"));

    assertThatThrownBy(() -> LuceneKeywordIndex.open(dir))
        .isInstanceOfSatisfying(QuiverException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT);
          assertThat(e.file()).isEqualTo(dir);
        })
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("opening");
  }

  @Test
  void damagedCompoundFileEntriesFailOpenWithCorrupt() throws IOException {
    writeSomeItems();
    flipByteInTheMiddle(onlyFileEndingWith(".cfe"));

    assertThatThrownBy(() -> LuceneKeywordIndex.open(dir))
        .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT))
        .hasMessageContaining(dir.toString());
  }

  @Test
  void damagedOpenIsRefusedEvenAfterARetryAndReleasesTheLock() throws IOException {
    writeSomeItems();
    flipByteInTheMiddle(onlyFileEndingWith(".cfe"));
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> LuceneKeywordIndex.open(dir))
          .as("attempt %d must fail CORRUPT, not LOCKED by the failed attempt before it", attempt)
          .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT));
    }
  }

  @Test
  void commitFromANewerLuceneFormatFailsOpenWithVersion() throws IOException {
    writeSomeItems();
    Path segments = onlyFile("segments_", "");
    byte[] bytes = Files.readAllBytes(segments);
    // Index header: magic (4 bytes), codec name "segments" (1 length byte + 8), then the format version (BE int).
    assertThat(new String(bytes, 5, 8, StandardCharsets.US_ASCII)).isEqualTo("segments");
    bytes[13] = 0x7F;
    Files.write(segments, bytes);
    Map<String, Long> before = listing();

    assertThatThrownBy(() -> LuceneKeywordIndex.open(dir))
        .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION))
        .hasMessageContaining(dir.toString());
    assertThat(listing()).isEqualTo(before);
  }

  @Test
  void luceneIndexWrittenByAnotherApplicationIsRefusedAsForeignAndLeftUntouched() throws IOException {
    try (FSDirectory d = FSDirectory.open(dir);
        IndexWriter other = new IndexWriter(d, new IndexWriterConfig(new StandardAnalyzer()))) {
      Document doc = new Document();
      doc.add(new StringField("title", "someone else's", Field.Store.YES));
      other.addDocument(doc);
      other.commit();
    }
    Map<String, Long> before = listing();

    assertThatThrownBy(() -> LuceneKeywordIndex.open(dir))
        .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FOREIGN))
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("quiver.format");
    assertThat(listing()).isEqualTo(before);
  }

  @Test
  void regularFileWhereTheDirectoryShouldBeIsAnIoError() throws IOException {
    Path file = dir.resolve("not-a-directory");
    Files.writeString(file, "x");

    assertThatThrownBy(() -> LuceneKeywordIndex.open(file)).isInstanceOf(IOException.class);
    assertThat(Files.readString(file)).isEqualTo("x");
  }
}
