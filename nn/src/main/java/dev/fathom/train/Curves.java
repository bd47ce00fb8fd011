package dev.fathom.train;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Loss and metric curves of a {@link History} as one PNG: the losses on top, each metric below.
 *
 * <pre>{@code
 * Curves.save(history, Path.of("runs/curves.png"));
 * }</pre>
 */
public final class Curves {
  private static final int W = 800, H = 400;

  private Curves() {}

  public static void save(History h, Path png) throws IOException {
    List<XYChart> charts = new ArrayList<>();
    XYChart loss = chart("Loss", "loss");
    series(loss, "train", h.trainLoss());
    if (!h.validLoss().isEmpty()) series(loss, "validation", h.validLoss());
    charts.add(loss);
    for (Map.Entry<String, List<Double>> e : h.trainMetrics().entrySet()) {
      XYChart c = chart(e.getKey(), e.getKey());
      series(c, "train", e.getValue());
      List<Double> valid = h.validMetrics().get(e.getKey());
      if (valid != null) series(c, "validation", valid);
      charts.add(c);
    }
    BufferedImage all = new BufferedImage(W, H * charts.size(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = all.createGraphics();
    for (int i = 0; i < charts.size(); i++) g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), 0, i * H, null);
    g.dispose();
    if (png.getParent() != null) Files.createDirectories(png.getParent());
    ImageIO.write(all, "png", png.toFile());
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart c = new XYChartBuilder().width(W).height(H).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
    c.getStyler().setMarkerSize(5);
    return c;
  }

  private static void series(XYChart c, String name, List<Double> ys) {
    if (ys.isEmpty()) return;
    double[] x = new double[ys.size()], y = new double[ys.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
      y[i] = ys.get(i);
    }
    c.addSeries(name, x, y);
  }
}
