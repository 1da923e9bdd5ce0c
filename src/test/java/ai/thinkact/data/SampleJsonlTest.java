package ai.thinkact.data;

import ai.thinkact.base.InvalidDataException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleJsonlTest {
  @TempDir Path dir;

  private static List<Sample> fixtureSamples() throws IOException {
    List<Sample> samples = new ArrayList<>();
    for (Conversation c : ApigenLoader.load(Fixtures.path("apigen_small.json"), "apigen-mt", false).conversations()) {
      samples.addAll(Decomposer.decompose(c));
    }
    return samples;
  }

  @Test
  void writeThenReadGivesTheSameSamples() throws IOException {
    List<Sample> samples = new ArrayList<>(fixtureSamples());
    Sample first = samples.get(0);
    samples.set(0, new Sample(first.id(), first.source(), first.conversationId(), first.tools(), first.messages(), first.target(), "why"));
    Path file = dir.resolve("out/train.jsonl");
    SampleJsonl.write(file, samples);
    assertEquals(samples, SampleJsonl.read(file));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void readAtParsesOnlyTheIndexedSample() throws IOException {
    List<Sample> samples = fixtureSamples();
    Path file = dir.resolve("s.jsonl");
    SampleJsonl.write(file, samples);
    assertEquals(samples.get(5), SampleJsonl.readAt(file, 5));
    assertEquals(null, SampleJsonl.readAt(file, samples.size()));
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> SampleJsonl.readAt(Fixtures.path("samples_bad.jsonl"), 1));
    assertTrue(e.getMessage().contains("samples_bad.jsonl:line 2: "), e.getMessage());
    assertEquals("a#0", SampleJsonl.readAt(Fixtures.path("samples_bad.jsonl"), 0).id());
  }

  @Test
  void jsonFollowsTheOpenAiConvention() throws IOException {
    Sample sample = fixtureSamples().get(3); // conv1's final answer, after two tool calls
    JsonNode json = SampleJsonl.toJson(sample);
    assertEquals("answer", json.at("/target/type").asText());
    JsonNode call = json.at("/messages/4/tool_calls/0");
    assertEquals("function", call.get("type").asText());
    assertEquals("get_order_details", call.at("/function/name").asText());
    assertTrue(call.at("/function/arguments").isObject());
    assertEquals("tool", json.at("/messages/6/role").asText());
    assertFalse(json.at("/messages/1").has("tool_calls"));
    assertFalse(json.has("reasoning"));
    JsonNode toolTarget = SampleJsonl.toJson(fixtureSamples().get(1)).get("target");
    assertEquals("tool_call", toolTarget.get("type").asText());
    assertEquals("#W1", toolTarget.at("/arguments/order_id").asText());
  }

  @Test
  void domainIsWrittenAndAnOlderLineWithoutOneTakesItFromThePolicyHeading() throws IOException {
    List<Sample> samples = new ArrayList<>();
    for (Conversation c : ApigenLoader.load(Fixtures.path("apigen_domains.jsonl"), "apigen-mt", false).conversations()) {
      samples.addAll(Decomposer.decompose(c));
    }
    Path file = dir.resolve("domains.jsonl");
    SampleJsonl.write(file, samples);
    assertEquals(samples, SampleJsonl.read(file));
    List<String> lines = Files.readAllLines(file);
    assertEquals("airline", Json.MAPPER.readTree(lines.get(0)).get("domain").asText());
    // a file written before samples had a domain: the system message's heading decides, else unknown
    String airline = lines.get(0).replace("\"domain\":\"airline\",", "");
    String refunds = lines.get(lines.size() - 1).replace("\"domain\":\"refunds\",", "");
    assertFalse(airline.contains("\"domain\"") || refunds.contains("\"domain\""));
    Path old = dir.resolve("old.jsonl");
    Files.writeString(old, airline + "\n" + refunds + "\n");
    assertEquals(List.of("airline", Domains.UNKNOWN), SampleJsonl.read(old).stream().map(Sample::domain).toList());
    Files.writeString(old, lines.get(0).replace("\"domain\":\"airline\"", "\"domain\":7") + "\n");
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> SampleJsonl.read(old));
    assertTrue(e.getMessage().endsWith("old.jsonl:line 1: \"domain\" must be a string, got number 7"), e.getMessage());
  }

  @Test
  void badLineNamesFileAndLine() {
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> SampleJsonl.read(Fixtures.path("samples_bad.jsonl")));
    assertTrue(e.getMessage().endsWith("samples_bad.jsonl:line 2: target: unknown \"type\" \"shrug\" (expected tool_call or answer)"), e.getMessage());
  }
}
