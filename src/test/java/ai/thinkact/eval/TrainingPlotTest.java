package ai.thinkact.eval;

import ai.thinkact.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.cli.Main;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPlotTest {

  @TempDir Path dir;

  @Test
  void tinyTickLabelsOfAConstantLearningRateDiffer() {
    // A flat 3e-4 curve spans 10% of its value: ticks 5e-6 apart must not print alike.
    TrainingPlot.CompactNumberFormat format = new TrainingPlot.CompactNumberFormat();
    Set<String> labels = new HashSet<>();
    for (int i = 0; i <= 6; i++) {
      labels.add(format.format(2.85e-4 + i * 5e-6));
    }
    assertEquals(7, labels.size(), labels.toString());
    assertEquals("3.00e-04", format.format(3e-4));
    assertEquals("0", format.format(0.0));
  }

  @Test
  void sftRunGetsLossAccuracyLrPanels() throws IOException {
    Path run = MetricsFixtures.sft(dir.resolve("sft"), 120, 1);
    List<String> titles = titles(List.of(TrainingPlot.Run.read(run)));
    assertEquals(List.of("Loss", "Mean token accuracy", "Learning rate", "Gradient norm (before clipping)", "Throughput"),
        titles);
  }

  @Test
  void grpoRunGetsRewardPanelsFirstAndDropsAllZeroMetrics() throws IOException {
    Path run = MetricsFixtures.grpo(dir.resolve("grpo"), 100, 2);
    List<String> titles = titles(List.of(TrainingPlot.Run.read(run)));
    assertEquals(List.of("Total reward", "Accuracy reward", "Format reward", "Thinking-length reward"),
        titles.subList(0, 4));
    assertTrue(!titles.contains("KL to reference") && !titles.contains("Clipped ratio"), titles.toString());
  }

  @Test
  void commandWritesAReadablePngOfTheRequestedSize() throws IOException {
    Path sft = MetricsFixtures.sft(dir.resolve("sft"), 120, 1);
    Path png = dir.resolve("plots/sft.png");
    assertEquals(Main.EXIT_OK, CliRun.run("plot", sft.toString(), "--out", png.toString()).code());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1400, image.getWidth());
    assertEquals(900, image.getHeight());
    assertTrue(distinctColours(image) > 50, "anti-aliased curves and text, not a blank image");
    assertTrue(countColour(image, 0x1f77b4) > 500, "the run's curves are drawn in its colour");
  }

  @Test
  void severalRunsShareTheFigure() throws IOException {
    Path a = MetricsFixtures.grpo(dir.resolve("grpo-a"), 80, 3);
    Path b = MetricsFixtures.grpo(dir.resolve("grpo-b"), 60, 4);
    Path png = dir.resolve("two.png");
    assertEquals(Main.EXIT_OK, CliRun.run("plot", a.toString(), b.toString(), "--out", png.toString(),
        "--width", "1000", "--height", "700", "--smooth", "0").code());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1000, image.getWidth());
    assertTrue(countColour(image, 0xff7f0e) > 300, "second run in the second colour");
  }

  @Test
  void missingMetricsIsInvalidData() {
    assertEquals(Main.EXIT_INVALID_DATA, CliRun.run("plot", dir.toString(), "--out", dir.resolve("x.png").toString()).code());
    assertTrue(!Files.exists(dir.resolve("x.png")));
  }

  @Test
  void badSmoothingIsAUsageError() throws IOException {
    Path run = MetricsFixtures.sft(dir.resolve("sft"), 10, 1);
    assertEquals(Main.EXIT_USAGE, CliRun.run("plot", run.toString(), "--out", dir.resolve("x.png").toString(), "--smooth", "1").code());
  }

  private static List<String> titles(List<TrainingPlot.Run> runs) {
    return PlotPanels.panelsFor(runs).stream().map(PlotPanels.Panel::title).toList();
  }

  private static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        colours.add(image.getRGB(x, y) & 0xffffff);
      }
    }
    return colours.size();
  }

  private static int countColour(BufferedImage image, int rgb) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }
}
