package dev.fathom.backend.cpu;

import static dev.fathom.backend.cpu.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fathom.DType;
import dev.fathom.spi.BinaryOp;
import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.UnaryOp;
import dev.fathom.spi.View;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** fill, copy, unary, binary, binaryScalar and where on hand-computed values. Exact unless a tolerance is given. */
class ElementwiseTest {
  private static final double NAN = Double.NaN;

  @Test
  void fillConvertsTheValueAsACast() {
    View f = zeros(DType.FLOAT32, 2), i = zeros(DType.INT64, 2), u = zeros(DType.UINT8, 2), b = zeros(DType.BOOL, 2);
    CPU.fill(f, 2.7);
    CPU.fill(i, -2.7);
    CPU.fill(u, -1);
    CPU.fill(b, 0.5);
    assertThat(values(f)).containsExactly(2.7f, 2.7f);
    assertThat(longs(i)).containsExactly(-2, -2);
    assertThat(longs(u)).containsExactly(255, 255);
    assertThat(longs(b)).containsExactly(1, 1);
  }

  @Test
  void fillWritesOnlyTheElementsOfAStridedView() {
    HeapStorage s = HeapStorage.allocate(DType.FLOAT64, 7);
    CPU.fill(new View(s, shape(3), new int[] {2}, 1), 4);
    assertThat(s.doubles()).containsExactly(0, 4, 0, 4, 0, 4, 0);
  }

  @ParameterizedTest
  @MethodSource("dtypePairs")
  void copyKeepsSmallIntegersBetweenEveryPairOfDtypes(DType from, DType to) {
    View src = of(from, shape(3), 0, 1, 5);
    View out = zeros(to, 3);
    CPU.copy(src, out);
    assertThat(values(out)).containsExactly(0, 1, from == DType.BOOL || to == DType.BOOL ? 1 : 5);
  }

  static Stream<Arguments> dtypePairs() {
    return Stream.of(DType.values()).flatMap(a -> Stream.of(DType.values()).map(b -> Arguments.of(a, b)));
  }

  @Test
  void copyFromFloatTruncatesTowardZeroAndWrapsUint8() {
    View src = f64(shape(5), -2.7, 2.7, -1, 300.7, 0.25);
    View i32 = zeros(DType.INT32, 5), u8 = zeros(DType.UINT8, 5), bool = zeros(DType.BOOL, 5);
    CPU.copy(src, i32);
    CPU.copy(src, u8);
    CPU.copy(src, bool);
    assertThat(longs(i32)).containsExactly(-2, 2, -1, 300, 0);
    assertThat(longs(u8)).containsExactly(254, 2, 255, 44, 0);
    assertThat(longs(bool)).containsExactly(1, 1, 1, 1, 1);
  }

  @Test
  void copyReadsUint8AsUnsignedAndNanAsTrue() {
    View u8 = of(DType.UINT8, shape(2), 255, 128), out = zeros(DType.INT64, 2);
    CPU.copy(u8, out);
    assertThat(longs(out)).containsExactly(255, 128);
    View b = zeros(DType.BOOL, 2);
    CPU.copy(f32(shape(2), NAN, 0), b);
    assertThat(longs(b)).containsExactly(1, 0);
  }

  @Test
  void copyFromInt64ToFloat32RoundsOnce() {
    long big = (1L << 60) + (1L << 36) + 1; // above the float midpoint; via double it would tie down
    View out = zeros(DType.FLOAT32, 1);
    CPU.copy(i64(shape(1), big), out);
    assertThat(out.heap().floats()[0]).isEqualTo((float) ((1L << 60) + (1L << 37)));
  }

  @Test
  void copyReadsTransposedOffsetViews() {
    View a = f32(shape(2, 3), 1, 2, 3, 4, 5, 6);
    View out = zeros(DType.FLOAT32, 3, 2);
    CPU.copy(scrambled(transposeLast(a)), out);
    assertThat(values(out)).containsExactly(1, 4, 2, 5, 3, 6);
  }

  @ParameterizedTest(name = "{0}({1}, {2}, {3}) = {4}")
  @MethodSource("floatUnaryCases")
  void unaryOnFloat64(UnaryOp op, double x, double p1, double p2, double expected) {
    View out = zeros(op == UnaryOp.ISNAN || op == UnaryOp.LOGICAL_NOT ? DType.BOOL : DType.FLOAT64, 1);
    CPU.unary(op, f64(shape(1), x), out, p1, p2);
    assertThat(values(out)[0]).isCloseTo(expected, within(1e-15));
  }

