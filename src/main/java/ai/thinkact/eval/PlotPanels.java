package ai.thinkact.eval;

import static ai.thinkact.training.MetricKeys.*;

import java.util.ArrayList;
import java.util.List;

/**
 * Which panels {@link TrainingPlot} draws from which {@code metrics.jsonl} keys
 * (docs/metrics-jsonl.md), in display order: the GRPO reward panels first, like the paper's
 * Figure 1, then the SFT and optimizer panels.
 */
final class PlotPanels {

  private static final int MAX_PANELS = 9;

  private PlotPanels() {}

  /** What a panel's band shows around its line. */
  enum Band { NONE, STD, MIN_MAX }

  /**
   * One line in a panel: {@code key}, with a band from {@code lowKey}/{@code highKey}; dashed
   * for eval curves; {@code smooth} false for curves that are exact (learning rate) or sparse (eval).
   */
  record Curve(String label, String key, Band band, String lowKey, String highKey, boolean dashed, boolean smooth) {
    static Curve line(String label, String key) {
      return new Curve(label, key, Band.NONE, null, null, false, true);
    }

    static Curve exact(String label, String key) {
      return new Curve(label, key, Band.NONE, null, null, false, false);
    }

    static Curve eval(String label, String key) {
      return new Curve(label, key, Band.NONE, null, null, true, false);
    }

    static Curve withStd(String label, String key, String stdKey) {
      return new Curve(label, key, Band.STD, stdKey, stdKey, false, true);
    }
  }

  record Panel(String title, String yLabel, List<Curve> curves) {}

  /** Panels in display order; those no run logged are dropped. The reward panels come first. */
  static final List<Panel> CATALOG = List.of(
      new Panel("Total reward", "reward", List.of(Curve.withStd("total", REWARD, REWARD_STD))),
      new Panel("Accuracy reward", "reward", List.of(Curve.withStd("accuracy", rewardMean(ACCURACY), rewardStd(ACCURACY)))),
      new Panel("Format reward", "reward", List.of(Curve.withStd("format", rewardMean(FORMAT), rewardStd(FORMAT)))),
      new Panel("Thinking-length reward", "reward", List.of(Curve.withStd("length", rewardMean(LENGTH), rewardStd(LENGTH)))),
      new Panel("Completion length (min-max band)", "tokens", List.of(new Curve("length", COMPLETIONS_MEAN_LENGTH,
          Band.MIN_MAX, COMPLETIONS_MIN_LENGTH, COMPLETIONS_MAX_LENGTH, false, true))),
      new Panel("Groups with zero reward std", "fraction", List.of(Curve.line("zero std", FRAC_REWARD_ZERO_STD))),
      new Panel("KL to reference", "kl", List.of(Curve.line("kl", KL))),
      new Panel("Clipped ratio", "fraction", List.of(Curve.line("clipped", CLIP_RATIO_REGION_MEAN))),
      new Panel("Loss", "loss", List.of(Curve.line("train", LOSS), Curve.eval("eval", EVAL_LOSS))),
      new Panel("Mean token accuracy", "accuracy", List.of(Curve.line("train", MEAN_TOKEN_ACCURACY),
          Curve.eval("eval", EVAL_MEAN_TOKEN_ACCURACY))),
      new Panel("Learning rate", "learning rate", List.of(Curve.exact("lr", LEARNING_RATE))),
      new Panel("Gradient norm (before clipping)", "L2 norm", List.of(Curve.line("grad norm", GRAD_NORM))),
      new Panel("Throughput", "tokens/s", List.of(Curve.line("tokens/s", TOKENS_PER_SECOND))));

  /**
   * The catalog panels that at least one run has a non-zero value for (KL with beta 0 and the
   * clip ratio with one iteration are logged as 0 and say nothing), at most {@value #MAX_PANELS}.
   */
  static List<Panel> panelsFor(List<TrainingPlot.Run> runs) {
    List<Panel> present = new ArrayList<>();
    for (Panel panel : CATALOG) {
      boolean any = panel.curves().stream().anyMatch(c -> runs.stream().anyMatch(r -> hasNonZero(r, c.key())));
      if (any && present.size() < MAX_PANELS) {
        present.add(panel);
      }
    }
    return present;
  }

  private static boolean hasNonZero(TrainingPlot.Run run, String key) {
    return run.rows().stream().anyMatch(row -> row.path(key).isNumber() && row.get(key).asDouble() != 0);
  }

}
