package dev.fathom.examples;

import dev.fathom.Device;
import dev.fathom.Fathom;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code fathom} command line: one small program per part of the course. With no arguments it
 * runs {@code train} on the bundled Fashion-MNIST subset.
 *
 * <pre>{@code
 * ./fathom                    # train the course's CNN on the bundled data
 * ./fathom regression --epochs 50
 * ./fathom predict --model runs/20261127-101500/model.safetensors shirt.png
 * }</pre>
 */
@Command(name = "fathom", mixinStandardHelpOptions = true, version = "Fathom 0.1.0",
    description = "Deep learning on the JVM, the PyTorch way. With no command, runs `train` on the bundled Fashion-MNIST subset.",
    subcommands = {TrainCommand.class, RegressionCommand.class, PredictCommand.class, TransferCommand.class, AutoencoderCommand.class, GanCommand.class,
        MultiInputCommand.class, SummaryCommand.class, TuneCommand.class, SparkTrainCommand.class, CommandLine.HelpCommand.class})
public final class FathomCli implements Callable<Integer> {
  @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
  boolean debug;

  @Override
  public Integer call() {
    return new CommandLine(new TrainCommand()).execute();
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (0 success, 1 failure, 2 usage error). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new FathomCli());
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      PrintWriter err = cmd.getErr();
      boolean debug = false;
      for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) debug |= p.hasMatchedOption("--debug");
      err.println("fathom " + cmd.getCommandName() + ": " + message(ex));
      if (debug) ex.printStackTrace(err);
      else err.println("(run with --debug for the stack trace)");
      err.flush();
      return 1;
    });
    return cl.execute(args);
  }

  /** The most specific message of a failure chain. */
  static String message(Throwable ex) {
    Throwable t = ex;
    while (t.getCause() != null && (t.getMessage() == null || t instanceof java.io.UncheckedIOException || t.getMessage().equals(t.getCause().toString()))) t = t.getCause();
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }

  /** One line saying which backend and threads run the work. */
  static String banner() {
    return "Fathom on " + Fathom.backendName(Device.cpu()) + " backend, " + Fathom.getNumThreads() + " thread(s)";
  }
}
