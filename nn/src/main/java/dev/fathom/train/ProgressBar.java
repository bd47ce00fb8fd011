package dev.fathom.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress: a bar redrawn in place on an interactive terminal, and one plain line per
 * epoch otherwise (logs, CI, pipes).
 *
 * <pre>{@code
 * ProgressBar bar = new ProgressBar(System.out, ProgressBar.isInteractive());
 * bar.update("epoch 1/5", 10, 100, "loss 0.4312");
 * }</pre>
 */
public final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final boolean interactive;
  private long lastDraw;

  public ProgressBar(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  /** True when standard output is a terminal a bar can be redrawn on. */
  public static boolean isInteractive() {
    var console = System.console();
    return console != null && console.isTerminal();
  }

  /** Redraws the bar (at most every 100 ms) on a terminal; prints nothing otherwise. */
  public void update(String label, long done, long total, String status) {
    if (!interactive) return;
    long now = System.nanoTime();
    if (done < total && now - lastDraw < 100_000_000L) return;
    lastDraw = now;
    int filled = total <= 0 ? WIDTH : (int) (WIDTH * Math.min(done, total) / total);
    String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
    out.print(String.format(Locale.ROOT, "\r%s [%s] %d/%d %s", label, bar, done, total, status));
    out.flush();
  }

  /** Ends the current bar with a summary line. */
  public void finish(String line) {
    if (interactive) out.print("\r\033[K");
    out.println(line);
    out.flush();
  }
}
