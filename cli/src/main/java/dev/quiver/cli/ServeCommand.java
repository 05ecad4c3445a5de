package dev.quiver.cli;

import dev.quiver.Quiver;
import dev.quiver.server.Endpoint;
import dev.quiver.server.QuiverServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Opens the store and answers for it, so that search, stats, verify and export from other "
        + "processes work while this one holds it: they find the server through the endpoint file PATH-endpoint "
        + "and ask it.",
        "Listens on 127.0.0.1 only, on an ephemeral port unless --port says otherwise; every request needs the "
            + "random token in the endpoint file, which only this user can read (mode 600). Prints one line with "
            + "the endpoint, then serves until stdin closes (Ctrl-D) or the process gets SIGINT (Ctrl-C) or SIGTERM; "
            + "then it stops the server, deletes the endpoint file and closes the store."})
final class ServeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  StoreOption store;

  @Option(names = "--port", paramLabel = "N", defaultValue = "0",
      description = "The TCP port on 127.0.0.1; default 0, one the system picks.")
  int port;

  @Override
  public Integer call() throws IOException {
    Quiver quiver = store.open();
    Stopper stopper;
    try {
      stopper = new Stopper(QuiverServer.builder(quiver).port(port).start(), quiver);
    } catch (RuntimeException e) {
      quiver.close();
      throw e;
    }
    Thread hook = new Thread(stopper::stop, "quiver-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook); // SIGINT and SIGTERM run the hooks, and so a clean stop
    Endpoint e = stopper.server.endpoint();
    PrintWriter out = spec.commandLine().getOut();
    out.println("serving " + store.store + " at http://" + e.host() + ":" + e.port() + "/v1/ (pid " + e.pid()
        + ", endpoint file " + stopper.server.endpointFile() + "); close stdin or press Ctrl-C to stop");
    out.flush();
    try {
      InputStream in = System.in;
      while (in.read() != -1) {
        // serve until stdin closes
      }
    } finally {
      stopper.stop();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // a signal came at the same time: the hook stops nothing twice
      }
    }
    return ExitCodes.OK;
  }

  /** Stops the server, then closes the store, once, whichever comes first: stdin's end or a signal. */
  private static final class Stopper {
    final QuiverServer server;
    private final Quiver quiver;
    private boolean stopped;

    Stopper(QuiverServer server, Quiver quiver) {
      this.server = server;
      this.quiver = quiver;
    }

    synchronized void stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      try {
        server.close(); // first: nobody is told of a store that is closing
      } finally {
        quiver.close();
      }
    }
  }
}
