package ai.thinkact.cli;

import ai.thinkact.base.ConfigException;
import ai.thinkact.chat.ChatFormat;
import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.sft.SftConfig;
import ai.thinkact.sft.SftData;
import ai.thinkact.sft.SftStage;
import ai.thinkact.sft.SftTrainer;
import ai.thinkact.training.AdapterWeights;
import ai.thinkact.training.LmConfig;
import ai.thinkact.training.ModelWeights;
import ai.thinkact.training.RunDirectory;
import ai.thinkact.training.TrainableWeights;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * What {@code train sft}, {@code coldstart} and {@code pretrain} share besides their config
 * ({@link ConfigOptions}): the inputs, the run directory, and putting the trainer together.
 */
public final class SftRunOptions {

  @Mixin TrainRunOptions run;

  @Option(names = "--eval", paramLabel = "FILE.jsonl", description = "Held-out samples: eval loss every --eval-steps and at the end.")
  Path eval;

  /**
   * Checks every input, renders the data, loads the model and what is trained, trains, and prints
   * where the result went. Nothing is written before the checks and the data have passed.
   */
  int run(SftStage stage, Path initialAdapter, LmConfig config, CommandSpec command) throws IOException {
    PrintWriter out = command.commandLine().getOut();
    run.checkInputs();
    InputPaths.requireFile("--eval", eval);
    RunDirectory runDir = run.runDirectory(command);
    int maxLength = config.lm().maxLength();
    SftTrainer.Data data;
    try (QwenTokenizer tokenizer = QwenTokenizer.load(run.tokenizerDir())) {
      ChatFormat format = new ChatFormat(tokenizer);
      SftData train = SftTrainer.load(run.train, format, stage, maxLength);
      if (train.examples().isEmpty()) {
        throw new ConfigException("--train " + run.train + ": no sample fits max_length " + maxLength);
      }
      data = new SftTrainer.Data(train, eval == null ? null : SftTrainer.load(eval, format, stage, maxLength));
    }
    Path resumeFrom = runDir.resumeFrom();
    boolean pretrain = stage == SftStage.PRETRAIN;
    // Pretraining resumes from the checkpoint's model; LoRA stages from the base model plus the checkpoint's adapter.
    Path modelDir = pretrain && resumeFrom != null ? resumeFrom.resolve(ModelWeights.DIR) : run.model;
    SftTrainer.Outcome outcome;
    try (Qwen3Model model = Qwen3Model.load(modelDir, config.training().compute());
        LoraAdapter adapter = pretrain ? null
            : SftTrainer.openAdapter((SftConfig) config, model, initialAdapter, resumeFrom)) {
      TrainableWeights weights = pretrain
          ? new ModelWeights(model, run.model)
          : new AdapterWeights(adapter, run.baseModelNameOrPath());
      outcome = new SftTrainer(config, stage, model, weights).train(data, runDir);
    }
    out.println(String.format(Locale.ROOT, "%s: %d steps, last loss %.4f%s; output: %s", stage.label(),
        outcome.steps(), outcome.lastLoss(),
        Double.isNaN(outcome.evalLoss()) ? "" : String.format(Locale.ROOT, ", eval loss %.4f", outcome.evalLoss()),
        outcome.resultDir()));
    out.flush();
    return Main.EXIT_OK;
  }
}
