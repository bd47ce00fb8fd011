package dev.fathom.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fathom.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Learning-rate (and momentum / beta1) curves of every scheduler against PyTorch 1.13: the value of
 * each group after construction and after each step, compared within 1e-12 relative (the recursive
 * forms accumulate a few ulps; cos may differ from C's by an ulp).
 */
class SchedulerFixtureTest {
  static Stream<Arguments> cases() {
    return OptimFixtures.section("schedulers").stream().map(c -> Arguments.of(c.get("name").getAsString(), c));
  }

  /** The fixture's optimizer: two groups, lr 0.1 and 0.05; SGD with momentum 0.9 or Adam with betas (0.9, 0.99). */
  static Optimizer optimizer(String kind) {
    List<ParamGroup> groups = List.of(ParamGroup.of(List.of(Tensor.zeros(2, 3))),
        ParamGroup.of(List.of(Tensor.zeros(3)), SGD.options().lr(0.05)));
    if (kind.equals("Adam")) return new Adam(groups, Adam.options().lr(0.1).betas(0.9, 0.99));
    return new SGD(groups, SGD.options().lr(0.1).momentum(0.9));
  }

  static double[] doubles(JsonElement e) {
    JsonArray a = e.getAsJsonArray();
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsDouble();
    return out;
  }

  static LRScheduler scheduler(String kind, Optimizer opt, JsonObject a) {
    return switch (kind) {
      case "StepLR" -> new StepLR(opt, a.get("step_size").getAsInt(),
          a.has("gamma") ? StepLR.options().gamma(a.get("gamma").getAsDouble()) : StepLR.options());
      case "MultiStepLR" -> {
        List<Integer> milestones = new ArrayList<>();
        for (JsonElement m : a.getAsJsonArray("milestones")) milestones.add(m.getAsInt());
        yield new MultiStepLR(opt, milestones, MultiStepLR.options().gamma(a.get("gamma").getAsDouble()));
      }
      case "ExponentialLR" -> new ExponentialLR(opt, a.get("gamma").getAsDouble());
      case "CosineAnnealingLR" -> new CosineAnnealingLR(opt, a.get("T_max").getAsInt(),
          a.has("eta_min") ? CosineAnnealingLR.options().etaMin(a.get("eta_min").getAsDouble()) : CosineAnnealingLR.options());
      case "OneCycleLR" -> {
        OneCycleLR.Options o = OneCycleLR.options();
        if (a.has("total_steps")) o.totalSteps(a.get("total_steps").getAsInt());
        if (a.has("epochs")) o.epochs(a.get("epochs").getAsInt());
        if (a.has("steps_per_epoch")) o.stepsPerEpoch(a.get("steps_per_epoch").getAsInt());
        if (a.has("pct_start")) o.pctStart(a.get("pct_start").getAsDouble());
        if (a.has("anneal_strategy")) o.annealStrategy(a.get("anneal_strategy").getAsString());
        if (a.has("cycle_momentum")) o.cycleMomentum(a.get("cycle_momentum").getAsBoolean());
        if (a.has("base_momentum")) o.baseMomentum(a.get("base_momentum").getAsDouble());
        if (a.has("max_momentum")) o.maxMomentum(a.get("max_momentum").getAsDouble());
        if (a.has("div_factor")) o.divFactor(a.get("div_factor").getAsDouble());
        if (a.has("final_div_factor")) o.finalDivFactor(a.get("final_div_factor").getAsDouble());
        if (a.has("three_phase")) o.threePhase(a.get("three_phase").getAsBoolean());
        JsonElement maxLr = a.get("max_lr");
        yield new OneCycleLR(opt, maxLr.isJsonArray() ? doubles(maxLr) : new double[] {maxLr.getAsDouble()}, o);
      }
      default -> throw new IllegalArgumentException(kind);
    };
  }

  static ReduceLROnPlateau plateau(Optimizer opt, JsonObject a) {
    ReduceLROnPlateau.Options o = ReduceLROnPlateau.options();
    if (a.has("mode")) o.mode(a.get("mode").getAsString());
    if (a.has("factor")) o.factor(a.get("factor").getAsDouble());
    if (a.has("patience")) o.patience(a.get("patience").getAsInt());
    if (a.has("threshold")) o.threshold(a.get("threshold").getAsDouble());
    if (a.has("threshold_mode")) o.thresholdMode(a.get("threshold_mode").getAsString());
    if (a.has("cooldown")) o.cooldown(a.get("cooldown").getAsInt());
    if (a.has("eps")) o.eps(a.get("eps").getAsDouble());
    if (a.has("min_lr")) {
      JsonElement m = a.get("min_lr");
      o.minLr(m.isJsonArray() ? doubles(m) : new double[] {m.getAsDouble()});
    }
    return new ReduceLROnPlateau(opt, o);
  }

  static double momentum(ParamGroup g) {
    return g.has("betas") ? g.getDouble("betas", 0) : g.getDouble("momentum");
  }

  private static void assertCurvePoint(Optimizer opt, JsonObject c, int k) {
    double[] lrs = doubles(c.getAsJsonArray("lrs").get(k)), moms = doubles(c.getAsJsonArray("momentum").get(k));
    for (int g = 0; g < lrs.length; g++) {
      ParamGroup group = opt.paramGroups().get(g);
      String what = c.get("name").getAsString() + ": group " + g + " after " + k + " steps";
      assertThat(group.lr()).as(what + " lr").isCloseTo(lrs[g], within(1e-12 * Math.abs(lrs[g]) + 1e-15));
      assertThat(momentum(group)).as(what + " momentum").isCloseTo(moms[g], within(1e-12));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void curveMatchesPytorch(String name, JsonObject c) {
    Optimizer opt = optimizer(c.get("optimizer").getAsString());
    String kind = c.get("scheduler").getAsString();
    JsonObject args = c.getAsJsonObject("args");
    int steps = c.getAsJsonArray("lrs").size() - 1;
    if (kind.equals("ReduceLROnPlateau")) {
      ReduceLROnPlateau s = plateau(opt, args);
      double[] metrics = doubles(c.get("metrics"));
      assertCurvePoint(opt, c, 0);
      for (int k = 0; k < steps; k++) {
        s.step(metrics[k]);
        assertCurvePoint(opt, c, k + 1);
        assertThat(s.getLastLr()).containsExactly(opt.getLr(0), opt.getLr(1));
      }
    } else {
      LRScheduler s = scheduler(kind, opt, args);
      assertCurvePoint(opt, c, 0);
      for (int k = 0; k < steps; k++) {
        opt.step();
        s.step();
        assertCurvePoint(opt, c, k + 1);
        assertThat(s.getLastLr()).containsExactly(opt.getLr(0), opt.getLr(1));
      }
    }
  }
}
