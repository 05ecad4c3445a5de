/**
 * The keyword side of a store: {@link dev.quiver.keyword.LuceneKeywordIndex}, a Lucene BM25 index kept beside the
 * vector file.
 */
@NullMarked
package dev.quiver.keyword;

import org.jspecify.annotations.NullMarked;
