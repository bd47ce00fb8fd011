package dev.fathom.models;

import dev.fathom.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pretrained ImageNet weights of the zoo, as torchvision 0.14's weights enums
 * ({@code ResNet18_Weights.IMAGENET1K_V1} is {@link #RESNET18_IMAGENET1K_V1}): the file torchvision
 * publishes, its SHA-256 prefix, the 1000 ImageNet class names, and the preprocessing.
 *
 * <p><b>Files are never downloaded.</b> A weights file is found by an explicit path or in the cache
 * folder {@link #cacheDir()} ({@code ~/.cache/fathom/weights}, or {@code $FATHOM_HOME/weights}),
 * under torchvision's file name ({@code resnet18-f37072fd.pth}) or the same stem with
 * {@code .safetensors}. A {@code .pth} file is checked as torchvision checks it: its SHA-256 must
 * start with the hex in its name (here the name of the entry, not of the file given). A safetensors
 * file (converted by the user, so with other bytes) is checked by key and shape when loaded. A
 * missing file gives a {@link WeightsException} naming the file, the folder and {@link #url()}.
 *
 * <pre>{@code
 * ResNet model = Models.resnet18(Weights.RESNET18_IMAGENET1K_V1);                      // from the cache folder
 * ResNet same = Models.resnet18(Weights.RESNET18_IMAGENET1K_V1, Path.of("resnet18-f37072fd.pth"));
 * String name = Weights.RESNET18_IMAGENET1K_V1.categories().get(logits.argmax(1).intItem());
 * }</pre>
 */
public enum Weights {
  RESNET18_IMAGENET1K_V1("resnet18", "resnet18-f37072fd.pth", 11_689_512, 256),
  RESNET34_IMAGENET1K_V1("resnet34", "resnet34-b627a593.pth", 21_797_672, 256),
  RESNET50_IMAGENET1K_V1("resnet50", "resnet50-0676ba61.pth", 25_557_032, 256),
  RESNET50_IMAGENET1K_V2("resnet50", "resnet50-11ad3fa6.pth", 25_557_032, 232),
  RESNET101_IMAGENET1K_V1("resnet101", "resnet101-63fe2227.pth", 44_549_160, 256),
  RESNET101_IMAGENET1K_V2("resnet101", "resnet101-cd907fc2.pth", 44_549_160, 232),
  DENSENET121_IMAGENET1K_V1("densenet121", "densenet121-a639ec97.pth", 7_978_856, 256),
  DENSENET169_IMAGENET1K_V1("densenet169", "densenet169-b2777c0a.pth", 14_149_480, 256),
  VGG11_IMAGENET1K_V1("vgg11", "vgg11-8a719046.pth", 132_863_336, 256),
  VGG11_BN_IMAGENET1K_V1("vgg11_bn", "vgg11_bn-6002323d.pth", 132_868_840, 256),
  VGG16_IMAGENET1K_V1("vgg16", "vgg16-397923af.pth", 138_357_544, 256),
  VGG16_BN_IMAGENET1K_V1("vgg16_bn", "vgg16_bn-6c64b313.pth", 138_365_992, 256),
  MOBILENET_V2_IMAGENET1K_V1("mobilenet_v2", "mobilenet_v2-b0353104.pth", 3_504_872, 256),
  MOBILENET_V2_IMAGENET1K_V2("mobilenet_v2", "mobilenet_v2-7ebf99e0.pth", 3_504_872, 232),
  ALEXNET_IMAGENET1K_V1("alexnet", "alexnet-owt-7be5be79.pth", 61_100_840, 256),
  SQUEEZENET1_0_IMAGENET1K_V1("squeezenet1_0", "squeezenet1_0-b66bff10.pth", 1_248_424, 256),
  SQUEEZENET1_1_IMAGENET1K_V1("squeezenet1_1", "squeezenet1_1-b8a52dc0.pth", 1_235_496, 256);

  /** Where torchvision publishes its weights. */
  public static final String TORCHVISION_URL = "https://download.pytorch.org/models/";

  /** torchvision's {@code HASH_REGEX}: the hex after a dash before a dot. */
  private static final Pattern HASH = Pattern.compile("-([a-f0-9]*)\\.");

  private final String model;
  private final String fileName;
  private final long numParams;
  private final Preprocessing transforms;

  Weights(String model, String fileName, long numParams, int resizeSize) {
    this.model = model;
    this.fileName = fileName;
    this.numParams = numParams;
    this.transforms = Preprocessing.imageClassification(224, resizeSize);
  }

  /** The torchvision builder these weights are for ({@code "resnet18"}, {@code "vgg11_bn"}). */
  public String model() {
    return model;
  }

  /** torchvision's file name, e.g. {@code resnet18-f37072fd.pth}. */
  public String fileName() {
    return fileName;
  }

  /** The file name with {@code .safetensors} instead of {@code .pth}. */
  public String safetensorsFileName() {
    return fileName.substring(0, fileName.length() - ".pth".length()) + ".safetensors";
  }

  /** Where torchvision publishes the file. */
  public String url() {
    return TORCHVISION_URL + fileName;
  }

  /** The SHA-256 prefix torchvision checks: the hex in the file name ({@code f37072fd}). */
  public String hashPrefix() {
    Matcher m = HASH.matcher(fileName);
    if (!m.find()) throw new IllegalStateException("no hash in " + fileName);
    return m.group(1);
  }

  /** The number of parameters of the model with these weights, as torchvision's {@code meta["num_params"]}. */
  public long numParams() {
    return numParams;
  }

  /** The 1000 ImageNet class names in output order, as torchvision's {@code meta["categories"]}. */
  public List<String> categories() {
    return WeightsFiles.imagenetCategories();
  }

  /** The preprocessing these weights expect, as torchvision's {@code weights.transforms()}. */
  public Preprocessing transforms() {
    return transforms;
  }

  /** The cache folder: {@code $FATHOM_HOME/weights} when FATHOM_HOME is set, else {@code ~/.cache/fathom/weights}. */
  public static Path cacheDir() {
    return WeightsFiles.cacheDir(System.getenv(), System.getProperty("user.home"));
  }

  /** This entry's file in {@link #cacheDir()}; a {@link WeightsException} says what to put where when there is none. */
  public Path locate() {
    return WeightsFiles.locate(this, cacheDir());
  }

  /** The state dict from the cache folder (hash-checked for .pth), with torchvision's key names. */
  public Map<String, Tensor> stateDict() {
    return WeightsFiles.load(this, locate());
  }

  /** The state dict from {@code file} (.pth as torchvision publishes it, hash-checked; or .safetensors). */
  public Map<String, Tensor> stateDict(Path file) {
    return WeightsFiles.load(this, file);
  }
}
