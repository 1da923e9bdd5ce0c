package ai.thinkact.cli;

import ai.thinkact.CliRun;
import static ai.thinkact.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.thinkact.data.ApigenLoader;
import ai.thinkact.data.Conversation;
import ai.thinkact.data.Decomposer;
import ai.thinkact.data.Json;
import ai.thinkact.data.Sample;
import ai.thinkact.data.SampleJsonl;
import ai.thinkact.data.SynthDomain;
import ai.thinkact.data.SynthGenerator;
import ai.thinkact.data.ThinkTool;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandsTest {
  @TempDir Path dir;



  static String fixture(String name) {
    try {
      return Path.of(DataCommandsTest.class.getResource("/data/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path synth(int conversations) {
    Path file = dir.resolve("synth-" + conversations + ".json");
    CliRun r = run("data", "synth", "--domain", "both", "--conversations", "" + conversations, "--seed", "11", "--out", file.toString());
    assertEquals(0, r.code(), r.err());
    return file;
  }

  private static Set<String> conversationIds(Path file) throws IOException {
    return SampleJsonl.read(file).stream().map(Sample::conversationId).collect(Collectors.toSet());
  }

  @Test
  void testFractionZeroPutsEverythingInTrain() throws IOException {
    Path out = dir.resolve("out");
    CliRun r = run("data", "prepare", "--format", "apigen-mt", "--input", fixture("apigen_small.json"), "--out", out.toString(), "--test-fraction", "0");
    assertEquals(0, r.code(), r.err());
    assertEquals(8, SampleJsonl.read(out.resolve("train.jsonl")).size());
    assertEquals(0, SampleJsonl.read(out.resolve("test.jsonl")).size());
    assertTrue(r.out().contains("samples        train 8, test 0"), r.out());
    assertTrue(r.out().contains("train 3 tool calls, 5 answers"), r.out());
  }

  @Test
  void synthRoundTripsThroughPrepareAndSplitsByConversation() throws IOException {
    Path input = synth(40);
    Path out = dir.resolve("out");
    CliRun r = run("data", "prepare", "--format", "apigen-mt", "--input", input.toString(), "--out", out.toString(),
        "--conversations", "20", "--test-fraction", "0.25", "--seed", "3", "--source", "synth");
    assertEquals(0, r.code(), r.err());
    Set<String> train = conversationIds(out.resolve("train.jsonl"));
    Set<String> test = conversationIds(out.resolve("test.jsonl"));
    assertEquals(15, train.size());
    assertEquals(5, test.size());
    Set<String> overlap = new HashSet<>(train);
    overlap.retainAll(test);
    assertTrue(overlap.isEmpty(), "conversations in both files: " + overlap);
    // every written sample is exactly what the decomposer cuts from the synthetic conversation
    // (the default --think-tool drop removes the think pseudo-tool's calls first)
    List<Sample> expected = ApigenLoader.load(input, "synth", false).conversations().stream()
        .filter(c -> train.contains(c.id())).flatMap(c -> Decomposer.decompose(ThinkTool.DROP.apply(c)).stream()).toList();
    assertEquals(expected, SampleJsonl.read(out.resolve("train.jsonl")));
  }

  @Test
  void sameSeedSameSplitOtherSeedOtherSplit() throws IOException {
    Path input = synth(40);
    for (String[] run : new String[][] {{"a", "7"}, {"b", "7"}, {"c", "8"}}) {
      assertEquals(0, run("data", "prepare", "--format", "apigen-mt", "--input", input.toString(), "--out", dir.resolve(run[0]).toString(),
          "--seed", run[1]).code());
    }
    assertEquals(Files.readString(dir.resolve("a/test.jsonl")), Files.readString(dir.resolve("b/test.jsonl")));
    assertEquals(Files.readString(dir.resolve("a/train.jsonl")), Files.readString(dir.resolve("b/train.jsonl")));
    assertNotEquals(conversationIds(dir.resolve("a/test.jsonl")), conversationIds(dir.resolve("c/test.jsonl")));
  }

  @Test
  void samplesFormatReSplitsWrittenSamples() throws IOException {
    Path first = dir.resolve("first");
    run("data", "prepare", "--format", "apigen-mt", "--input", fixture("apigen_small.json"), "--out", first.toString(), "--test-fraction", "0");
    Path second = dir.resolve("second");
    CliRun r = run("data", "prepare", "--format", "samples", "--input", first.resolve("train.jsonl").toString(), "--out", second.toString(),
        "--test-fraction", "0");
    assertEquals(0, r.code(), r.err());
    assertEquals(Files.readString(first.resolve("train.jsonl")), Files.readString(second.resolve("train.jsonl")));
  }

  @Test
  void badRecordExitsThreeWithFileAndRecord() {
    Path out = dir.resolve("out");
    CliRun r = run("data", "prepare", "--format", "apigen-mt", "--input", fixture("bad_from.json"), "--out", out.toString());
    assertEquals(Main.EXIT_INVALID_DATA, r.code());
    assertTrue(r.err().startsWith("error: ") && r.err().contains("bad_from.json:record 2: conversations[1]: unknown \"from\" \"robot\""), r.err());
    assertTrue(!Files.exists(out.resolve("train.jsonl")), "nothing is written for invalid input");
    assertEquals(Main.EXIT_INVALID_DATA, CliRun.run("data", "stats", fixture("samples_bad.jsonl")).code());
  }

  /** One good record, then {@code bad}: prepare must stop with exit 3 and name the file, record 2 and the field. */
  private void assertRejected(String name, ObjectNode bad, String expected) throws IOException {
    Path input = dir.resolve(name);
    ObjectNode good = record("{\"name\": \"get_order_details\", \"arguments\": {\"order_id\": \"#W1\"}}", "[]");
    Files.writeString(input, good + "\n" + bad + "\n");
    Path out = dir.resolve("out-" + name);
    CliRun r = run("data", "prepare", "--format", "apigen-mt", "--input", input.toString(), "--out", out.toString());
    assertEquals(Main.EXIT_INVALID_DATA, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertTrue(r.err().contains(input + ":record 2: " + expected), r.err());
    assertTrue(!Files.exists(out.resolve("train.jsonl")), "nothing is written for invalid input");
  }

  /** An APIGen-MT record: a user message, then a function_call whose value is {@code call}; {@code tools} as given. */
  private static ObjectNode record(String call, String tools) {
    ObjectNode record = Json.MAPPER.createObjectNode();
    ArrayNode conversation = record.putArray("conversations");
    conversation.addObject().put("from", "human").put("value", "where is #W1?");
    conversation.addObject().put("from", "function_call").put("value", call);
    record.put("tools", tools);
    record.put("system", "# Retail agent policy");
    return record;
  }

  @Test
  void aFunctionCallThatIsNotNameAndArgumentsExitsThreeNamingFileRecordAndField() throws IOException {
    String tools = "[{\"name\": \"get_order_details\"}]";
    assertRejected("array.jsonl", record("[\"get_order_details\", {}]", tools),
        "conversations[1]: function_call value is a JSON array, not {\"name\",\"arguments\"}");
    assertRejected("no_name.jsonl", record("{\"arguments\": {\"order_id\": \"#W1\"}}", tools),
        "conversations[1]: function_call value has no string \"name\" (expected {\"name\",\"arguments\"})");
    assertRejected("list_args.jsonl", record("{\"name\": \"get_order_details\", \"arguments\": [\"#W1\"]}", tools),
        "conversations[1]: function_call \"arguments\" is not a JSON object");
    assertRejected("not_json.jsonl", record("get_order_details(#W1)", tools),
        "conversations[1]: function_call value is not valid JSON");
    assertRejected("empty.jsonl", record("", tools),
        "conversations[1]: function_call value is empty (expected {\"name\",\"arguments\"})");
  }

  @Test
  void aToolsStringThatIsNotJsonExitsThreeNamingFileRecordAndField() throws IOException {
    String call = "{\"name\": \"get_order_details\", \"arguments\": {}}";
    assertRejected("tools.jsonl", record(call, "[{name: get_order_details}"), "\"tools\" is not valid JSON: ");
    assertRejected("tools_object.jsonl", record(call, "{\"name\": \"get_order_details\"}"), "\"tools\" is not a list");
  }

  @Test
  void aThinkCallWithoutAThoughtExitsThreeNamingFileRecordAndField() throws IOException {
    assertRejected("think.jsonl", record("{\"name\": \"think\", \"arguments\": {}}", "[]"),
        "conversations[1]: think call has no string argument \"thought\"");
    assertRejected("think_number.jsonl", record("{\"name\": \"think\", \"arguments\": {\"thought\": 3}}", "[]"),
        "conversations[1]: think call has no string argument \"thought\"");
  }

  @Test
  void statsCountSamplesConversationsAndReasoningPerDomain() throws IOException {
    Path out = dir.resolve("out");
    CliRun r = run("data", "prepare", "--format", "apigen-mt", "--input", fixture("apigen_domains.jsonl"), "--out", out.toString(),
        "--test-fraction", "0", "--think-tool", "reasoning");
    assertEquals(0, r.code(), r.err());
    List<Sample> samples = SampleJsonl.read(out.resolve("train.jsonl"));
    assertEquals(List.of("airline", "airline", "retail", "retail", "unknown", "refunds"), samples.stream().map(Sample::domain).toList());
    CliRun stats = run("data", "stats", out.resolve("train.jsonl").toString());
    assertEquals(0, stats.code(), stats.err());
    assertTrue(stats.out().contains("samples            6 from 4 conversations"), stats.out());
    assertTrue(stats.out().contains("with reasoning     1"), stats.out());
    // domain, samples, conversations, samples with reasoning (the airline record thinks before its call)
    assertTrue(stats.out().matches("(?s).*\n  airline\\s+2\\s+1\\s+1\n.*"), stats.out());
    assertTrue(stats.out().matches("(?s).*\n  refunds\\s+1\\s+1\\s+0\n.*"), stats.out());
    assertTrue(stats.out().matches("(?s).*\n  retail\\s+2\\s+1\\s+0\n.*"), stats.out());
    assertTrue(stats.out().matches("(?s).*\n  unknown\\s+1\\s+1\\s+0\n.*"), stats.out());
    CliRun show = run("data", "show", out.resolve("train.jsonl").toString(), "--index", "0");
    assertTrue(show.out().startsWith("sample apigen-mt-00001#0 (conversation apigen-mt-00001, source apigen-mt, domain airline)"), show.out());
  }

  @Test
  void synthSamplesCarryTheDomainOfTheirWorld() throws IOException {
    Path input = synth(40);
    Path out = dir.resolve("out");
    CliRun r = run("data", "prepare", "--format", "apigen-mt", "--input", input.toString(), "--out", out.toString(),
        "--source", "synth", "--test-fraction", "0");
    assertEquals(0, r.code(), r.err());
    // the same command line as synth(40): seed 11, think share 0.4
    List<String> generated = SynthGenerator.conversations(SynthDomain.BOTH, 40, 0.4, new java.util.Random(11)).stream()
        .map(Conversation::domain).toList();
    List<Sample> samples = SampleJsonl.read(out.resolve("train.jsonl"));
    for (Sample s : samples) {
      int record = Integer.parseInt(s.conversationId().substring("synth-".length()));
      assertEquals(generated.get(record - 1), s.domain(), s.id());
    }
    assertEquals(Set.of("retail", "airline"), samples.stream().map(Sample::domain).collect(Collectors.toSet()));
  }

  @Test
  void skipInvalidReportsHowManyAndWhy() throws IOException {
    Path out = dir.resolve("out");
    CliRun r = run("data", "prepare", "--format", "apigen-mt", "--input", fixture("bad_records.jsonl"), "--out", out.toString(),
        "--skip-invalid", "--test-fraction", "0");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("skipped        2 invalid records"), r.out());
    assertTrue(r.out().contains(":record 3: missing field \"conversations\""), r.out());
    assertEquals(4, SampleJsonl.read(out.resolve("train.jsonl")).size());
  }

  @Test
  void almitaCsvPreparesAndAMismatchListsTheHeader() {
    assertEquals(0, run("data", "prepare", "--format", "almita", "--input", fixture("almita_turns.csv"), "--out", dir.resolve("a").toString()).code());
    CliRun bad = run("data", "prepare", "--format", "almita", "--input", fixture("almita_unknown.csv"), "--out", dir.resolve("b").toString());
    assertEquals(Main.EXIT_INVALID_DATA, bad.code());
    assertTrue(bad.err().contains("[alpha, beta, gamma]"), bad.err());
    assertEquals(Main.EXIT_USAGE, run("data", "prepare", "--format", "parquet", "--input", fixture("almita_turns.csv"), "--out", "x").code());
  }

  @Test
  void statsAndShowDescribeSamples() throws IOException {
    Path out = dir.resolve("out");
    run("data", "prepare", "--format", "apigen-mt", "--input", fixture("apigen_small.json"), "--out", out.toString(), "--test-fraction", "0");
    String train = out.resolve("train.jsonl").toString();
    CliRun stats = run("data", "stats", train);
    assertEquals(0, stats.code(), stats.err());
    assertTrue(stats.out().contains("samples            8 from 3 conversations"), stats.out());
    assertTrue(stats.out().contains("tool_call        3 (37.5%)"), stats.out());
    assertTrue(stats.out().matches("(?s).*get_order_details\\s+2\n.*"), stats.out());
    CliRun show = run("data", "show", train, "--index", "2");
    assertEquals(0, show.code(), show.err());
    assertTrue(show.out().contains("=== target: tool_call\nget_order_details {\"order_id\":\"#W2\"}"), show.out());
    assertTrue(show.out().contains("  -> get_order_details {\"order_id\":\"#W1\"}"), show.out());
    assertEquals(Main.EXIT_USAGE, run("data", "show", train, "--index", "8").code());
  }

  @Test
  void showWithTokenizerMarksExactlyTheTargetTurn() throws IOException {
    Path out = dir.resolve("out");
    run("data", "prepare", "--format", "apigen-mt", "--input", fixture("apigen_small.json"), "--out", out.toString(), "--test-fraction", "0");
    CliRun show = run("data", "show", out.resolve("train.jsonl").toString(), "--index", "2",
        "--tokenizer", ai.thinkact.TestPaths.qwen3Tokenizer().toString());
    assertEquals(0, show.code(), show.err());
    String rendered = show.out().substring(show.out().indexOf("=== rendered for sft"));
    // Stage 1 trains on the empty think block, the tool call and <|im_end|>: one marked run at the end.
    assertTrue(rendered.contains("<|im_start|>assistant\n[[<think>\n\n</think>\n\n<tool_call>\n"
        + "{\"name\": \"get_order_details\", \"arguments\": {\"order_id\": \"#W2\"}}\n</tool_call><|im_end|>]]"), rendered);
    assertEquals(1, rendered.split("\\[\\[", -1).length - 1, rendered);
    assertEquals(Main.EXIT_USAGE, run("data", "show", out.resolve("train.jsonl").toString(), "--tokenizer",
        ai.thinkact.TestPaths.qwen3Tokenizer().toString(), "--stage", "rl").code());
    CliRun tooShort = run("data", "show", out.resolve("train.jsonl").toString(), "--index", "2", "--tokenizer",
        ai.thinkact.TestPaths.qwen3Tokenizer().toString(), "--max-length", "16");
    assertEquals(Main.EXIT_USAGE, tooShort.code());
    assertTrue(tooShort.err().contains("does not fit --max-length 16"), tooShort.err());
  }

  @Test
  void prepareDrawsColdStartSamplesFromTheTrainConversationsThoughts() throws IOException {
    Path out = dir.resolve("out");
    CliRun r = run("data", "prepare", "--format", "apigen-mt", "--input", synth(60).toString(), "--out", out.toString(),
        "--think-tool", "reasoning", "--coldstart-samples", "30", "--test-fraction", "0.3");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().matches("(?s).*reasoning      \\d+ of \\d+ train samples \\(from think calls\\).*"), r.out());
    List<Sample> samples = SampleJsonl.read(out.resolve("coldstart.jsonl"));
    assertEquals(30, samples.size());
    assertTrue(samples.stream().allMatch(s -> s.reasoning() != null && !s.reasoning().isBlank()));
    Set<String> test = conversationIds(out.resolve("test.jsonl"));
    assertTrue(samples.stream().noneMatch(s -> test.contains(s.conversationId())), "a cold-start sample from a test conversation");
    CliRun none = run("data", "prepare", "--format", "apigen-mt", "--input", synth(10).toString(), "--out",
        dir.resolve("none").toString(), "--coldstart-samples", "5");
    assertEquals(Main.EXIT_INVALID_DATA, none.code());
    assertTrue(none.err().contains("--think-tool reasoning"), none.err());
  }

  @Test
  void prepareAddsARehearsalOfOtherTrainSamplesWithoutTheirReasoning() throws IOException {
    Path conversations = synth(60);
    Path plain = dir.resolve("plain");
    CliRun r = run("data", "prepare", "--format", "apigen-mt", "--input", conversations.toString(), "--out", plain.toString(),
        "--think-tool", "reasoning", "--coldstart-samples", "20", "--test-fraction", "0.3");
    assertEquals(0, r.code(), r.err());
    Path out = dir.resolve("out");
    r = run("data", "prepare", "--format", "apigen-mt", "--input", conversations.toString(), "--out", out.toString(),
        "--think-tool", "reasoning", "--coldstart-samples", "20", "--coldstart-rehearsal", "25", "--test-fraction", "0.3");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("and 25 without, a rehearsal of stage 1"), r.out());
    List<Sample> samples = SampleJsonl.read(out.resolve("coldstart.jsonl"));
    assertEquals(45, samples.size());
    List<Sample> reasoning = samples.stream().filter(s -> s.reasoning() != null).toList();
    // The same reasoning samples as without a rehearsal; the others are other train samples.
    assertEquals(ids(SampleJsonl.read(plain.resolve("coldstart.jsonl"))), ids(reasoning));
    Set<String> train = ids(SampleJsonl.read(out.resolve("train.jsonl")));
    assertTrue(train.containsAll(ids(samples)));
    assertEquals(45, ids(samples).size(), "no sample twice");
    assertEquals(20, reasoning.size());
    CliRun alone = run("data", "prepare", "--format", "apigen-mt", "--input", synth(10).toString(), "--out",
        dir.resolve("alone").toString(), "--coldstart-rehearsal", "5");
    assertEquals(Main.EXIT_USAGE, alone.code());
    assertTrue(alone.err().contains("needs --coldstart-samples"), alone.err());
  }

  private static Set<String> ids(List<Sample> samples) {
    return samples.stream().map(Sample::id).collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void bundledQuickStartSetIsWhatTheDocumentedCommandsWrite() throws IOException {
    // docs/data.md names these commands; if the generator changes, rerun them to refresh data/synth
    Path conversations = dir.resolve("conversations.json");
    CliRun r = run("data", "synth", "--domain", "both", "--conversations", "150", "--seed", "42", "--out", conversations.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(Files.readString(Path.of("data/synth/conversations.json")), Files.readString(conversations));
    Path out = dir.resolve("prepared");
    r = run("data", "prepare", "--format", "apigen-mt", "--input", conversations.toString(), "--source", "synth",
        "--out", out.toString(), "--think-tool", "reasoning", "--coldstart-samples", "60");
    assertEquals(0, r.code(), r.err());
    assertEquals(Files.readString(Path.of("data/synth/coldstart.jsonl")), Files.readString(out.resolve("coldstart.jsonl")));
  }

  @Test
  void tokenizerCountsTokens() {
    Path tokenizer = Path.of("data/tokenizer/qwen3").toAbsolutePath();
    assumeTrue(Files.isRegularFile(tokenizer.resolve("tokenizer.json")), "Qwen3 tokenizer not fetched");
    CliRun r = run("data", "prepare", "--format", "apigen-mt", "--input", fixture("apigen_small.json"), "--out", dir.resolve("t").toString(),
        "--test-fraction", "0", "--tokenizer", tokenizer.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().matches("(?s).*tokens         train context \\d+ \\+ target \\d+ \\(max \\d+ per sample\\).*"), r.out());
  }

  @Test
  void preparedDirectoryHoldsOnlyTheTwoFiles() throws IOException {
    Path out = dir.resolve("out");
    run("data", "prepare", "--format", "apigen-mt", "--input", fixture("apigen_small.jsonl"), "--out", out.toString());
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(Set.of("train.jsonl", "test.jsonl"), files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
  }

  @Test
  void withoutToolsDropsTheSchemasAndKeepsEverythingElse() throws IOException {
    Path input = synth(6);
    Path with = dir.resolve("with");
    Path without = dir.resolve("without");
    assertEquals(0, run("data", "prepare", "--format", "apigen-mt", "--input", input.toString(), "--out", with.toString()).code());
    CliRun r = run("data", "prepare", "--format", "apigen-mt", "--input", input.toString(), "--out", without.toString(),
        "--without-tools");
    assertEquals(0, r.code(), r.err());
    for (String split : List.of("train.jsonl", "test.jsonl")) {
      List<Sample> full = SampleJsonl.read(with.resolve(split));
      List<Sample> bare = SampleJsonl.read(without.resolve(split));
      assertEquals(full.size(), bare.size());
      for (int i = 0; i < full.size(); i++) {
        assertTrue(!full.get(i).tools().isEmpty(), "the synthetic world has tools");
        assertTrue(bare.get(i).tools().isEmpty(), bare.get(i).id());
        assertEquals(full.get(i).messages(), bare.get(i).messages());
        assertEquals(full.get(i).target(), bare.get(i).target());
      }
    }
  }

  @Test
  void anEmptyDatasetIsInvalidDataAndWritesNothing() throws IOException {
    Path empty = dir.resolve("empty.jsonl");
    Files.writeString(empty, "\n");
    Path out = dir.resolve("never");
    CliRun r = run("data", "prepare", "--format", "apigen-mt", "--input", empty.toString(), "--out", out.toString());
    assertEquals(Main.EXIT_INVALID_DATA, r.code(), r.err());
    assertTrue(r.err().contains(empty + ": no conversations"), r.err());
    assertTrue(!Files.exists(out.resolve("train.jsonl")));
  }
}
