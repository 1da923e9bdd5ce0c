package ai.thinkact.cli;

import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.data.Sample;
import ai.thinkact.data.SampleJsonl;
import ai.thinkact.grpo.GrpoConfig;
import ai.thinkact.grpo.GrpoTrainer;
import ai.thinkact.grpo.RolloutEndpoints;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.lora.LoraConfig;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.reward.CompositeReward;
import ai.thinkact.training.AdapterWeights;
import ai.thinkact.training.RunDirectory;
import ai.thinkact.training.TrainerState;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thinkact train grpo}: stage 3, GRPO from the cold-start adapter (docs/config.md, configs/grpo.yaml). */
@Command(
    name = "grpo",
    modelTransformer = ConfigOptions.Transformer.class,
    description = {
      "GRPO with the composite reward (paper section 3.1.3), starting from the cold-start adapter.",
      "Writes OUTPUT/adapter (PEFT), metrics.jsonl, completions.jsonl, config.yaml, run_info.json and checkpoints/."
    })
public final class TrainGrpoCommand implements Callable<Integer>, ConfigOptions.Configured {
  private static final Logger LOG = LoggerFactory.getLogger(TrainGrpoCommand.class);

  private final ConfigOptions<GrpoConfig> options = new ConfigOptions<>(GrpoConfig.defaults(), "configs/grpo.yaml");

  @Mixin TrainRunOptions run;

  @Mixin RolloutOptions rollout;

  @Option(names = "--adapter", required = true, paramLabel = "DIR", description = "The cold-start LoRA adapter to start from (PEFT).")
  Path adapter;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    run.checkInputs();
    InputPaths.requireFileIn("--adapter", adapter, LoraConfig.FILE, "give the adapter/ directory of a train coldstart run");
    GrpoConfig config = options.resolve();
    InputPaths.requireDirectory("--reranker-path", config.rerankerPath());
    RolloutEndpoints endpoints = rollout.endpoints();
    RunDirectory runDir = run.runDirectory(spec);
    List<Sample> samples = SampleJsonl.read(run.train);
    Path resumeFrom = runDir.resumeFrom();
    if (endpoints != null) {
      endpoints.checkReachable(); // a wrong URL fails now, not after loading the model
    }
    try (QwenTokenizer tokenizer = QwenTokenizer.load(run.tokenizerDir());
        Qwen3Model policy = Qwen3Model.load(run.model, config.training().compute());
        LoraAdapter lora = LoraAdapter.load(resumeFrom != null ? AdapterWeights.adapterOf(resumeFrom) : adapter,
            policy.config(), policy.device());
        Reranker reranker = Reranker.open(config.rerankerPath())) {
      CompositeReward reward = new CompositeReward(config.reward(), reranker.similarity());
      AdapterWeights weights = new AdapterWeights(lora, run.baseModelNameOrPath());
      try (GrpoTrainer trainer = new GrpoTrainer(config, policy, weights, tokenizer, reward::score, endpoints)) {
        LOG.info("GRPO on {} prompts from {}: {} steps, G={}, {} prompts per round, rollouts {}", samples.size(),
            run.train, trainer.totalSteps(samples.size()), config.numGenerations(), config.promptsPerGeneration(),
            endpoints == null ? "on this model" : "on " + endpoints.baseUrls());
        TrainerState end = trainer.train(samples, runDir);
        LOG.info("done: {} steps in {} s; adapter in {}", end.globalStep(), String.format("%.1f", end.elapsedSeconds()),
            run.output.resolve(AdapterWeights.DIR));
      }
    }
    return Main.EXIT_OK;
  }

  @Override
  public ConfigOptions<?> configOptions() {
    return options;
  }
}
