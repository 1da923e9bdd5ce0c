package ai.thinkact.cli;

import ai.thinkact.base.InvalidDataException;
import ai.thinkact.data.Target;
import ai.thinkact.reward.CompositeReward;
import ai.thinkact.reward.RewardBreakdown;
import ai.thinkact.reward.RewardConfig;
import ai.thinkact.eval.Prediction;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code thinkact reward}: the composite reward of existing completions, one JSON line each. */
@Command(
    name = "reward",
    modelTransformer = ConfigOptions.Transformer.class,
    description = {
      "Scores completions with the composite reward (docs/rewards.md).",
      "Each input line {\"target\":{...},\"completion\":\"...\"} gives one output line "
          + "{\"accuracy\":..,\"format\":..,\"length\":..,\"total\":..} on stdout."
    })
public final class RewardCommand implements Callable<Integer>, ConfigOptions.Configured {

  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "FILE.jsonl", description = "Completions with their targets.")
  Path input;

  /** The reward's weights and length bounds, from {@link RewardConfig}: the flags of train grpo. */
  private final ConfigOptions<RewardConfig> rewardOptions = new ConfigOptions<>(RewardConfig.defaults(), null);

  @Mixin RerankerOption reranker;

  @Override
  public Integer call() throws Exception {
    InputPaths.requireFile("--input", input);
    reranker.check();
    RewardConfig config = rewardOptions.resolve();
    List<Prediction> records = Prediction.readJsonl(input);
    if (records.isEmpty()) {
      throw new InvalidDataException(input + ": no completions (empty file?)");
    }
    try (Reranker similarity = reranker.open()) {
      score(new CompositeReward(config, similarity.similarity()), records);
    }
    return Main.EXIT_OK;
  }

  @Override
  public ConfigOptions<?> configOptions() {
    return rewardOptions;
  }

  private void score(CompositeReward reward, List<Prediction> records) throws IOException {

    List<Target> golds = new ArrayList<>();
    List<String> completions = new ArrayList<>();
    for (Prediction record : records) {
      golds.add(record.target());
      completions.add(record.completion());
    }
    ObjectMapper mapper = new ObjectMapper();
    PrintWriter out = spec.commandLine().getOut();
    for (RewardBreakdown r : reward.score(golds, completions)) {
      ObjectNode line = mapper.createObjectNode();
      line.put("accuracy", r.accuracy());
      line.put("format", r.format());
      line.put("length", r.length());
      line.put("total", r.total());
      out.println(mapper.writeValueAsString(line));
    }
    out.flush();
  }
}
