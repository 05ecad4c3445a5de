package dev.quiver;

/** Why a storage operation failed; tests and callers branch on this, not on the message. */
public enum ErrorCode {
  /** The file is another application's database, or not a database at all. Nothing was written to it. */
  FOREIGN,
  /** The path is the chat server's primary database (or a link to it). Nothing was written to it. */
  PRIMARY_DATABASE,
  /** Another process, or another store in this JVM, owns the file. */
  LOCKED,
  /** The file's format version, settings or SQLite library version is not one this build accepts. */
  VERSION,
  /**
   * The file holds vectors of another embedding model, dimensions or metric than the options ask for: the
   * usual cause is switching models. Nothing was changed; rebuild the store with the new model, or open it
   * with the old one. Also a keyword index analyzed with another analyzer than the options ask for; the store
   * rebuilds that one from the vector file.
   */
  MODEL_MISMATCH,
  /** The file is damaged (SQLITE_CORRUPT or SQLITE_NOTADB, or a failed integrity check). */
  CORRUPT,
  /** Reading or writing failed for another reason. */
  IO
}
