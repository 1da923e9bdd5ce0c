package ai.thinkact.cli;

import ai.thinkact.sft.SftConfig;
import ai.thinkact.sft.SftStage;
import picocli.CommandLine.Command;

/** {@code thinkact train sft}: stage 1, base SFT of a new LoRA adapter on tool-calling samples. */
@Command(modelTransformer = ConfigOptions.Transformer.class,
    name = "sft",
    description = "Stage 1: LoRA SFT on per-turn samples; the target is the next action after an empty think block."
        + " Writes OUTPUT/adapter (PEFT), OUTPUT/checkpoints, OUTPUT/metrics.jsonl, OUTPUT/config.yaml.")
public final class TrainSftCommand extends LmTrainCommand<SftConfig> {

  public TrainSftCommand() {
    super(SftStage.SFT, SftConfig.defaults(), "configs/sft.yaml");
  }
}
