/**
 * JMH benchmarks, the side-by-side peer runner and the retrieval-quality evaluator. Not published.
 */
@NullMarked
package dev.quiver.benchmarks;

import org.jspecify.annotations.NullMarked;
