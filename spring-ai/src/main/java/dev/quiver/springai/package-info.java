/**
 * Quiver for Spring AI: {@link dev.quiver.springai.QuiverVectorStore} (a store as a Spring AI
 * {@code VectorStore}), {@link dev.quiver.springai.QuiverDocumentRetriever} (Quiver's hybrid search as a
 * {@code DocumentRetriever}) and {@link dev.quiver.springai.SpringAiEmbedder} (any Spring AI
 * {@code EmbeddingModel} as a Quiver {@code Embedder}).
 */
@NullMarked
package dev.quiver.springai;

import org.jspecify.annotations.NullMarked;
