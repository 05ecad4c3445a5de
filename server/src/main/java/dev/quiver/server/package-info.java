/**
 * Reading a store that another process holds: {@link dev.quiver.server.QuiverServer} lets the owning process
 * answer searches, status, verify and export over loopback HTTP with a bearer token; {@link
 * dev.quiver.server.QuiverClient} asks it, finding it through the {@link dev.quiver.server.Endpoint} file beside
 * the store. The JSON of the wire is defined in one place, {@code Wire}.
 */
@NullMarked
package dev.quiver.server;

import org.jspecify.annotations.NullMarked;
