package dev.quiver;

import dev.quiver.Metric;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What a store file is and how it is being run.
 *
 * @param file the store file's real path
 * @param dimensions vector length
 * @param metric vector comparison
 * @param modelId the embedding model's name, or {@code null}
 * @param items live items
 * @param vectors live items that have a vector
 * @param sequence the last change sequence committed
 * @param journalMode SQLite's journal mode as read back ({@code wal} or {@code delete})
 * @param synchronous SQLite's synchronous setting as read back ({@code NORMAL} or {@code FULL})
 * @param filesystem the type of the filesystem the file lives on
 * @param sqliteVersion the SQLite library version
 * @param simd whether the scan kernels use the Vector API
 * @param fileBytes the size of the file and its journal together
 */
public record StoreInfo(Path file, int dimensions, Metric metric, @Nullable String modelId, int items, int vectors,
    long sequence, String journalMode, String synchronous, String filesystem, String sqliteVersion,
    boolean simd, long fileBytes) {}
