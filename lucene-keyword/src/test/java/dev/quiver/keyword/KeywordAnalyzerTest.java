package dev.quiver.keyword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.ErrorCode;
import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.QuiverException;
import dev.quiver.spi.KeywordIndex.ScoredId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analyzer option: each analysis on its own terms, recorded in the index, never mixed with another. */
class KeywordAnalyzerTest {
  /** An index written before analyzers were recorded (commit data: format 1, sequence 3, no quiver.analyzer). */
  private static final String GOLDEN = "/golden/keyword-format1-no-analyzer/";
  private static final List<String> GOLDEN_FILES = List.of("_0.cfe", "_0.cfs", "_0.si", "segments_2");

  @TempDir Path dir;

  private static List<String> ids(List<ScoredId> hits) {
    return hits.stream().map(ScoredId::id).toList();
  }

  private static LuceneKeywordIndex open(Path directory, KeywordAnalyzer analyzer) throws IOException {
    return LuceneKeywordIndex.open(directory, LuceneKeywordOptions.builder().analyzer(analyzer).build());
  }

  private Path golden() throws IOException {
    Path target = dir.resolve("golden");
    Files.createDirectories(target);
    for (String name : GOLDEN_FILES) {
      try (InputStream in = KeywordAnalyzerTest.class.getResourceAsStream(GOLDEN + name)) {
        Files.copy(in, target.resolve(name));
      }
    }
    return target;
  }

