package dev.quiver.cli;

import picocli.CommandLine.Option;

/** Options every command takes, before or after the command name. */
final class CommonOptions {
  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;
}
