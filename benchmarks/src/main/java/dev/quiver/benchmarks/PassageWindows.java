package dev.quiver.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Overlapping windows of word pieces over one text, returned as passages of the original text. A text of at
 * most {@code window} pieces stays one passage, the whole text, so that it embeds exactly as it does today.
 * Longer texts get windows starting every {@code stride} pieces; the last window ends at the last piece, so
 * every piece is in some passage.
 */
final class PassageWindows {
  private final int window;
  private final int stride;

  /**
   * @param window word pieces in one passage, at least 1
   * @param stride pieces between the starts of two passages, 1 to {@code window}
   */
  PassageWindows(int window, int stride) {
    if (window < 1 || stride < 1 || stride > window) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "passage windows need 1 <= stride <= window; found window %d, stride %d", window, stride));
    }
    this.window = window;
    this.stride = stride;
  }

  /**
   * @param text the text the pieces came from
   * @param starts each piece's first character in {@code text}, in order
   * @param ends each piece's end (exclusive), in order
   */
  List<String> split(String text, int[] starts, int[] ends) {
    int n = starts.length;
    if (n <= window) {
      return List.of(text);
    }
    List<String> passages = new ArrayList<>();
    for (int from = 0; ; from += stride) {
      int to = Math.min(n, from + window);
      passages.add(text.substring(starts[from], ends[to - 1]));
      if (to == n) {
        return passages;
      }
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d pieces, stride %d (%d%% overlap)", window, stride,
        Math.round(100.0 * (window - stride) / window));
  }
}
