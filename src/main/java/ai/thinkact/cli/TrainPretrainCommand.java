package ai.thinkact.cli;

import ai.thinkact.pretrain.PretrainConfig;
import ai.thinkact.sft.SftStage;
import picocli.CommandLine.Command;

/** {@code thinkact train pretrain}: full-parameter causal-LM training of a (small) model on plain text. */
@Command(modelTransformer = ConfigOptions.Transformer.class,
    name = "pretrain",
    description = "Causal-LM training of every weight of the model (the embedding and its tied LM head included) on"
        + " plain-text documents, JSONL lines {\"text\": ...}; every token is a target and documents are cut"
        + " into windows of max_length. For a random model that needs a language before the paper's stages"
        + " (the quick start). Writes OUTPUT/model (a Hugging Face directory),"
        + " OUTPUT/checkpoints, OUTPUT/metrics.jsonl, OUTPUT/config.yaml.")
public final class TrainPretrainCommand extends LmTrainCommand<PretrainConfig> {

  public TrainPretrainCommand() {
    super(SftStage.PRETRAIN, PretrainConfig.defaults(), "configs/quickstart/pretrain.yaml");
  }
}