  /** Every file's name and bytes: to show a refused open wrote nothing. */
  private static Map<String, String> snapshot(Path directory) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(directory)) {
      for (Path p : list.toList()) {
        files.put(p.getFileName().toString(), java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
      }
    }
    return files;
  }

  @Test
  void namedAcceptsEveryIdInAnyCaseAndRefusesOthersListingTheKnownOnes() {
    for (KeywordAnalyzer a : KeywordAnalyzer.values()) {
      assertThat(KeywordAnalyzer.named(a.id().toUpperCase(java.util.Locale.ROOT))).isSameAs(a);
    }
    assertThat(KeywordAnalyzer.named("english_kstem")).isSameAs(KeywordAnalyzer.ENGLISH_KSTEM);
    assertThatThrownBy(() -> KeywordAnalyzer.named("klingon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'klingon'").hasMessageContaining("english, english-kstem, standard")
        .hasMessageContaining("german");
  }

  @Test
  void germanStemsGermanWordsAndIsRecordedInTheCommit() throws IOException {
    try (LuceneKeywordIndex index = open(dir, KeywordAnalyzer.GERMAN)) {
      index.apply(List.of(Item.of("de", "Die Katzen schlafen im Garten"), Item.of("en", "cats sleep outside")),
          List.of(), 1);
      assertThat(ids(index.search("Katze", 10, Filter.all()))).containsExactly("de");
      assertThat(ids(index.search("die", 10, Filter.all()))).isEmpty(); // a German stop word
      assertThat(index.analyzerName()).isEqualTo("german");
    }
    assertThat(LuceneKeywordIndex.recordedAnalyzer(dir)).contains("german");
    try (LuceneKeywordIndex index = open(dir, KeywordAnalyzer.GERMAN)) {
      assertThat(index.appliedSequence()).isEqualTo(1);
      assertThat(ids(index.search("Gärten", 10, Filter.all()))).containsExactly("de");
    }
  }

  @Test
  void standardDoesNotStemAndKStemKeepsWordsPorterJoins() throws IOException {
    List<Item> items = List.of(Item.of("u", "the university opens"), Item.of("d", "we are deploying"));
    try (LuceneKeywordIndex porter = open(dir.resolve("porter"), KeywordAnalyzer.ENGLISH);
        LuceneKeywordIndex kstem = open(dir.resolve("kstem"), KeywordAnalyzer.ENGLISH_KSTEM);
        LuceneKeywordIndex standard = open(dir.resolve("standard"), KeywordAnalyzer.STANDARD)) {
      porter.apply(items, List.of(), 1);
      kstem.apply(items, List.of(), 1);
      standard.apply(items, List.of(), 1);

      assertThat(ids(porter.search("universe", 10, Filter.all()))).containsExactly("u"); // both "univers"
      assertThat(ids(kstem.search("universe", 10, Filter.all()))).isEmpty();
      assertThat(ids(kstem.search("deployed", 10, Filter.all()))).containsExactly("d");
      assertThat(ids(standard.search("deployed", 10, Filter.all()))).isEmpty();
      assertThat(ids(standard.search("Deploying", 10, Filter.all()))).containsExactly("d");
      assertThat(ids(standard.search("the", 10, Filter.all()))).containsExactly("u"); // no stop words
    }
  }

  @Test
  void openingWithAnotherAnalyzerIsAModelMismatchAndWritesNothing() throws IOException {
    try (LuceneKeywordIndex index = open(dir, KeywordAnalyzer.ENGLISH)) {
      index.apply(List.of(Item.of("a", "deploying tonight")), List.of(), 4);
    }
    Map<String, String> before = snapshot(dir);

    assertThatThrownBy(() -> open(dir, KeywordAnalyzer.FRENCH))
        .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_MISMATCH))
        .hasMessageContaining("analyzed with 'english'").hasMessageContaining("ask for 'french'")
        .hasMessageContaining("Nothing was written");

    assertThat(snapshot(dir)).isEqualTo(before);
    try (LuceneKeywordIndex index = open(dir, KeywordAnalyzer.ENGLISH)) {
      assertThat(index.appliedSequence()).isEqualTo(4);
      assertThat(ids(index.search("deploy", 10, Filter.all()))).containsExactly("a");
    }
  }

  @Test
  void anEmptyIndexTakesTheNewAnalyzer() throws IOException {
    try (LuceneKeywordIndex index = open(dir, KeywordAnalyzer.ENGLISH)) {
      assertThat(index.count()).isZero();
    }
    try (LuceneKeywordIndex index = open(dir, KeywordAnalyzer.SPANISH)) {
      index.apply(List.of(Item.of("es", "las canciones")), List.of(), 1);
    }
    assertThat(LuceneKeywordIndex.recordedAnalyzer(dir)).contains("spanish");
  }

  @Test
  void anIndexWrittenBeforeAnalyzersWereRecordedOpensAsEnglishAndRecordsItOnItsNextCommit() throws IOException {
    Path golden = golden();
    assertThat(LuceneKeywordIndex.recordedAnalyzer(golden)).contains("english");
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(golden)) {
      assertThat(index.appliedSequence()).isEqualTo(3);
      assertThat(index.count()).isEqualTo(3);
      assertThat(ids(index.search("deploy build", 10, Filter.all()))).containsExactly("msg:1");
      assertThat(ids(index.search("menu", 10, Filter.eq("room", "random")))).containsExactly("msg:2");
      index.apply(List.of(Item.of("msg:4", "deployed again")), List.of(), 4);
    }
    try (Stream<Path> files = Files.list(golden)) {
      assertThat(files.map(p -> p.getFileName().toString())).contains("segments_3");
    }
    assertThat(LuceneKeywordIndex.recordedAnalyzer(golden)).contains("english");
  }

  @Test
  void anIndexWrittenBeforeAnalyzersWereRecordedIsNotOpenedWithAnotherOne() throws IOException {
    Path golden = golden();
    assertThatThrownBy(() -> open(golden, KeywordAnalyzer.GERMAN))
        .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_MISMATCH));
  }

  @Test
  void aCustomAnalyzerIsRecordedByItsClassAndTrustedWithAnIndexThatRecordsNone() throws IOException {
    Path golden = golden();
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(golden, new StandardAnalyzer())) {
      index.apply(List.of(), List.of(), 3);
    }
    assertThat(LuceneKeywordIndex.recordedAnalyzer(golden))
        .contains("custom:" + StandardAnalyzer.class.getName());
    assertThatThrownBy(() -> LuceneKeywordIndex.open(golden))
        .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_MISMATCH));
  }

  @Test
  void noIndexRecordsNoAnalyzer() throws IOException {
    assertThat(LuceneKeywordIndex.recordedAnalyzer(dir.resolve("missing"))).isEmpty();
    assertThat(LuceneKeywordIndex.recordedAnalyzer(dir)).isEmpty();
  }
}
