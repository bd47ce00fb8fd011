package dev.fathom.models;

import dev.fathom.Tensor;
import dev.fathom.nn.AdaptiveAvgPool2d;
import dev.fathom.nn.BatchNorm2d;
import dev.fathom.nn.Conv2d;
import dev.fathom.nn.Flatten;
import dev.fathom.nn.Init;
import dev.fathom.nn.Linear;
import dev.fathom.nn.MaxPool2d;
import dev.fathom.nn.Module;
import dev.fathom.nn.ReLU;
import dev.fathom.nn.Sequential;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ResNet, as torchvision's {@code ResNet(block, layers, num_classes, zero_init_residual, groups,
 * width_per_group, replace_stride_with_dilation)}: a 7x7 stride-2 stem with max pooling, four
 * stages {@code layer1..layer4} of residual blocks (64, 128, 256, 512 planes; stages 2-4 halve the
 * resolution unless dilated), global average pooling and the linear head {@code fc}. Input
 * {@code [N, 3, H, W]}, output {@code [N, numClasses]}. State-dict keys and initialisation are
 * torchvision's ({@code layer1.0.conv1.weight}, {@code layer2.0.downsample.0.weight}; convolutions
 * kaiming-normal fan-out, BatchNorm ones/zeros, {@code fc} PyTorch's Linear default).
 * {@link Models#resnet18()} and friends build the standard depths.
 *
 * <pre>{@code
 * ResNet net = new ResNet(ResNet.Block.BASIC, new int[] {1, 1, 1, 1}, ResNet.options().numClasses(10));
 * Tensor logits = net.forward(x);          // x [N, 3, 32, 32] -> [N, 10]
 * }</pre>
 */
public final class ResNet extends Module implements ImageClassifier {
  /** The residual block a ResNet is built of, with its channel expansion. */
  public enum Block {
    /** {@link BasicBlock}: two 3x3 convolutions (ResNet-18/34). */
    BASIC(BasicBlock.EXPANSION),
    /** {@link Bottleneck}: 1x1, 3x3, 1x1 (ResNet-50/101). */
    BOTTLENECK(Bottleneck.EXPANSION);

    private final int expansion;

    Block(int expansion) {
      this.expansion = expansion;
    }

    public int expansion() {
      return expansion;
    }
  }

  /** torchvision's keyword arguments with their defaults: num_classes 1000, zero_init_residual false, groups 1, width_per_group 64, no dilation. */
  public static final class Options {
    private int numClasses = 1000;
    private boolean zeroInitResidual;
    private int groups = 1;
    private int widthPerGroup = 64;
    private boolean[] replaceStrideWithDilation = {false, false, false};

    public Options numClasses(int v) { numClasses = v; return this; }

    /** Zero the last BatchNorm weight of every block, so each residual branch starts as the identity. */
    public Options zeroInitResidual(boolean v) { zeroInitResidual = v; return this; }

    /** Groups of the 3x3 convolutions in Bottleneck blocks (ResNeXt). */
    public Options groups(int v) { groups = v; return this; }

    /** Bottleneck width per group (64 = ResNet; 128 with groups 1 = Wide ResNet). */
    public Options widthPerGroup(int v) { widthPerGroup = v; return this; }

    /** For stages 2, 3, 4: dilate instead of striding (3 values). */
    public Options replaceStrideWithDilation(boolean... v) {
      if (v.length != 3) {
        throw new IllegalArgumentException("replace_stride_with_dilation should be None or a 3-element tuple, got " + Arrays.toString(v));
      }
      replaceStrideWithDilation = v.clone();
      return this;
    }
  }

  public static Options options() {
    return new Options();
  }

  private static final String[] STAGES = {"layer1", "layer2", "layer3", "layer4"};

  private final Block block;
  private final int groups;
  private final int baseWidth;
  // construction state of torchvision's _make_layer
  private int inplanes = 64;
  private int dilation = 1;

  public ResNet(Block block, int[] layers) {
    this(block, layers, options());
  }

  /** {@code layers}: the number of blocks in each of the four stages ({@code {2, 2, 2, 2}} is ResNet-18). */
  public ResNet(Block block, int[] layers, Options options) {
    if (layers.length != 4) throw new IllegalArgumentException("ResNet: layers must have 4 stage sizes, got " + Arrays.toString(layers));
    Layers.checkPositive("ResNet", "num_classes", options.numClasses);
    if (block == Block.BASIC && (options.groups != 1 || options.widthPerGroup != 64)) {
      throw new IllegalArgumentException("BasicBlock only supports groups=1 and base_width=64");
    }
    this.block = block;
    this.groups = options.groups;
    this.baseWidth = options.widthPerGroup;
    registerModule("conv1", new Conv2d(3, 64, 7, Conv2d.options().stride(2).padding(3).bias(false)));
    registerModule("bn1", new BatchNorm2d(64));
    registerModule("relu", new ReLU(true));
    registerModule("maxpool", new MaxPool2d(3, MaxPool2d.options().stride(2).padding(1)));
    boolean[] dilate = options.replaceStrideWithDilation;
    registerModule("layer1", makeLayer(64, layers[0], 1, false));
    registerModule("layer2", makeLayer(128, layers[1], 2, dilate[0]));
    registerModule("layer3", makeLayer(256, layers[2], 2, dilate[1]));
    registerModule("layer4", makeLayer(512, layers[3], 2, dilate[2]));
    registerModule("avgpool", new AdaptiveAvgPool2d(new int[] {1, 1}));
    registerModule("fc", new Linear(512 * block.expansion(), options.numClasses));

    Layers.initWeights(this, Init.kaimingOptions().mode("fan_out").nonlinearity("relu"), 0);
    if (options.zeroInitResidual) {
      for (Module m : modules()) {
        if (m instanceof Bottleneck b) Init.zeros_(b.child("bn3", BatchNorm2d.class).weight());
        else if (m instanceof BasicBlock b) Init.zeros_(b.child("bn2", BatchNorm2d.class).weight());
      }
    }
  }

  private Sequential makeLayer(int planes, int blocks, int stride, boolean dilate) {
    int previousDilation = dilation;
    if (dilate) {
      dilation *= stride;
      stride = 1;
    }
    int out = planes * block.expansion();
    Module downsample = null;
    if (stride != 1 || inplanes != out) {
      downsample = new Sequential(Layers.conv1x1(inplanes, out, stride), new BatchNorm2d(out));
    }
    Sequential layer = new Sequential(newBlock(inplanes, planes, stride, downsample, previousDilation));
    inplanes = out;
    for (int i = 1; i < blocks; i++) layer.append(newBlock(inplanes, planes, 1, null, dilation));
    return layer;
  }

  private Module newBlock(int in, int planes, int stride, Module downsample, int blockDilation) {
    if (block == Block.BASIC && blockDilation > 1) throw new IllegalArgumentException("Dilation > 1 not supported in BasicBlock");
    return block == Block.BASIC
        ? new BasicBlock(in, planes, stride, downsample)
        : new Bottleneck(in, planes, stride, downsample, groups, baseWidth, blockDilation);
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor h = child("maxpool").forward(child("relu").forward(child("bn1").forward(child("conv1").forward(x))));
    for (String stage : STAGES) h = child(stage).forward(h);
    h = child("avgpool").forward(h).flatten(1, -1);
    return withHooks(child("fc").forward(h), x);
  }

  @Override
  public String headName() {
    return "fc";
  }

  @Override
  public Module backbone() {
    Map<String, Module> parts = new LinkedHashMap<>();
    for (String name : new String[] {"conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool"}) {
      parts.put(name, child(name));
    }
    parts.put("flatten", new Flatten());
    return new Sequential(parts);
  }

  @Override
  public int numFeatures() {
    return 512 * block.expansion();
  }
}
