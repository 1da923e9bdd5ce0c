package ai.thinkact.cli;

import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.base.ConfigException;
import ai.thinkact.data.Sample;
import ai.thinkact.data.SampleJsonl;
import ai.thinkact.grpo.GrpoConfig;
import ai.thinkact.grpo.GrpoTrainer;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.reward.CompositeReward;
import ai.thinkact.training.Checkpoints;
import ai.thinkact.training.TrainerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thinkact train grpo}: stage 3, GRPO from the cold-start adapter (docs/config.md, configs/grpo.yaml). */
@Command(
    name = "grpo",
    modelTransformer = ConfigOptions.Transformer.class,
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "GRPO with the composite reward (paper section 3.1.3), starting from the cold-start adapter.",
      "Writes OUTPUT/adapter (PEFT), metrics.jsonl, completions.jsonl, config.yaml and checkpoints/."
    })
public final class TrainGrpoCommand implements Callable<Integer>, ConfigOptions.Configured {
  private static final Logger LOG = LoggerFactory.getLogger(TrainGrpoCommand.class);

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face Qwen3 directory (config.json, safetensors).")
  Path model;

  @Option(names = "--adapter", required = true, paramLabel = "DIR", description = "The cold-start LoRA adapter to start from (PEFT).")
  Path adapter;

  @Option(names = "--train", required = true, paramLabel = "FILE", description = "Per-turn samples (sample JSONL): the prompts.")
  Path train;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Run directory.")
  Path output;

  @Option(names = "--tokenizer", paramLabel = "DIR", description = "Directory with tokenizer.json (default: --model).")
  Path tokenizer;

  @Option(names = "--resume", paramLabel = "DIR|latest", description = "Continue from a checkpoint directory or the newest under OUTPUT/checkpoints.")
  String resume;

  private final ConfigOptions<GrpoConfig> options = new ConfigOptions<>(GrpoConfig.defaults(), "configs/grpo.yaml");

  @Override
  public Integer call() throws Exception {
    GrpoConfig config = options.resolve();
    Path resumeFrom = resume == null ? null : Checkpoints.resolveResume(resume, output);
    List<Sample> samples = SampleJsonl.read(train);
    Path tokenizerDir = tokenizer != null ? tokenizer : model;
    if (!Files.isRegularFile(tokenizerDir.resolve("tokenizer.json"))) {
      throw new ConfigException("no tokenizer.json in " + tokenizerDir + " (give --tokenizer DIR)");
    }
    try (QwenTokenizer qwen = QwenTokenizer.load(tokenizerDir);
        Qwen3Model policy = Qwen3Model.load(model, config.training().compute());
        LoraAdapter lora = LoraAdapter.load(resumeFrom != null ? resumeFrom.resolve(GrpoTrainer.ADAPTER_DIR) : adapter,
            policy.config(), policy.device());
        Reranker reranker = Reranker.open(config.rerankerPath())) {
      CompositeReward reward = new CompositeReward(config.reward(), reranker.similarity());
      try (GrpoTrainer trainer = new GrpoTrainer(policy, lora, qwen, reward::score, config, output, model.toString())) {
        LOG.info("GRPO on {} prompts from {}: {} steps, G={}, {} prompts per round", samples.size(), train,
            trainer.totalSteps(samples.size()), config.numGenerations(), config.promptsPerGeneration());
        TrainerState end = trainer.train(samples, resumeFrom);
        LOG.info("done: {} steps in {} s; adapter in {}", end.globalStep(), String.format("%.1f", end.elapsedSeconds()),
            output.resolve(GrpoTrainer.ADAPTER_DIR));
      }
    }
    return Main.EXIT_OK;
  }

  @Override
  public ConfigOptions<?> configOptions() {
    return options;
  }
}
