package dev.fathom.examples;

import dev.fathom.Tensor;
import dev.fathom.nn.BatchNorm2d;
import dev.fathom.nn.Conv2d;
import dev.fathom.nn.ConvTranspose2d;
import dev.fathom.nn.Flatten;
import dev.fathom.nn.Init;
import dev.fathom.nn.LeakyReLU;
import dev.fathom.nn.Linear;
import dev.fathom.nn.MaxPool2d;
import dev.fathom.nn.Module;
import dev.fathom.nn.ReLU;
import dev.fathom.nn.Sequential;
import dev.fathom.nn.Sigmoid;
import dev.fathom.nn.Tanh;

/**
 * The course's networks, written as a PyTorch user writes them.
 *
 * <pre>{@code
 * Module cnn = Networks.cnn(1, 10, 128);        // [N, 1, 28, 28] -> [N, 10]
 * Module reg = Networks.network1(1, 6, 1);      // [N, 1] -> [N, 1]
 * }</pre>
 */
public final class Networks {
  private Networks() {}

  /**
   * Conv2d(c,16,3,p1)-ReLU-MaxPool2d(2)-Conv2d(16,32,3,p1)-ReLU-MaxPool2d(2)-Flatten-Linear(1568,hidden)-ReLU-Linear(hidden,classes)
   * on 28x28 images.
   */
  public static Sequential cnn(int inChannels, int classes, int hidden) {
    return new Sequential(
        new Conv2d(inChannels, 16, 3, Conv2d.options().padding(1)), new ReLU(), new MaxPool2d(2),
        new Conv2d(16, 32, 3, Conv2d.options().padding(1)), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(32 * 7 * 7, hidden), new ReLU(), new Linear(hidden, classes));
  }

  /** The course's {@code network1(input_size, hidden_size, output_size)}: Linear-Sigmoid-Linear. */
  public static Sequential network1(int in, int hidden, int out) {
    return new Sequential(new Linear(in, hidden), new Sigmoid(), new Linear(hidden, out));
  }

  /** A convolutional autoencoder: [N, 1, 28, 28] -> 32x7x7 code -> [N, 1, 28, 28] in (0, 1). */
  public static final class Autoencoder extends Module {
    private final Sequential encoder = registerModule("encoder", new Sequential(
        new Conv2d(1, 16, 3, Conv2d.options().stride(2).padding(1)), new ReLU(),
        new Conv2d(16, 32, 3, Conv2d.options().stride(2).padding(1)), new ReLU()));
    private final Sequential decoder = registerModule("decoder", new Sequential(
        new ConvTranspose2d(32, 16, 3, ConvTranspose2d.options().stride(2).padding(1).outputPadding(1)), new ReLU(),
        new ConvTranspose2d(16, 1, 3, ConvTranspose2d.options().stride(2).padding(1).outputPadding(1)), new Sigmoid()));

    @Override
    public Tensor forward(Tensor x) {
      return decoder.forward(encoder.forward(x));
    }
  }

  /** Latent size of the GAN's generator. */
  public static final int NZ = 100;

  /** DCGAN generator for 28x28: [N, 100, 1, 1] -> [N, 1, 28, 28] in (-1, 1). */
  public static Sequential generator(int ngf) {
    return new Sequential(
        new ConvTranspose2d(NZ, ngf * 2, 7, ConvTranspose2d.options().stride(1).padding(0).bias(false)),
        new BatchNorm2d(ngf * 2), new ReLU(),
        new ConvTranspose2d(ngf * 2, ngf, 4, ConvTranspose2d.options().stride(2).padding(1).bias(false)),
        new BatchNorm2d(ngf), new ReLU(),
        new ConvTranspose2d(ngf, 1, 4, ConvTranspose2d.options().stride(2).padding(1).bias(false)), new Tanh());
  }

  /** DCGAN discriminator for 28x28: [N, 1, 28, 28] -> [N] probabilities. */
  public static Sequential discriminator(int ndf) {
    return new Sequential(
        new Conv2d(1, ndf, 4, Conv2d.options().stride(2).padding(1).bias(false)), new LeakyReLU(0.2),
        new Conv2d(ndf, ndf * 2, 4, Conv2d.options().stride(2).padding(1).bias(false)),
        new BatchNorm2d(ndf * 2), new LeakyReLU(0.2),
        new Conv2d(ndf * 2, 1, 7, Conv2d.options().stride(1).padding(0).bias(false)), new Sigmoid(), new Flatten(0, -1));
  }

  /** The DCGAN paper's {@code weights_init}: conv weights N(0, 0.02), batch-norm weights N(1, 0.02), biases 0. */
  public static void weightsInit(Module m) {
    String name = m.getClass().getSimpleName();
    if (name.contains("Conv")) {
      Init.normal_(m.parameter("weight"), 0.0, 0.02);
    } else if (name.contains("BatchNorm")) {
      Init.normal_(m.parameter("weight"), 1.0, 0.02);
      Init.constant_(m.parameter("bias"), 0);
    }
  }

  /** An image branch (CNN) and a tabular branch (fully connected), concatenated, then a classifier. */
  public static final class MultiInput extends Module {
    private final Sequential image = registerModule("image", new Sequential(
        new Conv2d(1, 16, 3, Conv2d.options().padding(1)), new ReLU(), new MaxPool2d(2),
        new Conv2d(16, 32, 3, Conv2d.options().padding(1)), new ReLU(), new MaxPool2d(2), new Flatten(),
        new Linear(32 * 7 * 7, 64), new ReLU()));
    private final Sequential tabular;
    private final Sequential head;

    public MultiInput(int tabularFeatures, int classes) {
      tabular = registerModule("tabular", new Sequential(new Linear(tabularFeatures, 16), new ReLU()));
      head = registerModule("head", new Sequential(new Linear(64 + 16, 32), new ReLU(), new Linear(32, classes)));
    }

    @Override
    public Tensor forward(Tensor img, Tensor data) {
      return head.forward(Tensor.cat(1, image.forward(img), tabular.forward(data)));
    }
  }
}
