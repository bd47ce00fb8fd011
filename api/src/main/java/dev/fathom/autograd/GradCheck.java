package dev.fathom.autograd;

import dev.fathom.DType;
import dev.fathom.Fathom;
import dev.fathom.Generator;
import dev.fathom.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks an op's backward against central finite differences in FLOAT64, as
 * {@code torch.autograd.gradcheck} (vector-Jacobian form: a random upstream gradient {@code v},
 * then {@code d<v, f(x)>/dx} both ways).
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(3, 4).to(DType.FLOAT64).requiresGrad(true);
 * GradCheck.Result r = GradCheck.check(in -> in.get(0).sigmoid(), List.of(x));
 * assert r.passed() : r.message();
 * }</pre>
 */
public final class GradCheck {
  private GradCheck() {}

  /** The outcome, with the worst mismatch when it failed. */
  public record Result(boolean passed, double maxAbsError, String message) {}

  /** Checks with eps 1e-6, atol 1e-5, rtol 1e-3 (PyTorch's gradcheck defaults). */
  public static Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
    return check(f, inputs, 1e-6, 1e-5, 1e-3);
  }

  public static Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double eps, double atol, double rtol) {
    for (Tensor t : inputs) {
      if (t.requiresGrad() && t.dtype() != DType.FLOAT64) {
        throw new IllegalArgumentException("gradcheck: inputs that require grad must be FLOAT64, got " + t.dtype().torchName());
      }
    }
    Tensor out = f.apply(inputs);
    Tensor v = Tensor.randn(new Generator(1234), out.shape()).to(DType.FLOAT64);
    for (Tensor t : inputs) t.setGrad(null);
    out.backward(v);
    List<double[]> analytic = new ArrayList<>();
    for (Tensor t : inputs) analytic.add(t.requiresGrad() && t.grad() != null ? t.grad().toDoubleArray() : null);
    double worst = 0;
    String where = "";
    try (var g = Fathom.noGrad()) {
      for (int k = 0; k < inputs.size(); k++) {
        Tensor t = inputs.get(k);
        if (!t.requiresGrad()) continue;
        Tensor flat = t.reshape(-1);
        double[] a = analytic.get(k);
        for (int i = 0; i < t.numel(); i++) {
          double orig = flat.get(i).item();
          flat.get(i).fill_(orig + eps);
          double plus = f.apply(inputs).mul(v).sum().item();
          flat.get(i).fill_(orig - eps);
          double minus = f.apply(inputs).mul(v).sum().item();
          flat.get(i).fill_(orig);
          double numeric = (plus - minus) / (2 * eps);
          double got = a == null ? 0 : a[i];
          double err = Math.abs(numeric - got);
          if (err > atol + rtol * Math.abs(numeric) && err > worst) {
            worst = err;
            where = "input " + k + " element " + i + ": numerical " + numeric + " vs analytical " + got;
          }
        }
      }
    }
    return worst == 0 ? new Result(true, 0, "ok") : new Result(false, worst, "gradcheck failed at " + where);
  }
}
