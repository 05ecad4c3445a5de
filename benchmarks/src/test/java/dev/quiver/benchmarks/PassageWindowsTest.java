package dev.quiver.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Passages cover a long text in overlapping windows of word pieces; a short text stays whole. */
class PassageWindowsTest {
  // "a bb ccc dd e": five pieces, one per word
  private static final String TEXT = "a bb ccc dd e";
  private static final int[] STARTS = {0, 2, 5, 9, 12};
  private static final int[] ENDS = {1, 4, 8, 11, 13};

  @Test
  void aTextThatFitsOneWindowStaysTheWholeText() {
    assertThat(new PassageWindows(5, 2).split(" " + TEXT + " ", shift(STARTS), shift(ENDS)))
        .containsExactly(" " + TEXT + " ");
  }

  @Test
  void windowsStartEveryStrideAndTheLastEndsAtTheLastPiece() {
    assertThat(new PassageWindows(3, 2).split(TEXT, STARTS, ENDS)).containsExactly("a bb ccc", "ccc dd e");
    assertThat(new PassageWindows(2, 2).split(TEXT, STARTS, ENDS)).containsExactly("a bb", "ccc dd", "e");
    assertThat(new PassageWindows(4, 1).split(TEXT, STARTS, ENDS)).containsExactly("a bb ccc dd", "bb ccc dd e");
  }

  @Test
  void realWordPiecesAreEachInAPassageOfAtMostTheWindow() {
    String text = "Quiver keeps an exact vector file in SQLite and a Lucene index beside it. ".repeat(12);
    try (WordPieces pieces = new WordPieces()) {
      WordPieces.Spans spans = pieces.spans(text);
      assertThat(spans.count()).isGreaterThan(126);
      List<String> passages = new PassageWindows(40, 30).split(text, spans.starts(), spans.ends());
      assertThat(passages).hasSize((spans.count() - 40 + 29) / 30 + 1);
      for (String p : passages) {
        assertThat(pieces.spans(p).count()).isLessThanOrEqualTo(40);
        assertThat(text).contains(p);
      }
      assertThat(passages.get(0)).startsWith("Quiver");
      assertThat(text.strip()).endsWith(passages.get(passages.size() - 1));
    }
  }

  @Test
  void aStrideLongerThanTheWindowIsRefusedNamingBoth() {
    assertThatThrownBy(() -> new PassageWindows(3, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window 3, stride 4");
    assertThatThrownBy(() -> new PassageWindows(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static int[] shift(int[] offsets) {
    int[] out = offsets.clone();
    for (int i = 0; i < out.length; i++) {
      out[i]++;
    }
    return out;
  }
}
