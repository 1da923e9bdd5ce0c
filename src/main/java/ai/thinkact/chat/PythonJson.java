package ai.thinkact.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON exactly as Python's {@code json.dumps(x, ensure_ascii=False)} does, which is what
 * Hugging Face substitutes for Jinja2's {@code tojson} when it renders chat templates. The model
 * was trained on these bytes, so a tool spec or argument object must be serialised the same way:
 * separators {@code ", "} and {@code ": "}, keys in insertion order, non-ASCII kept, Python's string
 * escapes, and floats as Python's {@code repr} ({@code 41.5}, {@code 1e-05}, {@code 1e+16}).
 *
 * <p>Numbers follow what {@code json.loads} would have made of them: integral nodes are Python
 * ints (unbounded), every other numeric node is a Python float (a {@code BigDecimal} node is
 * converted to the nearest double first, as {@code json.loads} would).
 */
public final class PythonJson {
  private PythonJson() {}

  /** {@code json.dumps(node, ensure_ascii=False)}. */
  public static String dumps(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  /** Appends {@code json.dumps(node, ensure_ascii=False)} to {@code out}. */
  public static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, out);
      case ARRAY -> writeArray(node, out);
      case STRING -> quote(node.textValue(), out);
      case NUMBER -> out.append(number(node));
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      default -> throw new IllegalArgumentException(
          "cannot write a " + node.getNodeType() + " JSON node as Python would");
    }
  }

  private static void writeObject(JsonNode node, StringBuilder out) {
    out.append('{');
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    boolean first = true;
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!first) {
        out.append(", ");
      }
      first = false;
      quote(field.getKey(), out);
      out.append(": ");
      write(field.getValue(), out);
    }
    out.append('}');
  }

  private static void writeArray(JsonNode node, StringBuilder out) {
    out.append('[');
    for (int i = 0; i < node.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      write(node.get(i), out);
    }
    out.append(']');
  }

  private static String number(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    if (node.isFloat()) {
      // A float node only comes from Java code; its decimal text is what a JSON source held.
      return floatRepr(Double.parseDouble(Float.toString(node.floatValue())));
    }
    return floatRepr(node.doubleValue());
  }

  /**
   * Appends a JSON string literal with Python's escapes: {@code \" \\ \n \r \t \b \f}, other
   * control characters as <code>&#92;u00XX</code> (lowercase hex), everything else verbatim.
   */
  public static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * Python's {@code repr(float)}: the shortest decimal that reads back as the same double (the
   * closest one when several are that short), in positional notation when the decimal exponent is
   * in [-4, 16), else as {@code d.ddde±XX}. Java 17's {@code Double.toString} is not always the
   * shortest, hence this search; {@code json.dumps} writes non-finite values as
   * {@code NaN}/{@code Infinity}.
   */
  public static String floatRepr(double x) {
    if (Double.isNaN(x)) {
      return "NaN";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "Infinity" : "-Infinity";
    }
    if (x == 0) {
      return (Double.doubleToRawLongBits(x) < 0) ? "-0.0" : "0.0";
    }
    BigDecimal shortest = shortestRoundTrip(x).stripTrailingZeros();
    String digits = shortest.unscaledValue().abs().toString();
    // value = 0.<digits> * 10^pointPos
    int pointPos = digits.length() - shortest.scale();
    String sign = x < 0 ? "-" : "";
    if (pointPos > -4 && pointPos <= 16) {
      return sign + positional(digits, pointPos);
    }
    int exponent = pointPos - 1;
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String exp = String.format("%02d", Math.abs(exponent));
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
  }

  private static String positional(String digits, int pointPos) {
    if (pointPos <= 0) {
      return "0." + "0".repeat(-pointPos) + digits;
    }
    if (pointPos < digits.length()) {
      return digits.substring(0, pointPos) + "." + digits.substring(pointPos);
    }
    return digits + "0".repeat(pointPos - digits.length()) + ".0";
  }

  private static BigDecimal shortestRoundTrip(double x) {
    BigDecimal exact = new BigDecimal(x);
    for (int precision = 1; precision <= 17; precision++) {
      // The two precision-digit decimals around x; keep the closer of those that read back as x.
      BigDecimal down = exact.round(new MathContext(precision, RoundingMode.DOWN));
      BigDecimal up = exact.round(new MathContext(precision, RoundingMode.UP));
      boolean downOk = Double.parseDouble(down.toString()) == x;
      boolean upOk = Double.parseDouble(up.toString()) == x;
      if (downOk && upOk) {
        return exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      }
      if (downOk) {
        return down;
      }
      if (upOk) {
        return up;
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
  }
}
