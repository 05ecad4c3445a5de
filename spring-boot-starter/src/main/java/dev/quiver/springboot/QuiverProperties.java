package dev.quiver.springboot;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code quiver.*} properties of the auto-configured store.
 *
 * <pre>
 * quiver.path=data/chat.quiver
 * quiver.primary-database=data/chat.db
 * quiver.keyword=true
 * </pre>
 */
@ConfigurationProperties("quiver")
public class QuiverProperties {
  private @Nullable Path path;
  private @Nullable Path primaryDatabase;
  private boolean keyword = true;
  private @Nullable String modelId;
  private int dimensions;

  /** The store file; required. */
  public @Nullable Path getPath() {
    return path;
  }

  public void setPath(@Nullable Path path) {
    this.path = path;
  }

  /** The application's own database, which Quiver refuses to open as its store however it is reached; default none. */
  public @Nullable Path getPrimaryDatabase() {
    return primaryDatabase;
  }

  public void setPrimaryDatabase(@Nullable Path primaryDatabase) {
    this.primaryDatabase = primaryDatabase;
  }

  /** Whether the store keeps a BM25 keyword index beside its vectors ({@code <path>-keyword/}); default true. */
  public boolean isKeyword() {
    return keyword;
  }

  public void setKeyword(boolean keyword) {
    this.keyword = keyword;
  }

  /**
   * The embedding model's name, for a store whose vectors the application brings (no {@code Embedder} bean), for
   * example through Spring AI's {@code VectorStore}; default none.
   */
  public @Nullable String getModelId() {
    return modelId;
  }

  public void setModelId(@Nullable String modelId) {
    this.modelId = modelId;
  }

  /** The vector length of such a store; 0 (the default) for the embedder's, or the existing file's. */
  public int getDimensions() {
    return dimensions;
  }

  public void setDimensions(int dimensions) {
    this.dimensions = dimensions;
  }
}
