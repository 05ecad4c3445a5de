package dev.quiver.internal.storefile;

import dev.quiver.Metric;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of a vector store file. {@code dimensions}, {@code metric} and {@code modelId} are fixed when
 * the file is created; reopening with other values is refused.
 *
 * @param dimensions the length of every vector, 1 to 65,536; or {@link #ADOPT} to open an existing file with
 *     whatever dimensions and metric it holds
 * @param metric how vectors are compared
 * @param modelId the embedding model's name, stored in the file; {@code null} when vectors come from the caller
 * @param primaryDatabase the chat server's own database, which the store must never be; may be {@code null}
 * @param fullSync {@code synchronous=FULL} even where WAL is used: durable across power loss, slower commits
 */
public record StoreOptions(int dimensions, Metric metric, String modelId, Path primaryDatabase, boolean fullSync) {
  public static final int MAX_DIMENSIONS = 65_536;
  /** Dimensions value that adopts an existing file's dimensions and metric; a new file cannot be created so. */
  public static final int ADOPT = 0;

  public StoreOptions {
    if (dimensions < ADOPT || dimensions > MAX_DIMENSIONS) {
      throw new IllegalArgumentException("dimensions must be 1 to " + MAX_DIMENSIONS + "; found " + dimensions);
    }
    Objects.requireNonNull(metric, "metric");
  }

  /** Options for vectors of {@code dimensions} floats compared by {@code metric}. */
  public static StoreOptions of(int dimensions, Metric metric) {
    return new StoreOptions(dimensions, metric, null, null, false);
  }

  public StoreOptions withModelId(String id) {
    return new StoreOptions(dimensions, metric, id, primaryDatabase, fullSync);
  }

  public StoreOptions withPrimaryDatabase(Path primary) {
    return new StoreOptions(dimensions, metric, modelId, primary, fullSync);
  }

  public StoreOptions withFullSync(boolean full) {
    return new StoreOptions(dimensions, metric, modelId, primaryDatabase, full);
  }
}
