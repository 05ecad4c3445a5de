package dev.quiver.cli;

import dev.quiver.SearchMode;

/**
 * {@code --mode} values. Lower-case constants on purpose: picocli shows and accepts them as written, and the
 * command line is lower-case.
 */
enum Mode {
  hybrid(SearchMode.HYBRID),
  vector(SearchMode.VECTOR),
  keyword(SearchMode.KEYWORD);

  final SearchMode core;

  Mode(SearchMode core) {
    this.core = core;
  }
}
