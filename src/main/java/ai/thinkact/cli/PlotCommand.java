package ai.thinkact.cli;

import ai.thinkact.eval.TrainingPlot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code thinkact plot RUN_DIR... --out FILE.png}: training curves from metrics.jsonl. */
@Command(
    name = "plot",
    description = {
      "Draws training curves from metrics.jsonl into a PNG.",
      "SFT: loss (eval loss dashed), token accuracy, learning rate. GRPO: total reward and each reward"
          + " component (mean +/- std band), completion length, zero-std groups. Several runs share the"
          + " panels, one colour each. Keys: docs/metrics-jsonl.md."
    })
public final class PlotCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(PlotCommand.class);

  @Parameters(arity = "1..*", paramLabel = "RUN_DIR", showDefaultValue = Help.Visibility.NEVER,
      description = "Training output directories (or metrics.jsonl files).")
  List<Path> runDirs = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Where to write the PNG.")
  Path out;

  @Option(names = "--width", description = "Image width in pixels.")
  int width = TrainingPlot.Options.defaults().width();

  @Option(names = "--height", description = "Image height in pixels.")
  int height = TrainingPlot.Options.defaults().height();

  @Option(names = "--smooth", paramLabel = "W", description = "EMA smoothing weight in [0, 1); 0 = raw values only.")
  double smoothing = TrainingPlot.Options.defaults().smoothing();

  @Option(names = "--title", description = "Figure title (default: the run names).")
  String title;

  @Override
  public Integer call() throws Exception {
    TrainingPlot.Options options;
    try {
      options = new TrainingPlot.Options(width, height, smoothing, title);
    } catch (IllegalArgumentException e) {
      throw new ai.thinkact.base.ConfigException(e.getMessage());
    }
    List<TrainingPlot.Run> runs = new ArrayList<>();
    for (Path dir : runDirs) {
      runs.add(TrainingPlot.Run.read(dir));
    }
    TrainingPlot.write(runs, out, options);
    log.info("wrote {} ({}x{}, {} run(s))", out, width, height, runs.size());
    System.out.println(out);
    return Main.EXIT_OK;
  }
}
