package dev.quiver.internal.storefile;

import java.util.Locale;
import java.util.Set;

/**
 * Chooses SQLite's journal from the filesystem the store lives on. WAL needs reliable locks and, with the
 * default VFS, shared memory; Quiver opens with {@code vfs=unix-excl} (WAL index in heap memory, no
 * {@code -shm} file) and still uses WAL only where POSIX locks are trustworthy. Overlay, network, FUSE and
 * unknown filesystems get a rollback journal with {@code synchronous=FULL} ("SQLite Over a Network").
 *
 * @param journalMode the value for {@code PRAGMA journal_mode}, lower case as SQLite reports it
 * @param synchronous the value for {@code PRAGMA synchronous}, upper case
 * @param local whether the filesystem is one known to be local
 */
public record JournalPolicy(String journalMode, String synchronous, boolean local) {
  /** Filesystem types, as {@code FileStore.type()} reports them on Linux and macOS, with reliable local locks. */
  static final Set<String> LOCAL_FILESYSTEMS = Set.of("ext2", "ext3", "ext4", "ext2/ext3", "xfs", "btrfs",
      "tmpfs", "zfs", "f2fs", "jfs", "bcachefs", "apfs", "hfs", "ntfs");

  /**
   * @param filesystemType {@code FileStore.type()} of the store's directory
   * @param fullSync whether the caller asked for durability across power loss under WAL too
   */
  public static JournalPolicy forFilesystem(String filesystemType, boolean fullSync) {
    boolean local = filesystemType != null && LOCAL_FILESYSTEMS.contains(filesystemType.toLowerCase(Locale.ROOT));
    if (local) {
      // NORMAL under WAL survives a process crash; only power loss can drop the last commits.
      return new JournalPolicy("wal", fullSync ? "FULL" : "NORMAL", true);
    }
    return new JournalPolicy("delete", "FULL", false);
  }

  /** {@code PRAGMA synchronous} reads back as a number. */
  int synchronousLevel() {
    return "FULL".equals(synchronous) ? 2 : 1;
  }
}
