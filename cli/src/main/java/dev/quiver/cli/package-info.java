/**
 * The {@code quiver} command (picocli): one class per subcommand, the options they share, safe output files and
 * exit codes. An application, not a library.
 */
@NullMarked
package dev.quiver.cli;

import org.jspecify.annotations.NullMarked;
