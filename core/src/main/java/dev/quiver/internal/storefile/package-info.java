/**
 * Quiver's own SQLite file: the guards that run before any connection (foreign files, the primary database,
 * names, journals that are not the file's own), the owner lock, the schema and its row checksums, explicit
 * transactions and checkpoints, and the quarantine. Not API.
 */
@NullMarked
package dev.quiver.internal.storefile;

import org.jspecify.annotations.NullMarked;
