package dev.fathom.nn;

import dev.fathom.Tensor;

/** The models of tools/fixtures/gen_nn.py, written as a PyTorch user would port them. */
final class TestModels {
  private TestModels() {}

  /** Conv/BN/ReLU/MaxPool features and a Linear classifier on 1x12x12 images. */
  static final class SmallCNN extends Module {
    SmallCNN() {
      registerModule("features", new Sequential(
          new Conv2d(1, 4, 3, Conv2d.options().padding(1)), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
          new Conv2d(4, 8, 3, Conv2d.options().padding(1)), new ReLU(), new MaxPool2d(2)));
      registerModule("flatten", new Flatten());
      registerModule("classifier", new Linear(8 * 3 * 3, 10));
    }

    @Override
    public Tensor forward(Tensor x) {
      return child("classifier").forward(child("flatten").forward(child("features").forward(x)));
    }
  }

  /** The course's Fashion-MNIST CNN. */
  static final class CourseCNN extends Module {
    CourseCNN() {
      registerModule("conv1", new Conv2d(1, 16, 3, Conv2d.options().padding(1)));
      registerModule("relu1", new ReLU());
      registerModule("pool1", new MaxPool2d(2));
      registerModule("conv2", new Conv2d(16, 32, 3, Conv2d.options().padding(1)));
      registerModule("relu2", new ReLU());
      registerModule("pool2", new MaxPool2d(2));
      registerModule("flatten", new Flatten());
      registerModule("fc", new Linear(32 * 7 * 7, 10));
    }

    @Override
    public Tensor forward(Tensor x) {
      x = child("pool1").forward(child("relu1").forward(child("conv1").forward(x)));
      x = child("pool2").forward(child("relu2").forward(child("conv2").forward(x)));
      return child("fc").forward(child("flatten").forward(x));
    }
  }

  /** A CNN branch for an image and a fully connected branch for tabular data, concatenated. */
  static final class MultiInput extends Module {
    MultiInput() {
      registerModule("cnn", new Sequential(new Conv2d(1, 4, 3), new ReLU(), new MaxPool2d(2), new Flatten()));
      registerModule("fc", new Sequential(new Linear(5, 8), new ReLU()));
      registerModule("head", new Linear(4 * 3 * 3 + 8, 3));
    }

    @Override
    public Tensor forward(Tensor image, Tensor data) {
      Tensor features = Tensor.cat(1, child("cnn").forward(image), child("fc").forward(data));
      return child("head").forward(features);
    }
  }

  /** The PyTorch DCGAN tutorial's generator. */
  static final class Generator extends Module {
    Generator(int nz, int ngf, int nc) {
      registerModule("main", new Sequential(
          new ConvTranspose2d(nz, ngf * 8, 4, ConvTranspose2d.options().stride(1).padding(0).bias(false)), new BatchNorm2d(ngf * 8), new ReLU(true),
          new ConvTranspose2d(ngf * 8, ngf * 4, 4, ConvTranspose2d.options().stride(2).padding(1).bias(false)), new BatchNorm2d(ngf * 4), new ReLU(true),
          new ConvTranspose2d(ngf * 4, ngf * 2, 4, ConvTranspose2d.options().stride(2).padding(1).bias(false)), new BatchNorm2d(ngf * 2), new ReLU(true),
          new ConvTranspose2d(ngf * 2, ngf, 4, ConvTranspose2d.options().stride(2).padding(1).bias(false)), new BatchNorm2d(ngf), new ReLU(true),
          new ConvTranspose2d(ngf, nc, 4, ConvTranspose2d.options().stride(2).padding(1).bias(false)), new Tanh()));
    }

    @Override
    public Tensor forward(Tensor z) {
      return child("main").forward(z);
    }
  }

  /** The PyTorch DCGAN tutorial's discriminator. */
  static final class Discriminator extends Module {
    Discriminator(int ndf, int nc) {
      Conv2d.Options down = Conv2d.options().stride(2).padding(1).bias(false);
      registerModule("main", new Sequential(
          new Conv2d(nc, ndf, 4, down), new LeakyReLU(0.2, true),
          new Conv2d(ndf, ndf * 2, 4, down), new BatchNorm2d(ndf * 2), new LeakyReLU(0.2, true),
          new Conv2d(ndf * 2, ndf * 4, 4, down), new BatchNorm2d(ndf * 4), new LeakyReLU(0.2, true),
          new Conv2d(ndf * 4, ndf * 8, 4, down), new BatchNorm2d(ndf * 8), new LeakyReLU(0.2, true),
          new Conv2d(ndf * 8, 1, 4, Conv2d.options().stride(1).padding(0).bias(false)), new Sigmoid()));
    }

    @Override
    public Tensor forward(Tensor x) {
      return child("main").forward(x);
    }
  }

  /** The DCGAN tutorial's weights_init, for {@code model.apply(TestModels::weightsInit)}. */
  static void weightsInit(Module m) {
    String name = m.typeName();
    if (name.contains("Conv")) {
      Init.normal_(m.parameter("weight"), 0.0, 0.02);
    } else if (name.contains("BatchNorm")) {
      Init.normal_(m.parameter("weight"), 1.0, 0.02);
      Init.constant_(m.parameter("bias"), 0);
    }
  }
}
