package dev.quiver.keyword;

import java.nio.file.Path;

/**
 * A child JVM for lock tests: opens the index named by {@code args[0]}, prints {@code open}, and holds it
 * until its standard input closes.
 */
final class HoldIndexOpen {
  private HoldIndexOpen() {}

  public static void main(String[] args) throws Exception {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(Path.of(args[0]))) {
      System.out.println("open at sequence " + index.appliedSequence());
      System.out.flush();
      while (System.in.read() != -1) {
        // wait for the parent to close our stdin
      }
    }
  }
}
