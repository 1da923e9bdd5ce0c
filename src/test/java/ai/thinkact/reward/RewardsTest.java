package ai.thinkact.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.thinkact.base.ConfigException;
import ai.thinkact.data.Target;
import ai.thinkact.data.TargetJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven reward tests; every expected value is computed by hand in the row's comment. */
class RewardsTest {
  private static final double EPS = 1e-12;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String GOLD_ORDER =
      "{\"type\":\"tool_call\",\"name\":\"get_order\",\"arguments\":{\"order_id\":\"A1\",\"qty\":2}}";

  static Target target(String json) {
    try {
      return TargetJson.read(MAPPER.readTree(json));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String call(String name, String arguments) {
    return "<tool_call>{\"name\":\"" + name + "\",\"arguments\":" + arguments + "}</tool_call>";
  }

  static String words(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(i == 0 ? "" : (i % 3 == 0 ? "\n" : " ")).append("w").append(i);
    }
    return s.toString();
  }

  // ---------------------------------------------------------------- format

  static Stream<Arguments> formatRows() {
    return Stream.of(
        Arguments.of("<think>x</think><answer>y</answer>", 1.0), // all three
        Arguments.of("<think></think>" + call("f", "{}"), 1.0), // an empty think block still exists
        Arguments.of("<think>x</think>hello", 1 / 3.0), // think only
        Arguments.of("<answer>y</answer>", 1 / 3.0), // action tag only
        Arguments.of("<answer>y</answer><think>x</think>", 2 / 3.0), // both, wrong order
        Arguments.of("<tool_call>not json</tool_call>", 1 / 3.0), // a tag counts even when invalid
        Arguments.of("hello", 0.0),
        Arguments.of("<think>cut off <answer>y</answer>", 0.0), // unclosed think: tag is inside it
        Arguments.of("<think>quote <answer>y</answer></think>ok", 1 / 3.0)); // tag inside think ignored
  }

  @ParameterizedTest
  @MethodSource("formatRows")
  void format(String completion, double expected) {
    assertEquals(expected, Rewards.format(CompletionParser.parse(completion)), EPS, completion);
  }

  // ---------------------------------------------------------------- thinking length

  static Stream<Arguments> lengthRows() {
    return Stream.of(
        Arguments.of(0, 14, 100, 0.0), // w = 0
        Arguments.of(1, 14, 100, 1 / 14.0),
        Arguments.of(7, 14, 100, 0.5),
        Arguments.of(13, 14, 100, 13 / 14.0),
        Arguments.of(14, 14, 100, 1.0),
        Arguments.of(60, 14, 100, 1.0),
        Arguments.of(100, 14, 100, 1.0),
        Arguments.of(101, 14, 100, 0.99), // 1 - 1/100
        Arguments.of(150, 14, 100, 0.5), // 1 - 50/100
        Arguments.of(200, 14, 100, 0.0),
        Arguments.of(250, 14, 100, 0.0), // clamped at 0
        Arguments.of(1, 2, 4, 0.5), // configurable bounds: 1/2
        Arguments.of(6, 2, 4, 0.5)); // 1 - 2/4
  }

  @ParameterizedTest
  @MethodSource("lengthRows")
  void thinkingLength(int words, int lo, int hi, double expected) {
    ParsedCompletion parsed = CompletionParser.parse("<think>\n" + words(words) + "\n</think><answer>a</answer>");
    assertEquals(expected, Rewards.thinkingLength(parsed, lo, hi), EPS);
  }

  @Test
  void noThinkBlockHasNoLengthReward() {
    assertEquals(0.0, Rewards.thinkingLength(CompletionParser.parse("<answer>a b c</answer>"), 14, 100));
  }

  // ---------------------------------------------------------------- conditional accuracy, tools

  static Stream<Arguments> toolRows() {
    String emptyGold = "{\"type\":\"tool_call\",\"name\":\"list\",\"arguments\":{}}";
    return Stream.of(
        // exact: 1 + 1 + 1
        Arguments.of(GOLD_ORDER, call("get_order", "{\"order_id\":\"A1\",\"qty\":2}"), 3.0),
        // numbers by value: 2.0 == 2
        Arguments.of(GOLD_ORDER, call("get_order", "{\"qty\":2.0,\"order_id\":\"A1\"}"), 3.0),
        // "2" != 2: keys 2/2, values 1/2 -> 1 + 1 + 0.5
        Arguments.of(GOLD_ORDER, call("get_order", "{\"order_id\":\"A1\",\"qty\":\"2\"}"), 2.5),
        // wrong name: 0 whatever the arguments
        Arguments.of(GOLD_ORDER, call("get_orders", "{\"order_id\":\"A1\",\"qty\":2}"), 0.0),
        // missing qty: keys 1/2, values 1/2 -> 2.0
        Arguments.of(GOLD_ORDER, call("get_order", "{\"order_id\":\"A1\"}"), 2.0),
        // extra key: keys 2/3, values 2/2 -> 2 + 2/3
        Arguments.of(GOLD_ORDER, call("get_order", "{\"order_id\":\"A1\",\"qty\":2,\"note\":\"x\"}"), 2 + 2 / 3.0),
        // wrong value and extra key: keys 2/3, values 1/2 -> 1 + 2/3 + 1/2
        Arguments.of(GOLD_ORDER, call("get_order", "{\"order_id\":\"B2\",\"qty\":2,\"x\":1}"), 1 + 2 / 3.0 + 0.5),
        // best over calls: wrong name then exact
        Arguments.of(GOLD_ORDER, call("cancel", "{}") + call("get_order", "{\"order_id\":\"A1\",\"qty\":2}"), 3.0),
        // arguments as a JSON string, and the parameters alias
        Arguments.of(GOLD_ORDER, "<tool_call>{\"name\":\"get_order\",\"arguments\":\"{\\\"order_id\\\":\\\"A1\\\",\\\"qty\\\":2}\"}</tool_call>", 3.0),
        Arguments.of(GOLD_ORDER, "<tool_call>{\"name\":\"get_order\",\"parameters\":{\"order_id\":\"A1\",\"qty\":2}}</tool_call>", 3.0),
        // wrong kind, invalid, one bad block among good ones: -1
        Arguments.of(GOLD_ORDER, "<answer>Your order A1 is on its way</answer>", -1.0),
        Arguments.of(GOLD_ORDER, "<tool_call>{\"name\":\"get_order\"</tool_call>", -1.0),
        Arguments.of(GOLD_ORDER, call("get_order", "{\"order_id\":\"A1\",\"qty\":2}") + "<tool_call>x</tool_call>", -1.0),
        // empty gold arguments: both empty -> 3; prediction with a key -> keys 0/1, values 1 -> 2
        Arguments.of(emptyGold, call("list", "{}"), 3.0),
        Arguments.of(emptyGold, call("list", "{\"x\":1}"), 2.0),
        // nested values: arrays in order, numbers by value inside
        Arguments.of("{\"type\":\"tool_call\",\"name\":\"f\",\"arguments\":{\"o\":{\"a\":[1,2]}}}", call("f", "{\"o\":{\"a\":[1.0,2]}}"), 3.0),
        Arguments.of("{\"type\":\"tool_call\",\"name\":\"f\",\"arguments\":{\"o\":{\"a\":[1,2]}}}", call("f", "{\"o\":{\"a\":[2,1]}}"), 2.0),
        Arguments.of("{\"type\":\"tool_call\",\"name\":\"f\",\"arguments\":{\"o\":{\"a\":1}}}", call("f", "{\"o\":{\"a\":1,\"b\":2}}"), 2.0),
        // "0" != 0, "true" != true, null == null
        Arguments.of("{\"type\":\"tool_call\",\"name\":\"f\",\"arguments\":{\"n\":0}}", call("f", "{\"n\":\"0\"}"), 2.0),
        Arguments.of("{\"type\":\"tool_call\",\"name\":\"f\",\"arguments\":{\"b\":true}}", call("f", "{\"b\":\"true\"}"), 2.0),
        Arguments.of("{\"type\":\"tool_call\",\"name\":\"f\",\"arguments\":{\"x\":null}}", call("f", "{\"x\":null}"), 3.0),
        // prediction lacks the only gold key: keys 0/1, values 0/1 -> 1
        Arguments.of("{\"type\":\"tool_call\",\"name\":\"f\",\"arguments\":{\"x\":null}}", call("f", "{}"), 1.0),
        // 1e2 == 100 and 0.10 == 0.1 by value
        Arguments.of("{\"type\":\"tool_call\",\"name\":\"f\",\"arguments\":{\"a\":100,\"b\":0.1}}", call("f", "{\"a\":1e2,\"b\":0.10}"), 3.0));
  }

  @ParameterizedTest
  @MethodSource("toolRows")
  void toolAccuracy(String gold, String completion, double expected) {
    Target.ToolCallTarget target = (Target.ToolCallTarget) target(gold);
    assertEquals(expected, Rewards.toolAccuracy(target, CompletionParser.parse(completion)), EPS, completion);
  }

  // ---------------------------------------------------------------- lexical fallback

  static Stream<Arguments> f1Rows() {
    return Stream.of(
        Arguments.of("The order shipped.", "the order shipped", 1.0), // case and punctuation ignored
        Arguments.of("order shipped today", "the order shipped", 2 / 3.0), // overlap 2, P = R = 2/3
        Arguments.of("a a b", "a b b", 2 / 3.0), // multiset: overlap {a, b} = 2, P = R = 2/3
        Arguments.of("a a a", "a", 0.5), // overlap 1: P = 1/3, R = 1 -> 2(1/3)/(4/3) = 0.5
        Arguments.of("yes", "no", 0.0),
        Arguments.of("", "", 1.0), // both empty
        Arguments.of("!!!", "...", 1.0), // no tokens on either side
        Arguments.of("", "x", 0.0),
        Arguments.of("Café au lait", "café", 0.5), // Unicode \w: P = 1/3, R = 1
        Arguments.of("snake_case id", "snake_case", 2 / 3.0)); // _ is a word char: P = 1/2, R = 1
  }

  @ParameterizedTest
  @MethodSource("f1Rows")
  void lexicalF1(String predicted, String gold, double expected) {
    assertEquals(expected, LexicalF1Similarity.f1(predicted, gold), EPS);
    double[] batch = new LexicalF1Similarity().similarity(List.of(predicted), List.of(gold));
    assertEquals(expected, batch[0], EPS);
  }

  // ---------------------------------------------------------------- total

  static Stream<Arguments> totalRows() {
    String answerGold = "{\"type\":\"answer\",\"content\":\"the order shipped\"}";
    String think7 = "<think>" + words(7) + "</think>";
    return Stream.of(
        // acc F1 = 1, format 1, length 7/14 -> 2.5
        Arguments.of(answerGold, think7 + "<answer>The order shipped</answer>", 1, 1, 1, 1.0, 1.0, 0.5, 2.5),
        // weights (2, 0.5, 1): 2 + 0.5 + 0.5
        Arguments.of(answerGold, think7 + "<answer>The order shipped</answer>", 2, 0.5, 1, 1.0, 1.0, 0.5, 3.0),
        // untagged base-model answer: acc 2/3, format 0, length 0
        Arguments.of(answerGold, "order shipped today", 1, 1, 1, 2 / 3.0, 0.0, 0.0, 2 / 3.0),
        // tool call for an answer target: -1 + 1 + 0.5 = 0.5
        Arguments.of(answerGold, think7 + call("f", "{}"), 1, 1, 1, -1.0, 1.0, 0.5, 0.5),
        // invalid: -1 + format 1/3 (think) + length 1 (14 words)
        Arguments.of(GOLD_ORDER, "<think>" + words(14) + "</think>", 1, 1, 1, -1.0, 1 / 3.0, 1.0, -1 + 1 / 3.0 + 1),
        // exact tool call with 20 words of reasoning: 3 + 1 + 1
        Arguments.of(GOLD_ORDER, "<think>" + words(20) + "</think>\n" + call("get_order", "{\"order_id\":\"A1\",\"qty\":2}"), 1, 1, 1, 3.0, 1.0, 1.0, 5.0));
  }

  @ParameterizedTest
  @MethodSource("totalRows")
  void total(String gold, String completion, double wAcc, double wFmt, double wLen,
      double accuracy, double format, double length, double total) {
    CompositeReward reward = new CompositeReward(
        RewardConfig.defaults().withWeights(wAcc, wFmt, wLen), new LexicalF1Similarity());
    RewardBreakdown r = reward.score(List.of(target(gold)), List.of(completion)).get(0);
    assertEquals(accuracy, r.accuracy(), EPS, "accuracy");
    assertEquals(format, r.format(), EPS, "format");
    assertEquals(length, r.length(), EPS, "length");
    assertEquals(total, r.total(), EPS, "total");
  }

  @Test
  void similarityIsCalledOnceForTheAnswerPairsOnly() {
    int[] calls = {0};
    AnswerSimilarity constant = new AnswerSimilarity() {
      @Override
      public double[] similarity(List<String> predicted, List<String> gold) {
        calls[0]++;
        assertEquals(List.of("b", "d"), predicted);
        assertEquals(List.of("B", "D"), gold);
        return new double[] {0.25, 0.75};
      }

      @Override
      public String name() {
        return "constant";
      }
    };
    CompositeReward reward = new CompositeReward(RewardConfig.defaults(), constant);
    List<Target> golds = List.of(
        target("{\"type\":\"answer\",\"content\":\"A\"}"), target("{\"type\":\"answer\",\"content\":\"B\"}"),
        target(GOLD_ORDER), target("{\"type\":\"answer\",\"content\":\"D\"}"));
    List<RewardBreakdown> rewards = reward.score(golds, List.of(call("f", "{}"), "b", "<answer>c</answer>", "<answer>d</answer>"));
    assertEquals(1, calls[0]);
    assertEquals(List.of(-1.0, 0.25, -1.0, 0.75), rewards.stream().map(RewardBreakdown::accuracy).toList());
  }

  @Test
  void configRejectsImpossibleBounds() {
    assertThrows(ConfigException.class, () -> new RewardConfig(1, 1, 1, 0, 100));
    assertThrows(ConfigException.class, () -> new RewardConfig(1, 1, 1, 20, 10));
    assertThrows(ConfigException.class, () -> new RewardConfig(Double.NaN, 1, 1, 14, 100));
  }
}
