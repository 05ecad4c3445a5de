package dev.quiver.internal.storefile;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The path the operating system would reach, as an absolute path free of symbolic links, {@code .} and
 * {@code ..}, for files that exist and for files that do not exist yet.
 *
 * <p>Lexical {@link Path#normalize()} is wrong here: in {@code dir/link/../chat.db} the kernel follows
 * {@code link} first, so {@code ..} leaves the link's target, not {@code dir}. An existing path is resolved
 * by {@link Path#toRealPath} ({@code realpath(3)}); a missing one by following a dangling symbolic link
 * (at most {@value #MAX_LINKS}, as Linux does), else by resolving its parent directory the same way and
 * appending the file name.
 *
 * <p>Only {@code stat}, {@code lstat}, {@code readlink} and {@code realpath} are used: never a descriptor.
 * The path may be the chat server's database or one of its sidecars, and closing any descriptor on a file
 * drops every POSIX lock this process holds on it.
 */
final class CanonicalPath {
  /** Linux's {@code MAXSYMLINKS}: beyond this many links in one lookup the kernel fails with ELOOP. */
  static final int MAX_LINKS = 40;

  private int linksLeft = MAX_LINKS;

  private CanonicalPath() {}

  /**
   * Where {@code path} leads, following every symbolic link including the last.
   *
   * @throws IOException on a symbolic-link loop or a chain longer than {@value #MAX_LINKS}
   */
  static Path of(Path path) throws IOException {
    return new CanonicalPath().resolve(path.toAbsolutePath(), path);
  }

  /**
   * The directory entry {@code path} names: its parent resolved as {@link #of} does, plus its own name,
   * without following a link that the name itself may be. This is where SQLite, handed this path's real
   * directory and name, creates its sidecars.
   */
  static Path entry(Path path) throws IOException {
    Path absolute = path.toAbsolutePath();
    Path name = absolute.getFileName();
    if (name == null || name.toString().equals(".") || name.toString().equals("..")) {
      return of(absolute);
    }
    return new CanonicalPath().resolve(absolute.getParent(), path).resolve(name);
  }

  private Path resolve(Path absolute, Path asGiven) throws IOException {
    Path p = absolute;
    while (true) {
      if (Files.exists(p)) {
        return p.toRealPath();
      }
      if (!Files.isSymbolicLink(p)) {
        return missing(p, asGiven);
      }
      // a dangling link: it leads to its target, relative to the directory holding the link
      if (--linksLeft < 0) {
        throw new FileSystemException(asGiven.toString(), null, "more than " + MAX_LINKS
            + " levels of symbolic links (a loop?)");
      }
      Path target = Files.readSymbolicLink(p);
      p = p.getParent().resolve(target);
    }
  }

  /** A path that does not exist and is no link: its real parent plus its name. */
  private Path missing(Path p, Path asGiven) throws IOException {
    Path name = p.getFileName();
    Path parent = p.getParent();
    if (name == null || parent == null) {
      return p;
    }
    Path realParent = resolve(parent, asGiven);
    if (name.toString().equals(".")) {
      return realParent;
    }
    if (name.toString().equals("..")) {
      // the parent does not exist either, or this path would exist: the kernel would fail; stay lexical
      Path up = realParent.getParent();
      return up == null ? realParent : up;
    }
    return realParent.resolve(name);
  }
}
