package dev.fathom.vision;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Fashion-MNIST, as {@code torchvision.datasets.FashionMNIST}: the MNIST format with ten clothing
 * classes. Reads the four IDX files from {@code root} (e.g. Debian's
 * {@code /usr/share/datasets/fashion-mnist}) or {@code root/FashionMNIST/raw}.
 *
 * <pre>{@code
 * var train = new FashionMNIST<>(Path.of("/usr/share/datasets/fashion-mnist"), true, new ToTensor());
 * train.classes().get(9);   // "Ankle boot"
 * }</pre>
 */
public final class FashionMNIST<X> extends MNIST<X> {
  public FashionMNIST(Path root, boolean train, Function<? super Image, ? extends X> transform) {
    super(root, train, transform, "FashionMNIST", List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"));
  }
}
