/**
 * JMH benchmarks, the side-by-side peer, scale and concurrency runners, the retrieval-quality evaluator and the
 * chart renderer that draws their results. Not published.
 */
@NullMarked
package dev.quiver.benchmarks;

import org.jspecify.annotations.NullMarked;
