package dev.fathom.vision.transforms;

import java.util.List;
import java.util.StringJoiner;

/**
 * Several transforms applied in order, as {@code transforms.Compose}.
 *
 * <pre>{@code
 * var transform = Compose.of(new Resize(56), new RandomHorizontalFlip(), new ToTensor(),
 *     new Normalize(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}));
 * var ds = new ImageFolder<>(root, transform);   // items: Sample(Tensor [3, 56, 56], label)
 * }</pre>
 */
public final class Compose implements Transform<Object, Object> {
  private final List<Transform<?, ?>> transforms;

  public Compose(List<? extends Transform<?, ?>> transforms) {
    this.transforms = List.copyOf(transforms);
  }

  public static Compose of(Transform<?, ?>... transforms) { return new Compose(List.of(transforms)); }

  public List<Transform<?, ?>> transforms() { return transforms; }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Object apply(Object x) {
    Object v = x;
    for (Transform t : transforms) v = t.apply(v);
    return v;
  }

  @Override
  public String toString() {
    StringJoiner j = new StringJoiner("\n    ", "Compose(\n    ", "\n)");
    for (Transform<?, ?> t : transforms) j.add(t.toString());
    return j.toString();
  }
}
