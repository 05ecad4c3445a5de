package dev.quiver.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Options every command takes, before or after the command name. */
final class CommonOptions {
  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  @Option(names = "--quiet", description = "Print no summary line when a command succeeds, and no warnings; "
      + "results (hits, tables, stats) still go to stdout and errors to stderr.")
  boolean quiet;

  /** Whether {@code --quiet} was given to this command or before it ({@code quiver --quiet import ...}). */
  static boolean quiet(CommandSpec spec) {
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      CommandSpec mixin = s.mixins().get("common");
      if (mixin != null && mixin.userObject() instanceof CommonOptions options && options.quiet) {
        return true;
      }
    }
    return false;
  }
}
