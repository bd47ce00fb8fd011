package dev.fathom.nn;

import java.math.BigDecimal;

/** Python's spelling of values in {@code extra_repr}: floats as {@code repr}, True/False, None. */
final class Repr {
  private Repr() {}

  /** {@code repr(float)}: shortest round-trip digits, scientific below 1e-4 and from 1e16. */
  static String pyFloat(double v) {
    if (Double.isNaN(v)) return "nan";
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    if (v == 0) return 1 / v < 0 ? "-0.0" : "0.0";
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int exp = digits.length() - 1 - bd.scale();
    String sign = v < 0 ? "-" : "";
    if (exp >= -4 && exp < 16) {
      String s = bd.toPlainString();
      return sign + (s.contains(".") ? s : s + ".0");
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    int e = Math.abs(exp);
    return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
  }

  /** A Double that may be None. */
  static String pyFloat(Double v) {
    return v == null ? "None" : pyFloat(v.doubleValue());
  }

  static String pyBool(boolean b) {
    return b ? "True" : "False";
  }
}
