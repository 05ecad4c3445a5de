package dev.quiver;

import dev.quiver.internal.store.VectorStore;
import dev.quiver.internal.storefile.StoreFile;
import dev.quiver.internal.storefile.StoreOptions;
import java.nio.file.Path;

/**
 * Opens the {@code -rebuild} file a rebuild fills. An interrupted rebuild leaves it behind to resume from, and
 * it records the model it is being built with: a rebuild with another model is refused, naming both.
 */
final class RebuildFile {
  private RebuildFile() {}

  /**
   * @param store the store the file is rebuilt for, named in the refusal
   * @throws QuiverException MODEL_MISMATCH when the file holds another model's vectors
   */
  static VectorStore open(Path file, StoreOptions options, Path store) {
    try {
      return VectorStore.open(file, options);
    } catch (QuiverException e) {
      if (e.code() != ErrorCode.MODEL_MISMATCH) {
        throw e;
      }
      throw new QuiverException(ErrorCode.MODEL_MISMATCH, file, "cannot resume the interrupted rebuild in "
          + file + ": it is being built with " + recorded(file, options) + ", this rebuild embeds with "
          + describe(options.modelId(), options.dimensions()) + ". " + store + " is unchanged. Resume with the "
          + "model the file records, or delete " + file + " (a partial copy; the store does not need it) to "
          + "start over", e);
    }
  }

  private static String recorded(Path file, StoreOptions options) {
    try (StoreFile existing = StoreFile.open(file, new StoreOptions(StoreOptions.ADOPT, options.metric(), null,
        options.primaryDatabase(), options.fullSync()))) {
      return describe(existing.modelId(), existing.dimensions());
    } catch (RuntimeException e) {
      return "another model"; // the refusal matters more than naming it
    }
  }

  private static String describe(String modelId, int dimensions) {
    return (modelId == null ? "no model id" : "model '" + modelId + "'") + " (" + dimensions + " dimensions)";
  }
}
