package dev.quiver;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a store file is and how it is being run. A final class rather than a record, so new facts can be added
 * without breaking callers; the store builds it through {@link #builder()}.
 */
public final class StoreInfo {
  private final Path file;
  private final int dimensions;
  private final Metric metric;
  private final @Nullable String modelId;
  private final int items;
  private final int vectors;
  private final long sequence;
  private final String journalMode;
  private final String synchronous;
  private final String filesystem;
  private final String sqliteVersion;
  private final boolean simd;
  private final String kernels;
  private final long fileBytes;

  private StoreInfo(Builder b) {
    file = Objects.requireNonNull(b.file, "file");
    dimensions = b.dimensions;
    metric = Objects.requireNonNull(b.metric, "metric");
    modelId = b.modelId;
    items = b.items;
    vectors = b.vectors;
    sequence = b.sequence;
    journalMode = Objects.requireNonNull(b.journalMode, "journalMode");
    synchronous = Objects.requireNonNull(b.synchronous, "synchronous");
    filesystem = Objects.requireNonNull(b.filesystem, "filesystem");
    sqliteVersion = Objects.requireNonNull(b.sqliteVersion, "sqliteVersion");
    simd = b.simd;
    kernels = Objects.requireNonNull(b.kernels, "kernels");
    fileBytes = b.fileBytes;
  }

  /** For the store that describes itself. */
  public static Builder builder() {
    return new Builder();
  }

  /** The store file's real path. */
  public Path file() {
    return file;
  }

  /** Vector length. */
  public int dimensions() {
    return dimensions;
  }

  /** Vector comparison. */
  public Metric metric() {
    return metric;
  }

  /** The embedding model's name, or {@code null}. */
  public @Nullable String modelId() {
    return modelId;
  }

  /** Live items. */
  public int items() {
    return items;
  }

  /** Live items that have a vector. */
  public int vectors() {
    return vectors;
  }

  /** The last change sequence committed. */
  public long sequence() {
    return sequence;
  }

  /** SQLite's journal mode as read back ({@code wal} or {@code delete}). */
  public String journalMode() {
    return journalMode;
  }

  /** SQLite's synchronous setting as read back ({@code NORMAL} or {@code FULL}). */
  public String synchronous() {
    return synchronous;
  }

  /** The type of the filesystem the file lives on. */
  public String filesystem() {
    return filesystem;
  }

  /** The SQLite library version. */
  public String sqliteVersion() {
    return sqliteVersion;
  }

  /** Whether the scan kernels use the Vector API. */
  public boolean simd() {
    return simd;
  }

  /** Which scan kernels run and why: SIMD after their self-test, or scalar and the reason (no C2, no module). */
  public String kernels() {
    return kernels;
  }

  /** The size of the file and its journal together. */
  public long fileBytes() {
    return fileBytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoreInfo i && file.equals(i.file) && dimensions == i.dimensions && metric == i.metric
        && Objects.equals(modelId, i.modelId) && items == i.items && vectors == i.vectors
        && sequence == i.sequence && journalMode.equals(i.journalMode) && synchronous.equals(i.synchronous)
        && filesystem.equals(i.filesystem) && sqliteVersion.equals(i.sqliteVersion) && simd == i.simd
        && kernels.equals(i.kernels) && fileBytes == i.fileBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, dimensions, metric, modelId, items, vectors, sequence, journalMode, synchronous,
        filesystem, sqliteVersion, simd, kernels, fileBytes);
  }

  @Override
  public String toString() {
    return "StoreInfo[file=" + file + ", dimensions=" + dimensions + ", metric=" + metric + ", modelId=" + modelId
        + ", items=" + items + ", vectors=" + vectors + ", sequence=" + sequence + ", journalMode=" + journalMode
        + ", synchronous=" + synchronous + ", filesystem=" + filesystem + ", sqliteVersion=" + sqliteVersion
        + ", kernels=" + kernels + ", fileBytes=" + fileBytes + "]";
  }

  /** Collects the facts of one {@link StoreInfo}. */
  public static final class Builder {
    private @Nullable Path file;
    private int dimensions;
    private @Nullable Metric metric;
    private @Nullable String modelId;
    private int items;
    private int vectors;
    private long sequence;
    private @Nullable String journalMode;
    private @Nullable String synchronous;
    private @Nullable String filesystem;
    private @Nullable String sqliteVersion;
    private boolean simd;
    private @Nullable String kernels;
    private long fileBytes;

    private Builder() {}

    public Builder file(Path file, int dimensions, Metric metric, @Nullable String modelId) {
      this.file = file;
      this.dimensions = dimensions;
      this.metric = metric;
      this.modelId = modelId;
      return this;
    }

    public Builder contents(int items, int vectors, long sequence) {
      this.items = items;
      this.vectors = vectors;
      this.sequence = sequence;
      return this;
    }

    public Builder sqlite(String journalMode, String synchronous, String filesystem, String sqliteVersion,
        long fileBytes) {
      this.journalMode = journalMode;
      this.synchronous = synchronous;
      this.filesystem = filesystem;
      this.sqliteVersion = sqliteVersion;
      this.fileBytes = fileBytes;
      return this;
    }

    public Builder kernels(boolean simd, String reason) {
      this.simd = simd;
      this.kernels = reason;
      return this;
    }

    /** @throws NullPointerException if a fact was not given */
    public StoreInfo build() {
      return new StoreInfo(this);
    }
  }
}
