package ai.thinkact.sft;

import ai.thinkact.config.Setting;
import ai.thinkact.config.SettingGroup;
import ai.thinkact.config.Settings;
import ai.thinkact.lora.LoraConfig;
import ai.thinkact.training.LmArguments;
import ai.thinkact.training.LmConfig;
import ai.thinkact.training.TrainingArguments;

/**
 * Settings of the SFT trainer (stage 1 base SFT and stage 2 cold-start reasoning SFT), read from
 * {@code configs/sft.yaml} / {@code configs/coldstart.yaml}. Every key is declared once, with its
 * default and doc, on a component of the three groups ({@link Setting}); the YAML keys and options
 * are derived from them ({@code lora_rank} = {@code --lora-rank}).
 *
 * <p>The paper (section 4.2) gives batch 2 x gradient accumulation 4, 3 epochs and LoRA on the
 * seven projections; its rank, alpha, dropout and learning rate were lost from the text, so the
 * defaults for those are our choices, documented where they are declared.
 *
 * @param training the settings every trainer shares, with stage 1's defaults
 * @param lm maximum length, batching, eval and loss of next-token training
 * @param lora the new adapter's settings (a continued adapter keeps its own)
 */
public record SftConfig(
    @SettingGroup(defaults = """
        learning_rate: 2e-4       # our choice (paper value lost); TRL's LoRA SFT examples use 2e-4
        batch_size: 2             # paper section 4.2
        gradient_accumulation_steps: 4   # paper section 4.2: effective batch 8
        warmup_ratio: 0.03        # the Alpaca/QLoRA ratio many TRL SFT recipes use
        lr_scheduler: cosine      # as those recipes
        save_steps: 100           # about 800 samples at the effective batch of 8
        save_total_limit: 3
        """)
    TrainingArguments training,
    @SettingGroup LmArguments lm,
    @SettingGroup LoraConfig lora) implements LmConfig {

  /** Stage 2's defaults where they differ from stage 1's. */
  static final String COLDSTART_DEFAULTS = "learning_rate: 1e-4  # half of stage 1, so fewer than 100 samples do not undo it";

  /** Stage 1 (base SFT) defaults. */
  public static SftConfig defaults() {
    return Settings.of(SftConfig.class).defaults();
  }

  /** Stage 2 (cold-start reasoning SFT) defaults: as stage 1 with a lower learning rate. */
  public static SftConfig coldStartDefaults() {
    return Settings.of(SftConfig.class).defaults(COLDSTART_DEFAULTS);
  }
}
