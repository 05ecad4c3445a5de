/**
 * Quiver for LangChain4j: {@link dev.quiver.langchain4j.QuiverEmbeddingStore} (a store as an
 * {@code EmbeddingStore<TextSegment>}), {@link dev.quiver.langchain4j.QuiverContentRetriever} (Quiver's hybrid
 * search as a {@code ContentRetriever}) and {@link dev.quiver.langchain4j.LangChain4jEmbedder} (any LangChain4j
 * {@code EmbeddingModel} as a Quiver {@code Embedder}).
 */
@NullMarked
package dev.quiver.langchain4j;

import org.jspecify.annotations.NullMarked;
