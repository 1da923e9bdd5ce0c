package ai.thinkact.cli;

import ai.thinkact.lora.LoraConfig;
import ai.thinkact.sft.SftConfig;
import ai.thinkact.sft.SftStage;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thinkact train coldstart}: stage 2, the stage-1 adapter continued on reasoning samples. */
@Command(name = "coldstart", modelTransformer = ConfigOptions.Transformer.class,
    description = "Stage 2: continue the stage-1 adapter on samples with reasoning; the target is"
        + " <think>reasoning</think> then <tool_call> or <answer>. Defaults as train sft but a learning rate of"
        + " 1e-4 (configs/coldstart.yaml).")
public final class TrainColdstartCommand extends LmTrainCommand<SftConfig> {

  @Option(names = "--adapter", required = true, paramLabel = "DIR",
      description = "The stage-1 adapter to continue (e.g. runs/sft/adapter); its LoRA settings win over the config's.")
  Path adapter;

  public TrainColdstartCommand() {
    super(SftStage.COLDSTART, SftConfig.coldStartDefaults(), "configs/coldstart.yaml");
  }

  @Override
  Path initialAdapter() {
    return adapter;
  }

  @Override
  public Integer call() throws IOException {
    InputPaths.requireFileIn("--adapter", adapter, LoraConfig.FILE, "give the adapter/ directory of a train sft run");
    return super.call();
  }
}
