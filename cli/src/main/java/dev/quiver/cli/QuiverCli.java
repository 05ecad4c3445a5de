package dev.quiver.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code quiver} command. Results go to stdout; errors (one line naming the file, a stack trace only with
 * {@code --verbose}) and progress bars go to stderr. Exit statuses are listed in {@link ExitCodes}.
 */
@Command(name = "quiver", mixinStandardHelpOptions = true, versionProvider = QuiverCli.Version.class,
    description = "An embedded retrieval store: hybrid (vector + keyword) search over your own records.",
    subcommands = {ImportCommand.class, SearchCommand.class, EvalCommand.class, VerifyCommand.class,
        StatsCommand.class, RepairCommand.class, RebuildCommand.class, ExportCommand.class, DeleteCommand.class,
        ServeCommand.class, DemoCommand.class, CommandLine.HelpCommand.class,
        picocli.AutoComplete.GenerateCompletion.class},
    footerHeading = "%nExit status:%n",
    footer = {"  0  done", "  1  other failure", "  2  bad usage or bad input",
        "  3  refused (another application's file, the primary database, owned by another process, version)",
        "  4  the store is corrupt", "",
        // ConfigDefaults reads these; its javadoc has the details
        "Defaults, first found:",
        "  the command line, then the environment (QUIVER_STORE, QUIVER_PRIMARY_DB,",
        "  QUIVER_MODEL), then the config file: $QUIVER_CONFIG, else ./.quiver.properties",
        "  over $XDG_CONFIG_HOME/quiver/config.properties (~/.config/quiver/...).",
        "  Lines are OPTION=VALUE for every command (store=data/chat.quiver) or",
        "  quiver.COMMAND.OPTION=VALUE for one (quiver.search.limit=20)."})
public final class QuiverCli implements Runnable {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  /** Applies to the command after it, where that command has a progress bar. */
  @Mixin
  ProgressOption progress;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of "
        + String.join(", ", spec.subcommands().keySet()));
  }

  /**
   * Lucene's vectorization probe warns on every start under JDK 17 that its own SIMD code needs a newer Java;
   * that concerns Lucene's vector search, which Quiver does not use, so the command keeps stderr for its own
   * messages. Held in a field: java.util.logging keeps loggers only weakly.
   */
  private static final java.util.logging.Logger LUCENE_PROBE =
      java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization.VectorizationProvider");
  /** Lucene's start-up notes (on JDK 21+, which file-access code it picked) are not the user's business. */
  private static final java.util.logging.Logger LUCENE =
      java.util.logging.Logger.getLogger("org.apache.lucene");

  /**
   * The launchers run a one-off command with C1 alone and ask for the scalar kernels (the SIMD ones need C2): the
   * note that the scalar kernels were asked for is their choice, not news to the user, so only --verbose shows it.
   */
  private static final java.util.logging.Logger KERNELS =
      java.util.logging.Logger.getLogger("dev.quiver.internal.kernel.VectorKernels");

  public static void main(String[] args) {
    java.util.List<String> given = java.util.Arrays.asList(args);
    CliLogging.install(System.err, given.contains("--verbose"), given.contains("--quiet"));
    LUCENE.setLevel(java.util.logging.Level.WARNING);
    if (!given.contains("--verbose")) {
      KERNELS.setLevel(java.util.logging.Level.WARNING);
    }
    LUCENE_PROBE.setLevel(java.util.logging.Level.SEVERE);
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line {@code args}; returns the exit status. */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    return commandLine(out, err).execute(args);
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new QuiverCli());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(QuiverCli::handle);
    cl.setParameterExceptionHandler(QuiverCli::usageError);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setDefaultValueProvider(ConfigDefaults.ofProcess());
    // mixinStandardHelpOptions gives every command --version; the provider is only the top command's
    setVersionProvider(cl, new Version());
    return cl;
  }

  private static void setVersionProvider(CommandLine cl, CommandLine.IVersionProvider version) {
    cl.getCommandSpec().versionProvider(version);
    cl.getSubcommands().values().forEach(sub -> setVersionProvider(sub, version));
  }

  /**
   * A usage error: one line saying what is wrong, and where to read more; not the whole usage text, which
   * {@code --help} prints.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    String name = cl.getCommandSpec().qualifiedName();
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (java.util.Arrays.asList(args).contains("--json")) {
      err.println(JsonError.of("USAGE", message.replace(System.lineSeparator(), " ").strip()));
      err.flush();
      return ExitCodes.USAGE;
    }
    err.println(name + ": " + message.replace(System.lineSeparator(), " ").strip());
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      err.println("did you mean: " + String.join(", ", u.getSuggestions()) + "?");
    }
    err.println("try '" + name + " --help'");
    if (java.util.Arrays.asList(args).contains("--verbose")) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.USAGE;
  }

  private static int handle(Exception e, CommandLine cl, ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    if (matched(parseResult, "--json")) {
      err.println(JsonError.of(ExitCodes.errorCode(e), ExitCodes.message(e)));
    } else {
      err.println("quiver " + cl.getCommandName() + ": " + ExitCodes.message(e));
    }
    if (verbose(parseResult)) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.of(e);
  }

  private static boolean verbose(ParseResult result) {
    return matched(result, "--verbose");
  }

  private static boolean matched(ParseResult result, String option) {
    for (ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption(option)) {
        return true;
      }
    }
    return false;
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = QuiverCli.class.getPackage().getImplementationVersion();
      return new String[] {"quiver " + (v == null ? "(development build)" : v),
          "Java " + System.getProperty("java.version") + " " + System.getProperty("java.vm.name")};
    }
  }
}
