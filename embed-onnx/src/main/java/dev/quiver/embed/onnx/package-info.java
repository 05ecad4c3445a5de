/**
 * {@link dev.quiver.embed.onnx.OnnxEmbedder}: what the local embedders share, LangChain4j's in-process ONNX
 * runtime behind Quiver's {@link dev.quiver.spi.Embedder}.
 */
@NullMarked
package dev.quiver.embed.onnx;

import org.jspecify.annotations.NullMarked;
