package dev.quiver.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.ErrorCode;
import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.KeywordSideState;
import dev.quiver.Metric;
import dev.quiver.Quiver;
import dev.quiver.QuiverException;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.Side;
import dev.quiver.VectorSideState;
import dev.quiver.keyword.LuceneKeywordIndex;
import dev.quiver.spi.KeywordIndex;
import dev.quiver.internal.storefile.StoreOptions;
import dev.quiver.internal.store.VectorStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regression tests for the ways hostile testing lost or leaked data through the facade, each on real files. */
class DataSafetyTest {
  @TempDir Path dir;

  private Path store() {
    return dir.resolve("chat.quiver");
  }

  @Test
  void aDamagedWalTailThatUndoesAcknowledgedDeletesIsRestoredFromTheKeywordIndex() throws Exception {
    Process writer = Stores.child(WriteAndHang.class, store().toString(), "20", "5");
    try (BufferedReader out = Stores.lines(writer)) {
      assertThat(out.readLine()).isEqualTo("acknowledged");
    } finally {
      writer.destroyForcibly();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    Path wal = dir.resolve("chat.quiver-wal");
    flipBitInLastFrame(wal);

    try (Quiver quiver = Stores.open(store())) {
      for (int i = 15; i < 20; i++) {
        assertThat(quiver.get("msg:" + i)).as("acknowledged delete of msg:%d", i).isEmpty();
      }
      assertThat(quiver.count()).isEqualTo(15);
      assertThat(quiver.search(SearchRequest.of("message 19").limit(100)).hits()).extracting(Hit::id)
          .doesNotContain("msg:19");
      assertThat(quiver.status().notices()).anySatisfy(n -> assertThat(n).contains("restored"));
      assertThat(quiver.verify()).isEmpty();
    }
    try (Quiver reopened = Stores.open(store())) {
      assertThat(reopened.count()).isEqualTo(15);
      assertThat(reopened.status().notices()).isEmpty(); // nothing left to restore
      assertThat(reopened.verify()).isEmpty();
    }
  }

  @Test
  void aZeroByteVectorFileBesideAHealthyKeywordIndexIsDamageNotANewStore() throws Exception {
    try (Quiver quiver = Stores.open(store())) {
      quiver.index(Stores.messages(30));
    }
    Files.write(store(), new byte[0]);
    try (Quiver quiver = Stores.open(store())) {
      assertThat(quiver.status().vectorSide()).isEqualTo(VectorSideState.DAMAGED);
      assertThat(quiver.status().vectorProblem()).contains("empty");
      // the keyword copy was kept, and answers
      assertThat(quiver.status().keywordItems()).isEqualTo(30);
      SearchResult result = quiver.search(SearchRequest.of("zeppelin hangar").limit(100));
      assertThat(result.answered()).containsExactly(Side.KEYWORD);
      assertThat(result.hits()).hasSize(30);
      assertThat(quiver.get("msg:7")).map(Item::text).contains("message 7 about the zeppelin hangar topic 2");
    }
    assertThat(Files.size(store())).isZero(); // reading moved and wrote nothing
  }

  @Test
  void aWriteAfterDamageIsDurableInTheFreshVectorFileNotOnlyInTheKeywordIndex() throws Exception {
    try (Quiver quiver = Stores.open(store())) {
      quiver.index(Stores.messages(200));
    }
    scribbleOverPages(store());
    try (Quiver quiver = Stores.open(store())) {
      assertThat(quiver.status().vectorSide()).isEqualTo(VectorSideState.DAMAGED);
      quiver.index(Item.of("msg:after", "written after the damage was found"));
      assertThat(quiver.status().vectorSide()).isEqualTo(VectorSideState.QUARANTINED);
    }
    try (VectorStore file = VectorStore.open(store(), new StoreOptions(StoreOptions.ADOPT, Metric.COSINE, null,
        null, false))) {
      assertThat(file.get("msg:after")).map(Item::text).contains("written after the damage was found");
    }
  }

  @Test
  void readingADamagedStoreChangesNoFile() throws Exception {
    try (Quiver quiver = Stores.open(store())) {
      quiver.index(Stores.messages(200));
    }
    scribbleOverPages(store());
    Map<String, String> vectorFilesBefore = Stores.fingerprint(dir);
    vectorFilesBefore.keySet().removeIf(name -> !name.startsWith("chat.quiver") || name.endsWith("-owner")
        || name.contains("-keyword"));
    try (Quiver quiver = Stores.open(store())) {
      quiver.search("zeppelin");
      quiver.search(SearchRequest.of("hangar").mode(SearchMode.VECTOR));
      quiver.status();
      quiver.verify();
      quiver.count();
      quiver.get("msg:3");
    }
    Map<String, String> after = Stores.fingerprint(dir);
    assertThat(after).containsAllEntriesOf(vectorFilesBefore);
    assertThat(dir.resolve("chat.quiver-quarantine")).doesNotExist();
  }

  @Test
  void repairMovesADamagedFileOnlyWhenAsked() throws Exception {
    try (Quiver quiver = Stores.open(store())) {
      quiver.index(Stores.messages(200));
    }
    scribbleOverPages(store());
    try (Quiver quiver = Stores.open(store())) {
      assertThat(quiver.repair()).hasValueSatisfying(q -> assertThat(q).isDirectory());
      assertThat(quiver.status().vectorSide()).isEqualTo(VectorSideState.QUARANTINED);
      assertThat(quiver.repair()).isEmpty(); // nothing damaged any more
      quiver.rebuild(Stores.messages(200).iterator(), 200, null);
      assertThat(quiver.status().vectorSide()).isEqualTo(VectorSideState.READY);
      assertThat(quiver.verify()).isEmpty();
    }
  }

  @Test
  void repairAlsoMovesAFileWhoseDamageOnlyAFullCheckFinds() throws Exception {
    try (Quiver quiver = Stores.open(store())) {
      quiver.index(Stores.messages(50));
    }
    // an index whose stored entries no longer match its definition: quick_check passes, integrity_check not
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + store());
        java.sql.Statement s = c.createStatement()) {
      s.execute("PRAGMA writable_schema=ON");
      s.execute("UPDATE sqlite_schema SET sql = 'CREATE INDEX quiver_items_seq ON quiver_items (ts)' "
          + "WHERE name = 'quiver_items_seq'");
    }
    try (Quiver quiver = Stores.open(store())) {
      assertThat(quiver.status().vectorSide()).isEqualTo(VectorSideState.READY);
      assertThat(quiver.verify()).isNotEmpty();
      assertThat(quiver.repair()).isPresent();
      assertThat(quiver.status().vectorSide()).isEqualTo(VectorSideState.QUARANTINED);
      quiver.rebuild(Stores.messages(50).iterator(), 50, null);
      assertThat(quiver.verify()).isEmpty();
    }
  }

  @Test
  void anotherStoresVectorFileBesideThisKeywordIndexIsRefusedAndNothingIsChanged() throws Exception {
    try (Quiver quiver = Stores.open(store())) {
      quiver.index(Stores.messages(30));
    }
    Path other = Files.createDirectories(dir.resolve("other")).resolve("other.quiver");
    try (Quiver quiver = Stores.open(other)) {
      quiver.index(List.of(Item.of("theirs:1", "another store's message")));
    }
    Files.copy(other, store(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Map<String, String> before = Stores.fingerprint(dir);
    before.keySet().removeIf(name -> name.endsWith("-owner"));

    assertThatThrownBy(() -> Stores.open(store())).isInstanceOfSatisfying(QuiverException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.FOREIGN)).hasMessageContaining("different stores");
    Map<String, String> after = Stores.fingerprint(dir);
    assertThat(after).containsAllEntriesOf(before);
  }

  @Test
  void aKeywordDirectoryThisProcessCannotWriteIsReportedNotSilentlyLeftBehind() throws Exception {
    try (Quiver quiver = Stores.open(store())) {
      quiver.index(Stores.messages(10));
    }
    Path keywords = dir.resolve("chat.quiver-keyword");
    boolean root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes())
        .trim());
    run(root ? List.of("chattr", "+i", keywords.toString()) : List.of("chmod", "555", keywords.toString()));
    try (Quiver quiver = Stores.open(store())) {
      assertThat(quiver.status().keywordSide()).isEqualTo(KeywordSideState.FAILED);
      assertThat(quiver.status().keywordProblem()).contains("not writable");
      assertThat(quiver.search("message 3").answered()).containsExactly(Side.VECTOR);
      assertThat(quiver.verify()).anySatisfy(p -> {
        assertThat(p.kind()).isEqualTo(dev.quiver.Problem.Kind.UNAVAILABLE);
        assertThat(p.detail()).contains("not writable");
      });
    } finally {
      run(root ? List.of("chattr", "-i", keywords.toString()) : List.of("chmod", "755", keywords.toString()));
    }
  }

  private static void run(List<String> command) throws Exception {
    assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).as(command.toString()).isZero();
  }

  @Test
  void aSearchNeverReturnsAnotherRoomsMessageWhenAKeywordApplyFails() {
    AtomicBoolean failNextApply = new AtomicBoolean();
    KeywordIndex.Factory failing = directory -> new FailingApply(LuceneKeywordIndex.open(directory), failNextApply);
    try (Quiver quiver = Stores.open(store(), failing)) {
      quiver.index(Stores.messages(20));
      // msg:0 moves from ops to dev; the keyword side fails to apply that, as a full disk would make it
      failNextApply.set(true);
      quiver.index(new Item("msg:0", "message 0 about the zeppelin hangar topic 0", Map.of("room", "dev"), 1_000L));
      assertThat(quiver.status().keywordSide()).isEqualTo(KeywordSideState.LAGGING);

      for (SearchMode mode : SearchMode.values()) {
        SearchResult ops = quiver.search(SearchRequest.of("message 0 zeppelin").mode(mode).limit(100)
            .filter(Filter.eq("room", "ops")));
        assertThat(ops.hits()).as(mode.name()).allSatisfy(h -> assertThat(h.attributes()).containsEntry("room", "ops"));
        assertThat(ops.hits()).extracting(Hit::id).doesNotContain("msg:0");
        if (mode != SearchMode.VECTOR) {
          assertThat(ops.degraded()).as(mode.name()).isTrue();
          assertThat(ops.degradedBy(dev.quiver.Degradation.Reason.LAGGING)).isTrue();
          assertThat(ops.degradations()).anySatisfy(d -> assertThat(d.detail()).contains("missed a change"));
        }
      }
      // the next write replays what the keyword side missed
      quiver.index(Item.of("msg:new", "another zeppelin message"));
      assertThat(quiver.status().keywordSide()).isEqualTo(KeywordSideState.READY);
      SearchResult dev = quiver.search(SearchRequest.of("message 0 zeppelin").mode(SearchMode.KEYWORD).limit(100)
          .filter(Filter.eq("room", "dev")));
      assertThat(dev.degraded()).isFalse();
      assertThat(dev.hits()).extracting(Hit::id).contains("msg:0");
      assertThat(quiver.verify()).isEmpty();
    }
  }

  static void flipBitInLastFrame(Path wal) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(wal.toFile(), "rw")) {
      raf.seek(8);
      int pageSize = raf.readInt();
      long lastFrame = 32 + ((raf.length() - 32) / (24 + pageSize) - 1) * (24L + pageSize);
      raf.seek(lastFrame + 24 + pageSize / 2);
      int b = raf.read();
      raf.seek(lastFrame + 24 + pageSize / 2);
      raf.write(b ^ 0x10);
    }
  }

  /** Keeps the 100-byte header (the file is still Quiver's) and scribbles over every b-tree page after it. */
  static void scribbleOverPages(Path file) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      for (long offset = 4096; offset < raf.length(); offset += 256) {
        raf.seek(offset);
        raf.write(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef});
      }
    }
  }

  /** The real Lucene index, failing one apply on demand with the IOException a full disk gives. */
  private record FailingApply(KeywordIndex delegate, AtomicBoolean failNext) implements KeywordIndex {
    @Override
    public long appliedSequence() throws IOException {
      return delegate.appliedSequence();
    }

    @Override
    public void apply(Collection<Item> upserts, Collection<String> deletedIds, long sequence) throws IOException {
      if (failNext.getAndSet(false)) {
        throw new IOException("No space left on device");
      }
      delegate.apply(upserts, deletedIds, sequence);
    }

    @Override
    public void clear() throws IOException {
      delegate.clear();
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
