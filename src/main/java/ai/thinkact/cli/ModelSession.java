package ai.thinkact.cli;

import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.Qwen3Model;
import java.nio.file.Path;

/** A model and its optional adapter, loaded for one command and closed together. */
final class ModelSession implements AutoCloseable {

  final Qwen3Model model;
  private final LoraAdapter lora;

  private ModelSession(Qwen3Model model, LoraAdapter lora) {
    this.model = model;
    this.lora = lora;
  }

  static ModelSession open(Path modelDir, Path adapterDir, ComputeSettings settings) {
    Qwen3Model model = Qwen3Model.load(modelDir, settings);
    if (adapterDir == null) {
      return new ModelSession(model, null);
    }
    try {
      return new ModelSession(model, LoraAdapter.load(adapterDir, model.config(), model.device()));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** The adapter to pass to the model, {@link Adapter#NONE} without {@code --adapter}. */
  Adapter adapter() {
    return lora == null ? Adapter.NONE : lora;
  }

  @Override
  public void close() {
    if (lora != null) {
      lora.close();
    }
    model.close();
  }
}
