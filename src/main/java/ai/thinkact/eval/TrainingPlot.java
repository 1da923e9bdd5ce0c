package ai.thinkact.eval;

import static ai.thinkact.training.MetricKeys.STEP;

import ai.thinkact.base.InvalidDataException;
import ai.thinkact.io.AtomicFiles;
import ai.thinkact.training.MetricsLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Draws training curves from runs' {@code metrics.jsonl} into one PNG: a grid of small panels,
 * one per metric that any run logged, runs told apart by colour (legend at the top). GRPO runs
 * show the total reward and each component as mean with a +/- std band, like the paper's
 * Figure 1; SFT runs show loss (eval loss dashed), token accuracy, learning rate, gradient norm.
 * With smoothing, the exponential moving average is drawn over the faint raw curve.
 */
public final class TrainingPlot {

  /**
   * @param width image width in pixels
   * @param height image height in pixels
   * @param smoothing EMA weight in [0, 1): 0 draws the raw values only (TensorBoard's slider)
   * @param title figure title; null for one made from the run names
   */
  public record Options(int width, int height, double smoothing, String title) {
    public Options {
      if (width < 300 || height < 200) {
        throw new IllegalArgumentException("image must be at least 300x200, got " + width + "x" + height);
      }
      if (!(smoothing >= 0 && smoothing < 1)) {
        throw new IllegalArgumentException("smoothing must be in [0, 1), got " + smoothing);
      }
    }

    public static Options defaults() {
      return new Options(1400, 900, 0.6, null);
    }
  }

  /** One run: a display name and its metrics lines. */
  public record Run(String name, List<ObjectNode> rows) {
    /** Reads {@code runDir/metrics.jsonl}; the name is the directory's name. */
    public static Run read(Path runDir) throws IOException {
      if (!Files.exists(runDir)) {
        throw new InvalidDataException(runDir + ": no such run directory");
      }
      Path file = Files.isDirectory(runDir) ? runDir.resolve(MetricsLog.FILE) : runDir;
      try {
        List<ObjectNode> rows = MetricsLog.read(file);
        Path named = Files.isDirectory(runDir) ? runDir : runDir.toAbsolutePath().getParent();
        return new Run(named.toAbsolutePath().normalize().getFileName().toString(), rows);
      } catch (NoSuchFileException e) {
        throw new InvalidDataException(file + ": no metrics file (is " + runDir + " a training output directory?)");
      }
    }
  }

  /** A qualitative palette (Tableau 10) that stays distinct for colour-blind readers. */
  private static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
      new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
  private static final Font TITLE_FONT = new Font("SansSerif", Font.BOLD, 20);
  private static final Font PANEL_TITLE_FONT = new Font("SansSerif", Font.BOLD, 14);
  private static final Font LABEL_FONT = new Font("SansSerif", Font.PLAIN, 12);
  private static final Font TICK_FONT = new Font("SansSerif", Font.PLAIN, 11);

  private TrainingPlot() {}

