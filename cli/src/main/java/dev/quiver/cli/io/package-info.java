/**
 * Reading a chat server's records from a SQLite database, read-only, for import and rebuild.
 */
@NullMarked
package dev.quiver.cli.io;

import org.jspecify.annotations.NullMarked;
