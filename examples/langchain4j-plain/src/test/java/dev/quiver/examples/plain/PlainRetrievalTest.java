package dev.quiver.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.rag.content.Content;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainRetrievalTest {
  @TempDir Path dir;

  private static String text(Content content) {
    return content.textSegment().text();
  }

  @Test
  void findsTheNoteByMeaningAndByItsErrorCode() {
    try (PlainRetrieval example = new PlainRetrieval(dir)) {
      example.indexNotes();
      assertThat(example.retrieve("can I deploy on a friday afternoon?")).first().extracting(
          PlainRetrievalTest::text).asString().contains("frozen on Fridays");
      // a code an embedding blurs: the keyword side finds it
      assertThat(example.retrieve("QX-4711")).first().extracting(PlainRetrievalTest::text).asString()
          .contains("QX-4711");
      assertThat(example.retrieve("who must approve a large expense report?")).first()
          .extracting(PlainRetrievalTest::text).asString().contains("director");
    }
  }

  @Test
  void aReopenedStoreKeepsItsNotesAndDoesNotAddThemTwice() {
    try (PlainRetrieval example = new PlainRetrieval(dir)) {
      example.indexNotes();
    }
    try (PlainRetrieval example = new PlainRetrieval(dir)) {
      example.indexNotes();
      assertThat(example.retrieve("coffee machine")).hasSize(2).first().extracting(PlainRetrievalTest::text)
          .asString().contains("descaled");
    }
  }

  @Test
  void mainPrintsEachQuestionWithItsNotes() throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      PlainRetrieval.main(new String[] {dir.toString(), "staging", "database"});
    } finally {
      System.setOut(out);
    }
    String printed = captured.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("Q: staging database").contains("refreshed from production")
        .contains("store: " + dir.resolve("notes.quiver"));
  }
}
