package dev.quiver.cli;

import dev.quiver.datasets.InputException;
import dev.quiver.embed.e5.E5SmallEmbedder;
import dev.quiver.embed.minilm.MiniLmEmbedder;
import dev.quiver.embed.onnx.OnnxEmbedder;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The local embedders the CLI offers, by the names {@code --model} takes. */
enum LocalModel {
  MINILM("minilm", MiniLmEmbedder.MODEL_ID, MiniLmEmbedder::new),
  E5_SMALL("e5-small", E5SmallEmbedder.MODEL_ID, E5SmallEmbedder::new);

  static final String NAMES = "minilm (all-MiniLM-L6-v2, the default) or e5-small (e5-small-v2: better alone, "
      + "about twice the embedding time)";

  final String option;
  final String modelId;
  private final Supplier<OnnxEmbedder> embedder;

  LocalModel(String option, String modelId, Supplier<OnnxEmbedder> embedder) {
    this.option = option;
    this.modelId = modelId;
    this.embedder = embedder;
  }

  OnnxEmbedder embedder() {
    return embedder.get();
  }

  /** The model an option names, by its short name or its model id, in any case. */
  static LocalModel named(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (LocalModel m : values()) {
      if (m.option.equals(wanted) || m.modelId.equals(wanted)) {
        return m;
      }
    }
    throw new InputException("--model " + name + " is not a local model; expected " + Arrays.stream(values())
        .map(m -> m.option).collect(Collectors.joining(" or ")));
  }
}
