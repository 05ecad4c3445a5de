/**
 * Exact top-k search over a snapshot: filters as bitmaps, the two-pass code scan, parallel scans and the
 * primitive top-k heap. Not API.
 */
@NullMarked
package dev.quiver.internal.search;

import org.jspecify.annotations.NullMarked;
