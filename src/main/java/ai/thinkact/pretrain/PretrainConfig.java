package ai.thinkact.pretrain;

import ai.thinkact.config.SettingGroup;
import ai.thinkact.config.Settings;
import ai.thinkact.training.LmArguments;
import ai.thinkact.training.LmConfig;
import ai.thinkact.training.TrainingArguments;

/**
 * Settings of {@code train pretrain} ({@code configs/quickstart/pretrain.yaml}): the shared
 * training settings and those of next-token training; there is no adapter.
 *
 * @param training the settings every trainer shares, with pretraining's defaults
 * @param lm window length, batching, eval and the (sampled) softmax
 */
public record PretrainConfig(
    @SettingGroup(defaults = """
        learning_rate: 2e-4       # as train sft; configs/quickstart/pretrain.yaml raises it for a random model
        batch_size: 2
        gradient_accumulation_steps: 4
        warmup_ratio: 0.03
        lr_scheduler: cosine
        save_steps: 100
        save_total_limit: 3
        """)
    TrainingArguments training,
    @SettingGroup LmArguments lm) implements LmConfig {

  public static PretrainConfig defaults() {
    return Settings.of(PretrainConfig.class).defaults();
  }
}