  static Stream<Arguments> floatUnaryCases() {
    return Stream.of(
        Arguments.of(UnaryOp.NEG, 2.5, 0, 0, -2.5),
        Arguments.of(UnaryOp.ABS, -3, 0, 0, 3),
        Arguments.of(UnaryOp.SIGN, -0.1, 0, 0, -1),
        Arguments.of(UnaryOp.SIGN, NAN, 0, 0, 0),
        Arguments.of(UnaryOp.EXP, 1, 0, 0, Math.E),
        Arguments.of(UnaryOp.LOG, Math.E, 0, 0, 1),
        Arguments.of(UnaryOp.LOG1P, 1e-20, 0, 0, 1e-20),
        Arguments.of(UnaryOp.EXPM1, 1e-20, 0, 0, 1e-20),
        Arguments.of(UnaryOp.SQRT, 9, 0, 0, 3),
        Arguments.of(UnaryOp.RSQRT, 4, 0, 0, 0.5),
        Arguments.of(UnaryOp.RECIPROCAL, 8, 0, 0, 0.125),
        Arguments.of(UnaryOp.SQUARE, -3, 0, 0, 9),
        Arguments.of(UnaryOp.SIN, Math.PI / 2, 0, 0, 1),
        Arguments.of(UnaryOp.COS, 0, 0, 0, 1),
        Arguments.of(UnaryOp.FLOOR, -1.5, 0, 0, -2),
        Arguments.of(UnaryOp.CEIL, -1.5, 0, 0, -1),
        Arguments.of(UnaryOp.ROUND, 2.5, 0, 0, 2),
        Arguments.of(UnaryOp.ROUND, -0.5, 0, 0, 0),
        Arguments.of(UnaryOp.ROUND, 1.5, 0, 0, 2),
        Arguments.of(UnaryOp.TRUNC, -1.7, 0, 0, -1),
        Arguments.of(UnaryOp.RELU, -2, 0, 0, 0),
        Arguments.of(UnaryOp.SIGMOID, 0, 0, 0, 0.5),
        Arguments.of(UnaryOp.TANH, 0.5, 0, 0, Math.tanh(0.5)),
        Arguments.of(UnaryOp.LEAKY_RELU, -2, 0.1, 0, -0.2),
        Arguments.of(UnaryOp.LEAKY_RELU, 3, 0.1, 0, 3),
        Arguments.of(UnaryOp.CLAMP, 5, 0, 1, 1),
        Arguments.of(UnaryOp.CLAMP, -5, NAN, 1, -5),
        Arguments.of(UnaryOp.CLAMP, -5, 0, NAN, 0),
        Arguments.of(UnaryOp.LOGICAL_NOT, 0, 0, 0, 1),
        Arguments.of(UnaryOp.LOGICAL_NOT, NAN, 0, 0, 0),
        Arguments.of(UnaryOp.ISNAN, NAN, 0, 0, 1),
        Arguments.of(UnaryOp.ISNAN, 1, 0, 0, 0));
  }

  @Test
  void unaryPropagatesNanThroughReluAndClamp() {
    View out = zeros(DType.FLOAT32, 2);
    CPU.unary(UnaryOp.RELU, f32(shape(2), NAN, -1), out, 0, 0);
    assertThat(values(out)).containsExactly(NAN, 0);
    CPU.unary(UnaryOp.CLAMP, f32(shape(2), NAN, 7), out, 0, 1);
    assertThat(values(out)).containsExactly(NAN, 1);
  }

  @Test
  void unaryOnIntegersStaysInteger() {
    View x = of(DType.INT32, shape(4), -3, 0, 70000, 5);
    View out = zeros(DType.INT32, 4);
    CPU.unary(UnaryOp.SQUARE, x, out, 0, 0);
    assertThat(longs(out)).containsExactly(9, 0, (int) (70000L * 70000L), 25);
    CPU.unary(UnaryOp.SIGN, x, out, 0, 0);
    assertThat(longs(out)).containsExactly(-1, 0, 1, 1);
    CPU.unary(UnaryOp.CLAMP, x, out, -1, NAN);
    assertThat(longs(out)).containsExactly(-1, 0, 70000, 5);
    CPU.unary(UnaryOp.RELU, x, out, 0, 0);
    assertThat(longs(out)).containsExactly(0, 0, 70000, 5);
  }

  @Test
  void negOfUint8Wraps() {
    View out = zeros(DType.UINT8, 3);
    CPU.unary(UnaryOp.NEG, of(DType.UINT8, shape(3), 0, 1, 200), out, 0, 0);
    assertThat(longs(out)).containsExactly(0, 255, 56);
  }