  /** Renders {@code runs} and writes the PNG atomically. */
  public static void write(List<Run> runs, Path png, Options options) throws IOException {
    BufferedImage image = render(runs, options);
    AtomicFiles.write(png, out -> {
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("no PNG writer in this JVM");
      }
    });
  }

  /** The figure as an image. */
  public static BufferedImage render(List<Run> runs, Options options) {
    List<PlotPanels.Panel> panels = PlotPanels.panelsFor(runs);
    if (panels.isEmpty()) {
      throw new InvalidDataException("nothing to plot: no run has any of the keys of docs/metrics-jsonl.md"
          + " (loss, reward, ...)");
    }
    BufferedImage image = new BufferedImage(options.width(), options.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, options.width(), options.height());

      boolean bands = panels.stream().flatMap(p -> p.curves().stream())
          .anyMatch(c -> c.band() != PlotPanels.Band.NONE && runs.stream().anyMatch(r -> has(r, c.key())));
      int top = drawHeader(g, runs, options, bands);
      int columns = panels.size() <= 2 ? panels.size() : panels.size() <= 4 ? 2 : 3;
      int rows = (panels.size() + columns - 1) / columns;
      double cellWidth = (options.width() - 16.0) / columns;
      double cellHeight = (options.height() - top - 8.0) / rows;
      for (int i = 0; i < panels.size(); i++) {
        JFreeChart chart = chart(panels.get(i), runs, options.smoothing());
        Rectangle2D area = new Rectangle2D.Double(8 + (i % columns) * cellWidth, top + (i / columns) * cellHeight,
            cellWidth, cellHeight);
        chart.draw(g, area);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Title line and, for several runs, a legend of run colours; returns the y where panels start. */
  private static int drawHeader(Graphics2D g, List<Run> runs, Options options, boolean bands) {
    String title = options.title() != null ? options.title()
        : "Training curves: " + String.join(", ", runs.stream().map(Run::name).toList());
    g.setFont(TITLE_FONT);
    g.setColor(Color.DARK_GRAY);
    FontMetrics fm = g.getFontMetrics();
    g.drawString(title, (options.width() - fm.stringWidth(title)) / 2, 32);
    int y = 44;
    String note = "x: optimizer step"
        + (options.smoothing() > 0 ? String.format(Locale.ROOT, "; bold: EMA-smoothed (%.2f), faint: raw", options.smoothing()) : "")
        + (bands ? "; shaded: mean +/- 1 std over the step's completions" : "");
    g.setFont(LABEL_FONT);
    fm = g.getFontMetrics();
    g.setColor(Color.GRAY);
    g.drawString(note, (options.width() - fm.stringWidth(note)) / 2, y + 12);
    y += 20;
    if (runs.size() > 1) {
      int x = 0;
      List<Integer> widths = new ArrayList<>();
      for (Run run : runs) {
        widths.add(28 + fm.stringWidth(run.name()) + 24);
      }
      int total = widths.stream().mapToInt(Integer::intValue).sum();
      x = Math.max(8, (options.width() - total) / 2);
      for (int i = 0; i < runs.size(); i++) {
        g.setColor(color(i));
        g.setStroke(new BasicStroke(3f));
        g.drawLine(x, y + 8, x + 22, y + 8);
        g.setColor(Color.DARK_GRAY);
        g.drawString(runs.get(i).name(), x + 28, y + 13);
        x += widths.get(i);
      }
      y += 22;
    }
    return y + 4;
  }

  private static JFreeChart chart(PlotPanels.Panel panel, List<Run> runs, double smoothing) {
    YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
    XYSeriesCollection raw = new XYSeriesCollection();
    List<Color> bandColors = new ArrayList<>();
    List<Color> rawColors = new ArrayList<>();
    List<Boolean> dashed = new ArrayList<>();
    for (int r = 0; r < runs.size(); r++) {
      for (PlotPanels.Curve curve : panel.curves()) {
        if (!has(runs.get(r), curve.key())) {
          continue;
        }
        String label = runs.size() > 1 ? runs.get(r).name() + " " + curve.label() : curve.label();
        Series s = Series.of(runs.get(r), curve);
        boolean smooth = smoothing > 0 && curve.smooth();
        bands.addSeries(s.smoothed(label, smooth ? smoothing : 0));
        bandColors.add(color(r));
        dashed.add(curve.dashed());
        if (smooth) {
          raw.addSeries(s.raw(label + " (raw)"));
          rawColors.add(color(r));
        }
      }
    }

    NumberAxis x = new NumberAxis("step");
    x.setAutoRangeIncludesZero(false);
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    NumberAxis y = new NumberAxis(panel.yLabel());
    y.setAutoRangeIncludesZero(false);
    for (NumberAxis axis : new NumberAxis[] {x, y}) {
      axis.setLabelFont(LABEL_FONT);
      axis.setTickLabelFont(TICK_FONT);
      axis.setLabelPaint(Color.DARK_GRAY);
      axis.setTickLabelPaint(Color.DARK_GRAY);
    }

    DeviationRenderer lines = new DeviationRenderer(true, false);
    lines.setAlpha(0.18f);
    for (int i = 0; i < bandColors.size(); i++) {
      // Markers where a line alone would hide points: a single point, or sparse eval values.
      if (bands.getItemCount(i) < 25) {
        lines.setSeriesShapesVisible(i, true);
        lines.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
      }
      lines.setSeriesPaint(i, bandColors.get(i));
      lines.setSeriesFillPaint(i, bandColors.get(i));
      lines.setSeriesStroke(i, dashed.get(i)
          ? new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 5f}, 0f)
          : new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    }
    XYPlot plot = new XYPlot(bands, x, y, lines);
    if (!rawColors.isEmpty()) {
      XYLineAndShapeRenderer faint = new XYLineAndShapeRenderer(true, false);
      for (int i = 0; i < rawColors.size(); i++) {
        Color c = rawColors.get(i);
        faint.setSeriesPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), 70));
        faint.setSeriesStroke(i, new BasicStroke(1f));
        faint.setSeriesVisibleInLegend(i, false);
      }
      plot.setDataset(1, raw);
      plot.setRenderer(1, faint); // dataset 1 is drawn under dataset 0 (reverse order)
    }
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.setDomainGridlineStroke(new BasicStroke(1f));
    plot.setRangeGridlineStroke(new BasicStroke(1f));
    plot.setOutlinePaint(new Color(0xbbbbbb));
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

    double largest = 0;
    for (int i = 0; i < bands.getSeriesCount(); i++) {
      for (int j = 0; j < bands.getItemCount(i); j++) {
        largest = Math.max(largest, Math.abs(bands.getYValue(i, j)));
      }
    }
    // A flat or one-point curve would get a zero-height range and ten identical tick labels.
    y.setAutoRangeMinimumSize(largest > 0 ? largest * 0.1 : 1.0);
    if (largest > 0 && (largest < 1e-3 || largest >= 1e6)) {
      y.setNumberFormatOverride(new CompactNumberFormat()); // 2.00e-04, not JFreeChart's 2E-4 and 0E0
    }

    // Several runs are told apart by the figure's legend; a panel needs its own only to tell
    // curves of one run apart (train vs eval), and it goes inside the plot so that every
    // panel's axes line up. It sits in the corner the curve leaves free.
    JFreeChart chart = new JFreeChart(panel.title(), PANEL_TITLE_FONT, plot, false);
    long kinds = panel.curves().stream().filter(c -> runs.stream().anyMatch(r -> has(r, c.key()))).count();
    if (kinds > 1) {
      LegendTitle legend = new LegendTitle(plot);
      legend.setItemFont(TICK_FONT);
      legend.setBackgroundPaint(new Color(255, 255, 255, 220));
      legend.setFrame(new BlockBorder(new Color(0xcccccc)));
      legend.setPadding(new RectangleInsets(2, 4, 2, 4));
      YIntervalSeries first = bands.getSeries(0);
      boolean falling = first.getItemCount() > 1 && first.getYValue(first.getItemCount() - 1) < first.getYValue(0);
      double yAnchor = falling ? 0.97 : 0.03;
      plot.addAnnotation(new XYTitleAnnotation(0.98, yAnchor, legend,
          falling ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.BOTTOM_RIGHT));
    }
    chart.setBackgroundPaint(Color.WHITE);
    chart.setPadding(new RectangleInsets(6, 6, 6, 10));
    ((TextTitle) chart.getTitle()).setPaint(Color.DARK_GRAY);
    return chart;
  }

  /** The (step, value, low, high) points of one curve of one run, raw. */
  private record Series(double[] steps, double[] values, double[] lows, double[] highs) {

    static Series of(Run run, PlotPanels.Curve curve) {
      List<double[]> points = new ArrayList<>();
      for (ObjectNode row : run.rows()) {
        JsonNode v = row.get(curve.key());
        if (v == null || !v.isNumber()) {
          continue; // absent on this line (e.g. eval_loss) or null (non-finite)
        }
        double value = v.asDouble();
        double low = value;
        double high = value;
        if (curve.band() == PlotPanels.Band.STD && row.path(curve.lowKey()).isNumber()) {
          double std = row.get(curve.lowKey()).asDouble();
          low = value - std;
          high = value + std;
        } else if (curve.band() == PlotPanels.Band.MIN_MAX && row.path(curve.lowKey()).isNumber()
            && row.path(curve.highKey()).isNumber()) {
          low = row.get(curve.lowKey()).asDouble();
          high = row.get(curve.highKey()).asDouble();
        }
        points.add(new double[] {row.get(STEP).asDouble(), value, low, high});
      }
      int n = points.size();
      double[][] cols = new double[4][n];
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < 4; c++) {
          cols[c][i] = points.get(i)[c];
        }
      }
      return new Series(cols[0], cols[1], cols[2], cols[3]);
    }

    /** Line and band, EMA-smoothed with TensorBoard's debiasing (the first points are not pulled to 0). */
    YIntervalSeries smoothed(String label, double weight) {
      YIntervalSeries out = new YIntervalSeries(label, false, true);
      double v = 0;
      double lo = 0;
      double hi = 0;
      double norm = 0;
      for (int i = 0; i < steps.length; i++) {
        v = weight * v + (1 - weight) * values[i];
        lo = weight * lo + (1 - weight) * lows[i];
        hi = weight * hi + (1 - weight) * highs[i];
        norm = weight * norm + (1 - weight);
        out.add(steps[i], v / norm, lo / norm, hi / norm);
      }
      return out;
    }

    XYSeries raw(String label) {
      XYSeries out = new XYSeries(label, false, true);
      for (int i = 0; i < steps.length; i++) {
        out.add(steps[i], values[i]);
      }
      return out;
    }
  }

  /**
   * Tick labels: plain decimals, or 3.00e-04 style for tiny and huge values, and "0" for zero.
   * Three significant digits: the range is at least a tenth of the largest value, so ticks are at
   * least 1% of it apart (with two, a constant learning rate of 3e-4 read 3.1e-04, 3.1e-04, 3.0e-04).
   */
  static final class CompactNumberFormat extends NumberFormat {
    private static final long serialVersionUID = 1L;

    @Override
    public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
      double a = Math.abs(v);
      if (a < 1e-12) {
        return to.append('0');
      }
      if (a < 1e-3 || a >= 1e6) {
        return to.append(String.format(Locale.ROOT, "%.2e", v));
      }
      return to.append(new DecimalFormat("0.######", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v));
    }

    @Override
    public StringBuffer format(long v, StringBuffer to, FieldPosition pos) {
      return format((double) v, to, pos);
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
      throw new UnsupportedOperationException("format only");
    }
  }

  static boolean has(Run run, String key) {
    return run.rows().stream().anyMatch(row -> row.path(key).isNumber());
  }

  private static Color color(int run) {
    return PALETTE[run % PALETTE.length];
  }
}
