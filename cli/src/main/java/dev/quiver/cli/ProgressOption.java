package dev.quiver.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --progress}, on the commands that have a progress bar (and on {@code quiver} before them). */
final class ProgressOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--progress",
      description = "Show progress bars on stderr even when it is not a terminal (they show on a terminal anyway).")
  boolean progress;

  /** Whether {@code --progress} was given to this command or to {@code quiver} before it. */
  boolean progress() {
    if (progress) {
      return true;
    }
    CommandSpec parent = mixee == null ? null : mixee.parent();
    return parent != null && parent.userObject() instanceof QuiverCli root && root.progress.progress;
  }
}