  @ParameterizedTest
  @EnumSource(value = UnaryOp.class, names = {"EXP", "LOG", "SQRT", "SIGMOID", "TANH", "LEAKY_RELU", "SIN", "RECIPROCAL"})
  void floatOnlyUnaryOnIntegersIsRejectedNamingOpAndDtype(UnaryOp op) {
    assertThatThrownBy(() -> CPU.unary(op, i64(shape(1), 1), zeros(DType.INT64, 1), 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(op.name()).hasMessageContaining("INT64");
  }

  @Test
  void binaryBroadcastsAStrideZeroOperand() {
    View a = f32(shape(2, 3), 1, 2, 3, 4, 5, 6);
    View b = expand(f32(shape(3), 10, 20, 30), 2, 3);
    View out = zeros(DType.FLOAT32, 2, 3);
    CPU.binary(BinaryOp.ADD, a, b, out);
    assertThat(values(out)).containsExactly(11, 22, 33, 14, 25, 36);
  }

  @Test
  void binaryReadsTransposedAndScrambledOperands() {
    View a = transposeLast(f64(shape(3, 2), 1, 2, 3, 4, 5, 6)); // [[1,3,5],[2,4,6]]
    View b = scrambled(f64(shape(2, 3), 1, 1, 1, 2, 2, 2));
    View out = zeros(DType.FLOAT64, 2, 3);
    CPU.binary(BinaryOp.MUL, a, b, out);
    assertThat(values(out)).containsExactly(1, 3, 5, 4, 8, 12);
  }

  @Test
  void binaryMayWriteIntoItsFirstOperand() {
    View acc = f32(shape(3), 1, 2, 3);
    CPU.binary(BinaryOp.SUB, acc, f32(shape(3), 1, 1, 1), acc);
    assertThat(values(acc)).containsExactly(0, 1, 2);
  }

  @Test
  void comparisonsWriteBoolAndTreatNanAsUnordered() {
    View a = f32(shape(3), NAN, 1, 2), b = f32(shape(3), NAN, 1, 3);
    View out = zeros(DType.BOOL, 3);
    CPU.binary(BinaryOp.EQ, a, b, out);
    assertThat(longs(out)).containsExactly(0, 1, 0);
    CPU.binary(BinaryOp.NE, a, b, out);
    assertThat(longs(out)).containsExactly(1, 0, 1);
    CPU.binary(BinaryOp.LE, a, b, out);
    assertThat(longs(out)).containsExactly(0, 1, 1);
  }

  @Test
  void maximumAndMinimumPropagateNan() {
    View a = f64(shape(3), NAN, 1, 5), b = f64(shape(3), 0, NAN, 2);
    View out = zeros(DType.FLOAT64, 3);
    CPU.binary(BinaryOp.MAXIMUM, a, b, out);
    assertThat(values(out)).containsExactly(NAN, NAN, 5);
    CPU.binary(BinaryOp.MINIMUM, a, b, out);
    assertThat(values(out)).containsExactly(NAN, NAN, 2);
  }

  @Test
  void integerRemainderTakesTheSignOfTheDivisor() {
    View out = zeros(DType.INT64, 4);
    CPU.binary(BinaryOp.REMAINDER, i64(shape(4), 5, -5, 5, -5), i64(shape(4), 3, 3, -3, -3), out);
    assertThat(longs(out)).containsExactly(2, 1, -1, -2);
  }

  @Test
  void floatRemainderMatchesPyTorch() {
    // torch.remainder(tensor([1.0, -5.3, 5.3]), tensor([0.1, 0.1, -2.0])) in float32, PyTorch 1.13
    View out = zeros(DType.FLOAT32, 4);
    CPU.binary(BinaryOp.REMAINDER, f32(shape(4), 1.0, -5.3, 5.3, 3), f32(shape(4), 0.1, 0.1, -2.0, 0), out);
    float[] r = out.heap().floats();
    assertThat(r[0]).isEqualTo(9.9999986589e-02f);
    assertThat(r[1]).isEqualTo(9.9999889731e-02f);
    assertThat(r[2]).isEqualTo(-6.9999980927e-01f);
    assertThat(r[3]).isNaN();
  }

  @Test
  void integerRemainderByZeroThrows() {
    assertThatThrownBy(() -> CPU.binary(BinaryOp.REMAINDER, i64(shape(1), 1), i64(shape(1), 0), zeros(DType.INT64, 1)))
        .isInstanceOf(ArithmeticException.class).hasMessageContaining("remainder");
  }

  @Test
  void integerPowIsExactAndFollowsPyTorchForNegativeExponents() {
    View out = zeros(DType.INT64, 6);
    CPU.binary(BinaryOp.POW, i64(shape(6), 2, 3, -2, -1, 1, 0), i64(shape(6), 10, 39, -1, -3, -5, 0), out);
    assertThat(longs(out)).containsExactly(1024, 4052555153018976267L, 0, -1, 1, 1);
  }

  @Test
  void int32ArithmeticWraps() {
    View out = zeros(DType.INT32, 2);
    CPU.binary(BinaryOp.POW, of(DType.INT32, shape(2), 3, 2), of(DType.INT32, shape(2), 21, 31), out);
    assertThat(longs(out)).containsExactly((int) 10460353203L, Integer.MIN_VALUE);
  }

  @Test
  void uint8ArithmeticWraps() {
    View out = zeros(DType.UINT8, 2);
    CPU.binary(BinaryOp.ADD, of(DType.UINT8, shape(2), 250, 3), of(DType.UINT8, shape(2), 10, 0), out);
    assertThat(longs(out)).containsExactly(4, 3);
    CPU.binary(BinaryOp.SUB, of(DType.UINT8, shape(2), 3, 3), of(DType.UINT8, shape(2), 5, 0), out);
    assertThat(longs(out)).containsExactly(254, 3);
  }

  @Test
  void logicalOpsOnBool() {
    View a = of(DType.BOOL, shape(4), 0, 0, 1, 1), b = of(DType.BOOL, shape(4), 0, 1, 0, 1);
    View out = zeros(DType.BOOL, 4);
    CPU.binary(BinaryOp.LOGICAL_AND, a, b, out);
    assertThat(longs(out)).containsExactly(0, 0, 0, 1);
    CPU.binary(BinaryOp.LOGICAL_OR, a, b, out);
    assertThat(longs(out)).containsExactly(0, 1, 1, 1);
  }

  @Test
  void integerDivisionIsRejected() {
    assertThatThrownBy(() -> CPU.binary(BinaryOp.DIV, i64(shape(1), 1), i64(shape(1), 2), zeros(DType.INT64, 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DIV").hasMessageContaining("INT64");
  }

  @Test
  void binaryScalarRoundsTheScalarToFloat32() {
    View out = zeros(DType.BOOL, 1);
    CPU.binaryScalar(BinaryOp.EQ, f32(shape(1), 0.1), 0.1, out);
    assertThat(longs(out)).containsExactly(1);
  }

  @Test
  void binaryScalarOnIntegersWithAFractionalScalarComparesExactly() {
    View out = zeros(DType.BOOL, 2);
    CPU.binaryScalar(BinaryOp.GE, i64(shape(2), 2, 3), 2.5, out);
    assertThat(longs(out)).containsExactly(0, 1);
  }

  @Test
  void binaryScalarIntegerPowIntoFloatComputesInDouble() {
    View out = zeros(DType.FLOAT64, 1);
    CPU.binaryScalar(BinaryOp.POW, i64(shape(1), 2), 0.5, out);
    assertThat(values(out)[0]).isEqualTo(Math.sqrt(2));
    View iout = zeros(DType.INT64, 1);
    CPU.binaryScalar(BinaryOp.POW, i64(shape(1), 3), 39, iout);
    assertThat(longs(iout)).containsExactly(4052555153018976267L);
  }

  @Test
  void binaryScalarOverAStridedView() {
    View x = transposeLast(f32(shape(2, 2), 1, 2, 3, 4));
    View out = zeros(DType.FLOAT32, 2, 2);
    CPU.binaryScalar(BinaryOp.MUL, x, 10, out);
    assertThat(values(out)).containsExactly(10, 30, 20, 40);
  }

  @Test
  void whereSelectsWithABroadcastCondition() {
    View cond = expand(of(DType.BOOL, shape(1, 3), 1, 0, 1), 2, 3);
    View a = i64(shape(2, 3), 1, 2, 3, 4, 5, 6), b = expand(i64(shape(1), -1), 2, 3);
    View out = zeros(DType.INT64, 2, 3);
    CPU.where(cond, a, b, out);
    assertThat(longs(out)).containsExactly(1, -1, 3, 4, -1, 6);
  }

  @Test
  void largeContiguousAddMatchesElementByElement() {
    int n = 300_001;
    double[] av = new double[n], bv = new double[n];
    for (int i = 0; i < n; i++) {
      av[i] = i;
      bv[i] = 0.5 * i;
    }
    View out = zeros(DType.FLOAT64, n);
    CPU.binary(BinaryOp.ADD, f64(shape(n), av), f64(shape(n), bv), out);
    double[] r = out.heap().doubles();
    for (int i = 0; i < n; i += 997) assertThat(r[i]).isEqualTo(1.5 * i);
    assertThat(r[n - 1]).isEqualTo(1.5 * (n - 1));
  }
}
