package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.command;
import static dev.quiver.cli.CliProcess.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.CliProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defaults from a config file, in real {@code quiver} processes whose working directory and environment the
 * test sets: the command line wins over the environment, which wins over the file.
 */
class ConfigFileTest {
  @TempDir
  static Path shared;

  /** Two stores told apart by their one item: {@code ./one.quiver} holds "one", {@code two.quiver} "two". */
  static Path one;
  static Path two;

  @TempDir
  Path dir;

  @BeforeAll
  static void importTwoStores() throws IOException {
    one = FilterOptionsTest.imported(Files.createDirectories(shared.resolve("one")),
        "{\"id\":\"one\",\"text\":\"deploy at noon\",\"attributes\":{\"room\":\"ops\"}}",
        "{\"id\":\"one-b\",\"text\":\"deploy again\",\"attributes\":{\"room\":\"dev\"}}");
    two = FilterOptionsTest.imported(Files.createDirectories(shared.resolve("two")),
        "{\"id\":\"two\",\"text\":\"deploy at dawn\"}");
  }

  /** {@code quiver args} in {@code directory}, with none of the parent's QUIVER_ variables and {@code env}. */
  private Result quiverIn(Path directory, Map<String, String> env, String... args) {
    ProcessBuilder b = command(QuiverCli.class, args).directory(directory.toFile());
    b.environment().keySet().removeIf(k -> k.startsWith("QUIVER_"));
    b.environment().put("XDG_CONFIG_HOME", dir.resolve("no-user-config").toString());
    b.environment().putAll(env);
    return CliProcess.run(b);
  }

  @Test
  void aConfigFileInTheWorkingDirectoryGivesDefaultsForEveryCommandAndForOne() {
    write(dir.resolve(".quiver.properties"), "# defaults for this project", "store=" + one,
        "quiver.search.mode=keyword", "quiver.search.fields=id,attr.room", "quiver.search.filter=room = dev");
    Result r = quiverIn(dir, Map.of(), "search", "deploy");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("one-b\tdev\n");
    Result stats = quiverIn(dir, Map.of(), "stats", "--json");
    assertThat(stats.out()).as(stats.toString()).contains("\"items\":2");
  }

  @Test
  void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheFile() {
    write(dir.resolve(".quiver.properties"), "store=" + one, "quiver.search.fields=id");
    assertThat(quiverIn(dir, Map.of(), "search", "deploy").out()).contains("one");
    Result env = quiverIn(dir, Map.of("QUIVER_STORE", two.toString()), "search", "deploy");
    assertThat(env.out()).as(env.toString()).isEqualTo("two\n");
    Result line = quiverIn(dir, Map.of("QUIVER_STORE", two.toString()), "search", "--store", one.toString(),
        "--filter", "room=ops", "deploy");
    assertThat(line.out()).as(line.toString()).isEqualTo("one\n");
  }

  @Test
  void theUsersConfigUnderXdgConfigHomeIsReadAndTheProjectsFileWinsOverIt() throws IOException {
    Path xdg = dir.resolve("xdg");
    write(Files.createDirectories(xdg.resolve("quiver")).resolve("config.properties"), "store=" + two,
        "quiver.search.fields=id,attr.room");
    Path project = dir.resolve("project");
    Result user = quiverIn(dir, Map.of("XDG_CONFIG_HOME", xdg.toString()), "search", "deploy");
    assertThat(user.out()).as(user.toString()).isEqualTo("two\t\n");
    write(Files.createDirectories(project).resolve(".quiver.properties"), "store=" + one,
        "quiver.search.filter=room=ops");
    Result both = quiverIn(project, Map.of("XDG_CONFIG_HOME", xdg.toString()), "search", "deploy");
    assertThat(both.out()).as(both.toString()).isEqualTo("one\tops\n");
  }

  @Test
  void quiverConfigNamesTheFileAndAMissingOneIsRefused() {
    Path config = write(dir.resolve("elsewhere.properties"), "store=" + two, "quiver.search.fields=id");
    write(dir.resolve(".quiver.properties"), "store=" + one);
    Result r = quiverIn(dir, Map.of("QUIVER_CONFIG", config.toString()), "search", "deploy");
    assertThat(r.out()).as(r.toString()).isEqualTo("two\n");
    Result missing = quiverIn(dir, Map.of("QUIVER_CONFIG", dir.resolve("nope.properties").toString()), "search",
        "deploy");
    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
    assertThat(missing.err()).contains("QUIVER_CONFIG names").contains("nope.properties");
  }

  @Test
  void helpSaysWhereDefaultsComeFrom() {
    Result r = quiverIn(dir, Map.of(), "--help");
    assertThat(r.out()).contains(".quiver.properties").contains("QUIVER_CONFIG").contains("XDG_CONFIG_HOME");
  }
}
