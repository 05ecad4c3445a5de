package dev.quiver.cli;

import dev.quiver.datasets.InputException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.PropertiesDefaultProvider;

/**
 * Defaults from a config file, under the command line and the environment. The file is {@code $QUIVER_CONFIG}
 * when that is set (it must then exist), else {@code ./.quiver.properties} over
 * {@code $XDG_CONFIG_HOME/quiver/config.properties} ({@code ~/.config/quiver/...} when XDG_CONFIG_HOME is unset):
 * a key in the working directory's file wins over the same key in the user's. Keys are option names without
 * dashes, for every command ({@code store=data/chat.quiver}, {@code mode=keyword}), or qualified by the command
 * for one only ({@code quiver.search.limit=20}), as picocli's {@link PropertiesDefaultProvider} reads them.
 *
 * <p>Precedence: the command line, then an environment variable an option reads ({@code QUIVER_STORE},
 * {@code QUIVER_PRIMARY_DB}, {@code QUIVER_MODEL}: any {@code ${env:NAME}} in the option's default), then this
 * file, then the built-in default. Picocli itself ranks a default provider above an option's own default, so
 * an option whose environment variable is set is passed over here.
 */
final class ConfigDefaults implements IDefaultValueProvider {


  private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)");

  private final Map<String, String> environment;
  private final Path workingDirectory;
  private @Nullable PropertiesDefaultProvider file;

  ConfigDefaults(Map<String, String> environment, Path workingDirectory) {
    this.environment = environment;
    this.workingDirectory = workingDirectory;
  }

  /** The defaults of this process: its environment and working directory. */
  static ConfigDefaults ofProcess() {
    return new ConfigDefaults(System.getenv(), Path.of("").toAbsolutePath());
  }

  @Override
  public @Nullable String defaultValue(ArgSpec arg) throws Exception {
    if (fromEnvironment(arg)) {
      return null; // the option's own default, ${env:NAME}, applies
    }
    return file().defaultValue(arg);
  }

  /** Whether {@code arg}'s own default names an environment variable that is set. */
  private boolean fromEnvironment(ArgSpec arg) {
    if (!(arg.userObject() instanceof AnnotatedElement element)) {
      return false;
    }
    Option option = element.getAnnotation(Option.class);
    if (option == null) {
      return false;
    }
    Matcher m = ENV.matcher(option.defaultValue());
    while (m.find()) {
      if (environment.get(m.group(1)) != null) {
        return true;
      }
    }
    return false;
  }

  /** Read on first use, so a command line without options reads no file. */
  private PropertiesDefaultProvider file() {
    if (file == null) {
      file = new PropertiesDefaultProvider(load());
    }
    return file;
  }

  private Properties load() {
    String explicit = environment.get("QUIVER_CONFIG");
    if (explicit != null && !explicit.isEmpty()) {
      Path path = workingDirectory.resolve(explicit);
      if (!Files.isRegularFile(path)) {
        throw new InputException("QUIVER_CONFIG names " + path + ", which is not a file; expected a config "
            + "file of OPTION=VALUE lines, or unset QUIVER_CONFIG");
      }
      return read(path, new Properties());
    }
    String xdg = environment.get("XDG_CONFIG_HOME");
    String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
    Path user = xdg != null && !xdg.isEmpty() ? Path.of(xdg, "quiver", "config.properties")
        : Path.of(home, ".config", "quiver", "config.properties");
    Properties base = Files.isRegularFile(user) ? read(user, new Properties()) : new Properties();
    Path local = workingDirectory.resolve(".quiver.properties");
    if (!Files.isRegularFile(local)) {
      return base;
    }
    Properties merged = new Properties();
    merged.putAll(base);
    return read(local, merged);
  }

  private static Properties read(Path path, Properties into) {
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      into.load(r);
      return into;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the config file " + path + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new InputException("config file " + path + " is malformed: " + e.getMessage());
    }
  }
}
