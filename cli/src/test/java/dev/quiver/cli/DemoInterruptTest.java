package dev.quiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C during {@code quiver demo} removes its temporary store, as a normal end does. */
class DemoInterruptTest {
  @TempDir
  Path tmp;

  @Test
  void ctrlCDuringDemoRemovesItsTemporaryDirectory() throws Exception {
    ProcessBuilder builder = CliProcess.command(QuiverCli.class, "demo");
    List<String> command = builder.command();
    command.add(1, "-Djava.io.tmpdir=" + tmp); // after the java executable
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = builder.start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      assertThat(first).as("the demo's first line").startsWith("Indexing ").contains(tmp.toString());
      try (Stream<Path> entries = Files.list(tmp)) {
        assertThat(entries.map(e -> e.getFileName().toString())).anyMatch(n -> n.startsWith("quiver-demo"));
      }
      // SIGINT, as Ctrl-C in a terminal sends it
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
      assertThat(kill.waitFor(CliProcess.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(p.waitFor(CliProcess.TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("demo ends on SIGINT").isTrue();
      assertThat(p.exitValue()).isNotZero();
    } finally {
      p.destroyForcibly();
    }
    try (Stream<Path> entries = Files.list(tmp)) {
      assertThat(entries.map(e -> e.getFileName().toString())).noneMatch(n -> n.startsWith("quiver-demo"));
    }
  }
}
