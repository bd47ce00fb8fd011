package dev.fathom.nn;

import dev.fathom.Device;
import dev.fathom.Fathom;
import dev.fathom.Generator;
import dev.fathom.Tensor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model's layer table as torchsummary 1.5.1 prints it ({@code summary(model, input_size)}):
 * one row per layer run by a forward pass on a batch of 2 random inputs, named
 * {@code <Type>-<call index>}, with the output shape ({@code -1} for the batch) and the layer's
 * {@code weight} and {@code bias} element counts; then totals, trainable/non-trainable counts and
 * the size estimates in MB (4 bytes per number; forward/backward counts every output twice).
 *
 * <p>As in torchsummary, the model itself, {@link Sequential}s and {@link ModuleList}s get no
 * row, and a parameter counts as trainable when its layer's weight requires grad. The input-size
 * line multiplies the dims of all inputs together, as torchsummary does. Rows come from forward
 * hooks, which every built-in layer runs; a submodule of your own gets a row when its forward ends
 * with {@code withHooks(...)}. Unlike torchsummary, the pass runs in eval mode without grad and
 * with a private generator, so the model's state, BatchNorm statistics and the global random
 * stream are left as they were.
 *
 * <pre>{@code
 * Summary s = Summary.summary(model, 1, 28, 28);          // prints the table
 * Summary.of(net, List.of(new long[] {1, 28, 28}, new long[] {10}));   // two inputs
 * long n = s.totalParams();
 * }</pre>
 */
public final class Summary {
  private static final String LINE = "-".repeat(64);
  private static final String DOUBLE_LINE = "=".repeat(64);

  /** One table row: layer name ({@code Conv2d-1}), output shape with batch -1, parameter count. */
  public record Row(String layer, long[] outputShape, long params, boolean trainable) {}

  private final List<Row> rows;
  private final List<long[]> inputShapes;

  private Summary(List<Row> rows, List<long[]> inputShapes) {
    this.rows = List.copyOf(rows);
    this.inputShapes = inputShapes;
  }

  /** Prints the table of a one-input model ({@code inputShape} without the batch dim) and returns it. */
  public static Summary summary(Module model, long... inputShape) {
    Summary s = of(model, inputShape);
    System.out.print(s);
    return s;
  }

  /** Prints the table of a multi-input model and returns it. */
  public static Summary summary(Module model, List<long[]> inputShapes) {
    Summary s = of(model, inputShapes);
    System.out.print(s);
    return s;
  }

  /** The table of a one-input model, without printing. */
  public static Summary of(Module model, long... inputShape) {
    return of(model, List.<long[]>of(inputShape));
  }

  /** The table of a model taking one input per shape (each without the batch dim). */
  public static Summary of(Module model, List<long[]> inputShapes) {
    List<Row> rows = new ArrayList<>();
    List<HookHandle> handles = new ArrayList<>();
    for (Module m : model.modules()) {
      if (m == model || m instanceof Sequential || m instanceof ModuleList) continue;
      handles.add(m.registerForwardHook((mod, in, out) -> rows.add(row(mod, out, rows.size() + 1))));
    }
    Map<Module, Boolean> modes = new IdentityHashMap<>();
    for (Module m : model.modules()) modes.put(m, m.isTraining());
    Device device = model.parameters().isEmpty() ? Device.cpu() : model.parameters().get(0).device();
    Generator generator = new Generator(0);
    Tensor[] inputs = new Tensor[inputShapes.size()];
    for (int i = 0; i < inputs.length; i++) {
      long[] shape = new long[inputShapes.get(i).length + 1];
      shape[0] = 2;
      System.arraycopy(inputShapes.get(i), 0, shape, 1, shape.length - 1);
      inputs[i] = Tensor.rand(generator, shape).to(device);
    }
    try (var g = Fathom.noGrad()) {
      model.eval();
      model.forward(inputs);
    } finally {
      handles.forEach(HookHandle::remove);
      modes.forEach(Module::restoreTrainingFlag);
    }
    List<long[]> shapes = new ArrayList<>();
    for (long[] s : inputShapes) shapes.add(s.clone());
    return new Summary(rows, shapes);
  }

  private static Row row(Module m, Tensor out, int index) {
    long[] shape = out.shape();
    if (shape.length > 0) shape[0] = -1;
    Tensor weight = weightLike(m, "weight"), bias = weightLike(m, "bias");
    long params = (weight == null ? 0 : weight.numel()) + (bias == null ? 0 : bias.numel());
    return new Row(m.typeName() + "-" + index, shape, params, weight != null && weight.requiresGrad());
  }

  /** torchsummary counts a module's {@code weight}/{@code bias} attributes: parameters or buffers. */
  private static Tensor weightLike(Module m, String name) {
    Tensor t = m.parameterOrNull(name);
    return t != null ? t : m.bufferOrNull(name);
  }

  public List<Row> rows() {
    return rows;
  }

  public long totalParams() {
    return rows.stream().mapToLong(Row::params).sum();
  }

  public long trainableParams() {
    return rows.stream().filter(Row::trainable).mapToLong(Row::params).sum();
  }

  public long nonTrainableParams() {
    return totalParams() - trainableParams();
  }

  /** The table, as torchsummary prints it (each line ends with a newline). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(LINE).append('\n');
    sb.append(String.format("%20s  %25s %15s", "Layer (type)", "Output Shape", "Param #")).append('\n');
    sb.append(DOUBLE_LINE).append('\n');
    long totalOutput = 0;
    for (Row r : rows) {
      sb.append(String.format(Locale.US, "%20s  %25s %15s", r.layer(), Arrays.toString(r.outputShape()), String.format(Locale.US, "%,d", r.params()))).append('\n');
      long prod = 1;
      for (long d : r.outputShape()) prod *= d;
      totalOutput += prod;
    }
    long inputProduct = 1;
    for (long[] s : inputShapes) for (long d : s) inputProduct *= d;
    double inputSize = Math.abs(inputProduct * -1 * 4. / (1024 * 1024.));
    double outputSize = Math.abs(2. * totalOutput * 4. / (1024 * 1024.));
    double paramsSize = Math.abs(totalParams() * 4. / (1024 * 1024.));
    double totalSize = paramsSize + outputSize + inputSize;
    sb.append(DOUBLE_LINE).append('\n');
    sb.append(String.format(Locale.US, "Total params: %,d", totalParams())).append('\n');
    sb.append(String.format(Locale.US, "Trainable params: %,d", trainableParams())).append('\n');
    sb.append(String.format(Locale.US, "Non-trainable params: %,d", nonTrainableParams())).append('\n');
    sb.append(LINE).append('\n');
    sb.append("Input size (MB): ").append(twoDecimals(inputSize)).append('\n');
    sb.append("Forward/backward pass size (MB): ").append(twoDecimals(outputSize)).append('\n');
    sb.append("Params size (MB): ").append(twoDecimals(paramsSize)).append('\n');
    sb.append("Estimated Total Size (MB): ").append(twoDecimals(totalSize)).append('\n');
    sb.append(LINE).append('\n');
    return sb.toString();
  }

  /** Python's {@code "%0.2f"}: the exact binary value rounded half-even. */
  private static String twoDecimals(double v) {
    return new BigDecimal(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }
}
