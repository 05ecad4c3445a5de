package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.CliProcess.Result;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --analyzer}: chosen at import, kept by later commands that do not name one, rebuilt when changed. */
class AnalyzerOptionTest {
  @TempDir Path dir;

  @Test
  void theAnalyzerChosenAtImportIsKeptUntilAnotherIsNamed() throws IOException {
    Path corpus = CliProcess.write(dir.resolve("corpus.jsonl"),
        "{\"id\":\"de:1\",\"text\":\"Die Katzen schlafen im Garten\"}",
        "{\"id\":\"de:2\",\"text\":\"Der Zug nach Berlin ist verspätet\"}");
    Path store = dir.resolve("chat.quiver");
    Path keyword = dir.resolve("chat.quiver-keyword");

    Result imported = quiver("import", "--store", store.toString(), "--jsonl", corpus.toString(),
        "--analyzer", "German");
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    assertThat(LuceneKeywordIndex.recordedAnalyzer(keyword)).contains("german");

    // no --analyzer: the recorded one, so "Katze" finds the plural and nothing is rebuilt
    Result kept = quiver("search", "--store", store.toString(), "--mode", "keyword", "Katze");
    assertThat(kept.exitCode()).as(kept.toString()).isZero();
    assertThat(kept.out()).contains("de:1");
    assertThat(kept.err()).doesNotContain("rebuilding");
    assertThat(dir.resolve("chat.quiver-quarantine")).doesNotExist();

    // another one: the keyword index is rebuilt from the vector file, with English analysis
    Result changed = quiver("search", "--store", store.toString(), "--mode", "keyword", "--analyzer", "english",
        "Katze");
    assertThat(changed.exitCode()).as(changed.toString()).isZero();
    assertThat(changed.out()).contains("(no hits)");
    assertThat(changed.err()).contains("was analyzed with another analyzer");
    assertThat(LuceneKeywordIndex.recordedAnalyzer(keyword)).contains("english");
    Result english = quiver("search", "--store", store.toString(), "--mode", "keyword", "Katzen");
    assertThat(english.out()).contains("de:1");
  }

  @Test
  void anUnknownAnalyzerIsAUsageErrorNamingTheKnownOnes() {
    Result r = quiver("search", "--store", dir.resolve("x.quiver").toString(), "--analyzer", "klingon", "q");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("klingon").contains("english-kstem").contains("german");
  }
}
