package dev.quiver.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  @Option(names = "--progress",
      description = "Show progress bars on stderr even when it is not a terminal (they show on a terminal anyway).")
  boolean progress;
}
