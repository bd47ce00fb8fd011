package dev.fathom.models;

import dev.fathom.DType;
import dev.fathom.Tensor;
import dev.fathom.vision.Image;
import dev.fathom.vision.transforms.Functional;
import dev.fathom.vision.transforms.InterpolationMode;
import dev.fathom.vision.transforms.Normalize;
import dev.fathom.vision.transforms.Transform;
import java.util.List;
import java.util.Locale;

/**
 * The preprocessing a weights entry was trained with, as torchvision's
 * {@code weights.transforms()} ({@code ImageClassification}): resize the shorter side to
 * {@code resizeSize} with {@code interpolation}, center-crop {@code cropSize} x {@code cropSize},
 * scale to [0, 1], and normalise each channel with {@code mean} and {@code std}. It is a vision
 * {@link Transform}: {@link #apply} does all of it to an {@link Image} (or an image tensor, uint8 or
 * float), so it can be an {@code ImageFolder}'s transform; {@link #normalize} is the last step alone.
 *
 * <pre>{@code
 * Preprocessing p = Weights.RESNET18_IMAGENET1K_V1.transforms();
 * p.resizeSize();                          // 256
 * Tensor x = p.apply(Image.read(path));    // [3, 224, 224], normalised
 * var ds = new ImageFolder<>(Path.of("data/val"), p);
 * Tensor y = p.normalize(batch);           // batch [N, 3, 224, 224] in [0, 1]
 * }</pre>
 *
 * @param resizeSize the size of the shorter side after resizing
 * @param cropSize the side of the center crop
 * @param mean per-channel mean (RGB)
 * @param std per-channel standard deviation (RGB)
 * @param interpolation the resize interpolation, as torchvision's {@code InterpolationMode} name ("bilinear")
 */
public record Preprocessing(int resizeSize, int cropSize, List<Double> mean, List<Double> std, String interpolation)
    implements Transform<Object, Tensor> {
  /** ImageNet's channel means. */
  public static final List<Double> IMAGENET_MEAN = List.of(0.485, 0.456, 0.406);
  /** ImageNet's channel standard deviations. */
  public static final List<Double> IMAGENET_STD = List.of(0.229, 0.224, 0.225);

  public Preprocessing {
    if (resizeSize <= 0 || cropSize <= 0) throw new IllegalArgumentException("Preprocessing: sizes must be positive, got resize " + resizeSize + ", crop " + cropSize);
    if (mean.size() != std.size()) throw new IllegalArgumentException("Preprocessing: mean has " + mean.size() + " channels but std has " + std.size());
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    InterpolationMode.valueOf(interpolation.toUpperCase(Locale.ROOT));
  }

  /**
   * Resize (shorter side, antialiased for images as PIL), center crop, to float in [0, 1], normalise:
   * an {@link Image} or an image tensor {@code [C, H, W]} (uint8 0..255 or float 0..1) to
   * {@code [C, cropSize, cropSize]}.
   */
  @Override
  public Tensor apply(Object image) {
    InterpolationMode mode = InterpolationMode.valueOf(interpolation.toUpperCase(Locale.ROOT));
    Object cropped = Functional.centerCrop(Functional.resize(image, new int[] {resizeSize}, mode, null, false), new int[] {cropSize});
    Tensor t = switch (cropped) {
      case Image im -> Functional.toTensor(im);
      case Tensor u when u.dtype() == DType.UINT8 -> u.to(DType.FLOAT32).div(255.0);
      case Tensor f -> f;
      default -> throw new IllegalArgumentException("Preprocessing: expected an Image or an image Tensor, got " + cropped.getClass().getName());
    };
    return normalize(t);
  }

  /** torchvision's {@code ImageClassification(crop_size, resize_size)} with ImageNet's mean and std, bilinear. */
  public static Preprocessing imageClassification(int cropSize, int resizeSize) {
    return new Preprocessing(resizeSize, cropSize, IMAGENET_MEAN, IMAGENET_STD, "bilinear");
  }

  /**
   * {@code (image - mean) / std} per channel, as torchvision's {@code F.normalize}: {@code image}
   * is a float tensor {@code [C, H, W]} or {@code [N, C, H, W]} with values in [0, 1].
   */
  public Tensor normalize(Tensor image) {
    int c = mean.size();
    if ((image.dim() != 3 && image.dim() != 4) || image.size(image.dim() - 3) != c) {
      throw new IllegalArgumentException("Preprocessing.normalize: expected an image [" + c + ", H, W] or a batch [N, " + c
          + ", H, W], got " + java.util.Arrays.toString(image.shape()));
    }
    float[] m = new float[c], s = new float[c];
    for (int i = 0; i < c; i++) {
      m[i] = mean.get(i).floatValue();
      s[i] = std.get(i).floatValue();
    }
    Tensor mt = Tensor.of(m, c, 1, 1).to(image.device()), st = Tensor.of(s, c, 1, 1).to(image.device());
    return image.sub(mt).div(st);
  }

  /** The last step as a vision transform, {@code Normalize(mean, std)}, for pipelines with augmentation before it. */
  public Normalize normalization() {
    return new Normalize(mean.stream().mapToDouble(Double::doubleValue).toArray(), std.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** torchvision's printout of {@code ImageClassification}. */
  @Override
  public String toString() {
    return "ImageClassification(\n    crop_size=[" + cropSize + "]\n    resize_size=[" + resizeSize + "]\n    mean=" + mean
        + "\n    std=" + std + "\n    interpolation=InterpolationMode." + interpolation.toUpperCase(Locale.ROOT) + "\n)";
  }
}
