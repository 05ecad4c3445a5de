/**
 * Readers for item corpora (JSON Lines, BEIR), queries and relevance judgments, and the retrieval metrics
 * that the CLI's {@code eval} command and the benchmarks share; {@link dev.quiver.datasets.DemoCorpus}, the bundled
 * corpus of Debian package descriptions that the demo and the tests index.
 */
@NullMarked
package dev.quiver.datasets;

import org.jspecify.annotations.NullMarked;
