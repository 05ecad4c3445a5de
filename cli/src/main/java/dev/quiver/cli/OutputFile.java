package dev.quiver.cli;

import dev.quiver.datasets.InputException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A file a command writes its result to: checked before the store is opened, and put in place whole or not at
 * all.
 *
 * <p>Refused before anything is written, with an {@link InputException} (exit status 2) naming the file:
 * <ol>
 *   <li>the store's own files: the store file, its {@code -wal}, {@code -journal}, {@code -shm} and
 *       {@code -owner} sidecars, anything under its {@code -keyword/} and {@code -quarantine/} directories; and
 *       the primary database with its {@code -wal}, {@code -journal} and {@code -shm}. Whether they exist yet
 *       or not (a stray {@code -wal} would be replayed into the store), and however the path reaches them:
 *       paths are compared after resolving the directory's real path (symlinks, {@code ..}, relative paths),
 *       existing files also by identity ({@code stat}: a symlink or hard link to them);
 *   <li>a symbolic link, even to a regular file: the rename would replace the link itself (as root,
 *       {@code --jsonl /dev/stdout} once replaced the system's link with a regular file);
 *   <li>anything else that is not a regular file: a directory, a FIFO, a device, a socket;
 *   <li>an existing regular file, unless {@code force}.
 * </ol>
 * The checks only {@code stat} and list directories: no descriptor is opened on the target or on the primary
 * database (closing one would drop another connection's POSIX locks in this process).
 *
 * <p>Written to a new file in the same directory, created with {@code CREATE_NEW} under a unique name (so no
 * existing file, whatever its name, is opened), synced, checked again, then moved into place: with
 * {@code force} by an atomic rename over the old file (whose permissions the new one takes); without, by a
 * hard link, which fails if the name appeared meanwhile. On failure the temporary file is deleted and nothing
 * else is touched.
 */
final class OutputFile {
  private final Path given;
  private final Path target;
  private final boolean force;
  private final Guard guard;

  private OutputFile(Path given, Path target, boolean force, Guard guard) {
    this.given = given;
    this.target = target;
    this.force = force;
    this.guard = guard;
  }

  /** What a command writes into the file. */
  @FunctionalInterface
  interface Content<T> {
    T writeTo(Writer out) throws IOException;
  }

  /**
   * Checks that {@code file} may be written, before the store is opened.
   *
   * @param store the store as given by {@code --store}
   * @param primary the primary database as given by {@code --primary-db}, or null
   * @throws InputException naming the file when it is refused
   */
  static OutputFile check(Path file, boolean force, Path store, Path primary) {
    Guard guard = new Guard(store, primary);
    return new OutputFile(file, guard.refuseTarget(file, force), force, guard);
  }

  /**
   * Refuses a standard output that is one of the store's or the primary database's files
   * ({@code --jsonl - >> store}). Where the platform shows no {@code /dev/fd/1}, nothing is checked.
   */
  static void checkStdout(Path store, Path primary) {
    Path fd = Path.of("/dev/fd/1");
    if (Files.exists(fd)) {
      new Guard(store, primary).refuseIdentity(fd, "stdout", " (stdout is redirected to it)");
    }
  }

  /** Writes the file with {@code content} (UTF-8) and moves it into place; returns what content returned. */
  <T> T write(Content<T> content) throws IOException {
    Path tmp = null;
    try {
      FileChannel channel = null;
      FileAttribute<?>[] mode = permissionsOfTheReplacedFile();
      for (int attempt = 0; channel == null; attempt++) {
        tmp = target.resolveSibling(target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
            .nextLong()) + ".partial");
        try {
          channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), mode);
        } catch (FileAlreadyExistsException taken) {
          tmp = null;
          if (attempt == 99) {
            throw taken;
          }
        }
      }
      T result;
      try (FileChannel ch = channel;
          Writer w = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(ch),
              StandardCharsets.UTF_8), 1 << 16)) {
        result = content.writeTo(w);
        w.flush();
        ch.force(true);
      }
      // The directory may have changed while the content was written: the same checks again.
      if (!guard.refuseTarget(given, force).equals(target)) {
        throw new InputException("refusing to write " + given + ": its directory changed from " + target.getParent()
            + " while the output was written");
      }
      if (force) {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } else {
        placeWithoutReplacing(tmp);
      }
      tmp = null;
      return result;
    } finally {
      if (tmp != null) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private void placeWithoutReplacing(Path tmp) throws IOException {
    try {
      Files.createLink(target, tmp);
    } catch (FileAlreadyExistsException e) {
      throw new InputException("refusing to replace " + given + ": it appeared while the output was written; "
          + "pass --force to replace it");
    } catch (IOException | UnsupportedOperationException noHardLinks) {
      // a file system without hard links: a move without REPLACE_EXISTING checks the name, then renames
      Files.move(tmp, target);
      return;
    }
    Files.delete(tmp);
  }

  /** The replaced file's permissions, given when the new file is created (the umask still applies). */
  private FileAttribute<?>[] permissionsOfTheReplacedFile() throws IOException {
    if (force && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS);
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(p)};
      } catch (UnsupportedOperationException notPosix) {
        // the new file gets the default permissions
      }
    }
    return new FileAttribute<?>[0];
  }

  /** The files a command must never write: the store's and the primary database's. */
  private static final class Guard {
    /** A path never to write (a directory: nor anything under it); {@code what} follows "it is" in messages. */
    private record Guarded(Path path, boolean directory, String what) {}

    private final List<Guarded> guarded = new ArrayList<>();

    Guard(Path store, Path primary) {
      for (Path base : bases(store)) {
        guarded.add(new Guarded(base, false, "the store " + store));
        for (String suffix : new String[] {"-wal", "-journal", "-shm", "-owner", "-endpoint"}) {
          Path p = sibling(base, suffix);
          guarded.add(new Guarded(p, false, "the store's " + suffix + " file " + p));
        }
        Path keyword = sibling(base, "-keyword");
        guarded.add(new Guarded(keyword, true, "in the store's keyword index " + keyword));
        Path quarantine = sibling(base, "-quarantine");
        guarded.add(new Guarded(quarantine, true, "in the store's quarantine " + quarantine));
      }
      if (primary != null) {
        for (Path base : bases(primary)) {
          guarded.add(new Guarded(base, false, "the primary database " + primary));
          for (String suffix : new String[] {"-wal", "-journal", "-shm"}) {
            Path p = sibling(base, suffix);
            guarded.add(new Guarded(p, false, "the primary database's " + suffix + " file " + p));
          }
        }
      }
    }

    /** The path as given, and, when it is a link, the file it reaches: the sidecars may sit beside either. */
    private static List<Path> bases(Path p) {
      Path canonical = canonical(p);
      List<Path> bases = new ArrayList<>(List.of(canonical));
      try {
        Path real = p.toRealPath();
        if (!real.equals(canonical)) {
          bases.add(real);
        }
      } catch (IOException absent) {
        // nothing to follow
      }
      return bases;
    }

    private static Path sibling(Path p, String suffix) {
      return p.resolveSibling(p.getFileName() + suffix);
    }

    /**
     * {@code p} with its directory's real path and its own name (not followed): how the kernel resolves it.
     * A lexical {@code normalize} would not do: {@code link/..} is the parent of the link's target.
     */
    private static Path canonical(Path p) {
      Path abs = p.toAbsolutePath();
      Path parent = abs.getParent();
      Path name = abs.getFileName();
      if (parent == null || name == null) {
        return abs;
      }
      try {
        return parent.toRealPath().resolve(name);
      } catch (IOException absent) {
        return abs.normalize();
      }
    }

    /** Checks {@code file} as an export target; returns the path to write (real directory, same name). */
    Path refuseTarget(Path file, boolean force) {
      Path abs = file.toAbsolutePath();
      Path name = abs.getFileName();
      Path parent = abs.getParent();
      if (name == null || parent == null || name.toString().equals(".") || name.toString().equals("..")) {
        throw new InputException(Files.exists(file) ? "refusing to replace " + file + ": it is a directory"
            : "no such directory: " + file);
      }
      Path dir;
      try {
        dir = parent.toRealPath();
      } catch (IOException e) {
        throw new InputException("no such directory: " + parent + " (for " + file + ")", e);
      }
      if (!Files.isDirectory(dir)) {
        throw new InputException("not a directory: " + parent + " (for " + file + ")");
      }
      Path target = dir.resolve(name);
      for (Guarded g : guarded) {
        if (g.directory() ? target.startsWith(g.path()) : target.equals(g.path())) {
          throw refused(file, g, "");
        }
      }
      BasicFileAttributes attrs = lstat(target);
      if (attrs == null) {
        return target;
      }
      if (Files.exists(target)) {
        try {
          Path real = target.toRealPath();
          for (Guarded g : guarded) {
            if (g.directory() ? real.startsWith(g.path()) : real.equals(g.path())) {
              throw refused(file, g, " (through a symbolic link)");
            }
          }
        } catch (IOException unresolvable) {
          // refused below as a symbolic link
        }
        refuseIdentity(target, file.toString(), " (the same file: a hard link to it)");
      }
      if (attrs.isSymbolicLink()) {
        throw new InputException("refusing to replace " + file + ": it is a symbolic link" + linkTarget(target)
            + "; give the file itself, or - for stdout");
      }
      if (!attrs.isRegularFile()) {
        throw new InputException("refusing to replace " + file + ": it is " + kind(target, attrs)
            + ", not a regular file");
      }
      if (!force) {
        throw new InputException("refusing to replace " + file + ": the file exists; pass --force to replace it");
      }
      return target;
    }

    /** Refuses {@code file} when it is, by {@code stat} identity, an existing guarded file. */
    void refuseIdentity(Path file, String name, String how) {
      for (Guarded g : guarded) {
        for (Path p : existing(g)) {
          try {
            if (Files.isSameFile(file, p)) {
              throw refused(name, g, how);
            }
          } catch (IOException gone) {
            // a file that vanished between listing and stat is not the target
          }
        }
      }
    }

    /** The guarded file if it exists; for a directory, every file under it. */
    private static List<Path> existing(Guarded g) {
      if (!g.directory()) {
        return Files.exists(g.path()) ? List.of(g.path()) : List.of();
      }
      if (!Files.isDirectory(g.path())) {
        return List.of();
      }
      try (Stream<Path> files = Files.walk(g.path())) {
        return files.toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + g.path() + " to check the output against it: " + e, e);
      }
    }

    private static InputException refused(Object file, Guarded g, String how) {
      return new InputException("refusing to write " + file + ": it is " + g.what() + how);
    }

    private static BasicFileAttributes lstat(Path file) {
      try {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException absent) {
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stat " + file + ": " + e.getMessage(), e);
      }
    }

    private static String linkTarget(Path link) {
      try {
        return " (to " + Files.readSymbolicLink(link) + ")";
      } catch (IOException | UnsupportedOperationException e) {
        return "";
      }
    }

    /** A directory, a FIFO, a device or a socket, from the {@code st_mode} type bits where readable. */
    private static String kind(Path file, BasicFileAttributes attrs) {
      if (attrs.isDirectory()) {
        return "a directory";
      }
      try {
        int type = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
        return switch (type) {
          case 0010000 -> "a FIFO";
          case 0020000 -> "a character device";
          case 0060000 -> "a block device";
          case 0140000 -> "a socket";
          default -> "a special file";
        };
      } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
        return "a special file";
      }
    }
  }
}
