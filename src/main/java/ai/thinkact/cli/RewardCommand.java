package ai.thinkact.cli;

import ai.thinkact.base.ConfigException;
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
    description = {
      "Scores completions with the composite reward (docs/rewards.md).",
      "Each input line {\"target\":{...},\"completion\":\"...\"} gives one output line "
          + "{\"accuracy\":..,\"format\":..,\"length\":..,\"total\":..} on stdout."
    })
public final class RewardCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "FILE.jsonl", description = "Completions with their targets.")
  Path input;

  @Option(
      names = "--weights",
      paramLabel = "ACC,FMT,LEN",
      defaultValue = "1,1,1",
      description = "Weights of accuracy, format and thinking length in the total.")
  String weights;

  @Option(names = "--think-min-words", description = "Length reward lower bound lo (default: as train grpo, 14).")
  Integer thinkMinWords;

  @Option(names = "--think-max-words", description = "Length reward upper bound hi (default: as train grpo, 100).")
  Integer thinkMaxWords;

  @Mixin RerankerOption reranker;

  @Override
  public Integer call() throws Exception {
    InputPaths.requireFile("--input", input);
    reranker.check();
    double[] w = parseWeights(weights);
    RewardConfig defaults = RewardConfig.defaults();
    RewardConfig config = new RewardConfig(w[0], w[1], w[2],
        thinkMinWords != null ? thinkMinWords : defaults.thinkMinWords(),
        thinkMaxWords != null ? thinkMaxWords : defaults.thinkMaxWords());
    List<Prediction> records = Prediction.readJsonl(input);
    if (records.isEmpty()) {
      throw new InvalidDataException(input + ": no completions (empty file?)");
    }
    try (Reranker similarity = reranker.open()) {
      score(new CompositeReward(config, similarity.similarity()), records);
    }
    return Main.EXIT_OK;
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

  /** {@code "ACC,FMT,LEN"} -> three numbers. */
  static double[] parseWeights(String text) {
    String[] parts = text.split(",");
    if (parts.length != 3) {
      throw new ConfigException("--weights needs three numbers ACC,FMT,LEN, got '" + text + "'");
    }
    double[] w = new double[3];
    for (int i = 0; i < 3; i++) {
      try {
        w[i] = Double.parseDouble(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new ConfigException("--weights: '" + parts[i].strip() + "' is not a number");
      }
      if (!Double.isFinite(w[i])) {
        throw new ConfigException("--weights: '" + parts[i].strip() + "' is not a finite number");
      }
    }
    return w;
  }
}
