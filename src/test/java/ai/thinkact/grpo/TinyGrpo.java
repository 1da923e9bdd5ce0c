package ai.thinkact.grpo;

import ai.thinkact.TinyQwen;
import ai.djl.Device;
import ai.thinkact.chat.Message;
import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.config.ConfigLoader;
import ai.thinkact.data.Sample;
import ai.thinkact.data.Target;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.lora.LoraConfig;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.ModelPreset;
import ai.thinkact.model.Qwen3Model;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Shared pieces of the GRPO trainer tests: the real Qwen3 tokenizer, a random {@code tiny} Qwen3
 * (vocab 151,936, hidden 64, 2 layers) written once per JVM, fresh LoRA adapters, and configs.
 */
final class TinyGrpo {

  private TinyGrpo() {}

  static QwenTokenizer tokenizer() {
    return TinyQwen.tokenizer();
  }

  /** A tiny random Qwen3 in Hugging Face layout (with the tokenizer files), written once. */
  static Path modelDir() {
    return TinyQwen.randomModel(ModelPreset.TINY.config(), 7);
  }

  static Qwen3Model model() {
    return Qwen3Model.load(modelDir(), ComputeSettings.cpu());
  }

  /** A PEFT-initialised adapter (B = 0: starts equal to the base model), no dropout. */
  static LoraAdapter adapter(Qwen3Model model, int rank, long seed) {
    return LoraAdapter.create(model.config(), new LoraConfig(rank, 2.0 * rank, 0.0, LoraConfig.allProjections(), false),
        Device.cpu(), new Random(seed));
  }

  /** GrpoConfig defaults with snake_case overrides, as the CLI resolves them. */
  static GrpoConfig config(Map<String, ?> overrides) {
    return ConfigLoader.load(null, GrpoConfig.defaults(), overrides);
  }

  static Sample sample(String id, String user, Target target) {
    return new Sample(id, "test", id, List.of(), List.of(Message.user(user)), target, null);
  }
}
