package ai.thinkact.cli;

import ai.thinkact.pretrain.PretrainConfig;
import ai.thinkact.sft.SftStage;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code thinkact train pretrain}: full-parameter causal-LM training of a (small) model on plain text. */
@Command(modelTransformer = ConfigOptions.Transformer.class,
    name = "pretrain", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Causal-LM training of the model's own decoder weights (the embedding stays frozen) on"
        + " plain-text documents, JSONL lines {\"text\": ...}; every token is a target and documents are cut"
        + " into windows of max_length. For a random model that needs a language before the paper's stages"
        + " (the quick start). Writes OUTPUT/model (a Hugging Face directory),"
        + " OUTPUT/checkpoints, OUTPUT/metrics.jsonl, OUTPUT/config.yaml.")
public final class TrainPretrainCommand implements Callable<Integer>, ConfigOptions.Configured {

  private final ConfigOptions<PretrainConfig> options = new ConfigOptions<>(PretrainConfig.defaults(), "configs/quickstart/pretrain.yaml");

  @Mixin SftRunOptions run;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    return run.run(SftStage.PRETRAIN, null, options.resolve(), spec);
  }

  @Override
  public ConfigOptions<?> configOptions() {
    return options;
  }
}
