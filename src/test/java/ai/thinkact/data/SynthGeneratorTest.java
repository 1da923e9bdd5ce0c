package ai.thinkact.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthGeneratorTest {
  private static final Pattern IDS = Pattern.compile("#W\\d{7}|credit_card_\\d{7}|gift_card_\\d{7}|HAT\\d{3}|\\b\\d{10}\\b");

  @TempDir Path dir;

  @Test
  void sameSeedSameFileOtherSeedOtherFile() throws IOException {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    Path c = dir.resolve("c.json");
    SynthGenerator.writeConversations(a, SynthGenerator.conversations(SynthDomain.BOTH, 30, 0.4, new Random(5)));
    SynthGenerator.writeConversations(b, SynthGenerator.conversations(SynthDomain.BOTH, 30, 0.4, new Random(5)));
    SynthGenerator.writeConversations(c, SynthGenerator.conversations(SynthDomain.BOTH, 30, 0.4, new Random(6)));
    assertEquals(Files.readString(a), Files.readString(b));
    assertNotEquals(Files.readString(a), Files.readString(c));
    // and it is valid APIGen-MT: the loader reads every record back
    assertEquals(30, ApigenLoader.load(a, "synth", false).conversations().size());
  }

  @Test
  void recordsHaveExactlyTheShapeOfApigenMtAndTheDomainSurvivesTheRoundTrip() throws IOException {
    List<Conversation> generated = SynthGenerator.conversations(SynthDomain.BOTH, 20, 0.4, new Random(9));
    Path file = dir.resolve("shape.json");
    SynthGenerator.writeConversations(file, generated);
    JsonNode records = Json.MAPPER.readTree(file.toFile());
    for (int i = 0; i < records.size(); i++) {
      JsonNode record = records.get(i);
      List<String> keys = new java.util.ArrayList<>();
      record.fieldNames().forEachRemaining(keys::add);
      assertEquals(List.of("conversations", "tools", "system"), keys, "no id or domain field, as in apigen-mt_5k.json");
      assertTrue(record.get("tools").isTextual(), "tools is a JSON string");
      JsonNode tools = Json.MAPPER.readTree(record.get("tools").asText());
      for (JsonNode tool : tools) {
        List<String> toolKeys = new java.util.ArrayList<>();
        tool.fieldNames().forEachRemaining(toolKeys::add);
        assertEquals(List.of("name", "description", "parameters"), toolKeys, "a bare spec, no type: function wrapper");
      }
      JsonNode think = tools.get(tools.size() - 1);
      assertEquals(ThinkTool.NAME, think.get("name").asText());
      assertTrue(think.get("description").asText().startsWith("Use this tool to think and perform reasoning before calling an API"));
      String heading = record.get("system").asText().lines().findFirst().orElseThrow();
      String domain = generated.get(i).domain();
      assertEquals(domain.equals(Domains.RETAIL) ? "# Retail agent policy" : "# Airline Agent Policy", heading);
    }
    assertEquals(java.util.Set.of("retail", "airline"), generated.stream().map(Conversation::domain).collect(Collectors.toSet()));
    List<Conversation> read = ApigenLoader.load(file, "synth", false).conversations();
    assertEquals(generated.stream().map(Conversation::domain).toList(), read.stream().map(Conversation::domain).toList());
    assertEquals(generated.stream().map(c -> c.source().substring("synth-".length())).toList(),
        generated.stream().map(Conversation::domain).toList(), "retail and airline conversations say so");
  }

  @Test
  void domainsUseTheirOwnTools() {
    List<Conversation> both = SynthGenerator.conversations(SynthDomain.BOTH, 40, 0.4, new Random(1));
    Map<String, Long> bySource = both.stream().collect(Collectors.groupingBy(Conversation::source, Collectors.counting()));
    assertTrue(bySource.get("synth-retail") > 5 && bySource.get("synth-airline") > 5, bySource.toString());
    for (Conversation c : SynthGenerator.conversations(SynthDomain.AIRLINE, 20, 0.4, new Random(2))) {
      List<String> tools = c.tools().stream().map(Json::toolName).toList();
      assertTrue(tools.contains("get_reservation_details") && !tools.contains("get_order_details"), tools.toString());
      for (Turn t : c.turns()) {
        if (t.call() != null) {
          assertTrue(tools.contains(t.call().name()), t.call().name());
        }
      }
    }
  }

  @Test
  void callsSucceedAndCopyTheirArgumentsFromTheConversation() {
    for (Conversation c : SynthGenerator.conversations(SynthDomain.BOTH, 120, 0.4, new Random(3))) {
      StringBuilder seen = new StringBuilder(c.system());
      List<Turn> turns = c.turns();
      for (int i = 0; i < turns.size(); i++) {
        Turn t = turns.get(i);
        if (t.call() != null) {
          assertFalse(turns.get(i + 1).value().startsWith("Error"), c.id() + ": " + t.value() + " -> " + turns.get(i + 1).value());
          t.call().arguments().fields().forEachRemaining(arg -> {
            if (!arg.getKey().equals("summary") && !arg.getKey().equals(ThinkTool.THOUGHT)) {
              for (JsonNode value : arg.getValue().isArray() ? arg.getValue() : List.of(arg.getValue())) {
                if (value.isTextual()) {
                  assertTrue(seen.toString().contains(value.asText()), c.id() + ": " + arg.getKey() + "=" + value + " never appeared before " + t.value());
                }
              }
            }
          });
        }
        if (t.from() == From.GPT) {
          Matcher ids = IDS.matcher(t.value());
          while (ids.find()) {
            assertTrue(seen.toString().contains(ids.group()), c.id() + ": answer mentions " + ids.group() + " that no earlier turn has: " + t.value());
          }
        }
        seen.append('\n').append(t.value());
      }
    }
  }

  @Test
  void thinkCallsComeBeforeSomeActionsWithEmptyObservations() {
    int actions = 0;
    int thinks = 0;
    for (Conversation c : SynthGenerator.conversations(SynthDomain.BOTH, 100, 0.4, new Random(8))) {
      assertTrue(c.tools().stream().map(Json::toolName).anyMatch(ThinkTool.NAME::equals), "the think schema is listed");
      List<Turn> turns = c.turns();
      for (int i = 0; i < turns.size(); i++) {
        Turn t = turns.get(i);
        if (ThinkTool.isThinkCall(t)) {
          thinks++;
          assertEquals("", turns.get(i + 1).value(), "a think call is answered by an empty observation");
          assertTrue(turns.get(i + 2).from().isAgentAction(), "the agent acts right after thinking");
        } else if (t.from().isAgentAction()) {
          actions++;
        }
      }
    }
    double share = (double) thinks / actions;
    assertTrue(share > 0.3 && share < 0.5, "think share " + share);
  }

  @Test
  void coldStartSamplesFromThinkCallsAreShortCorrectlyTaggedAndNameTheTool() throws IOException {
    Path file = dir.resolve("c.json");
    SynthGenerator.writeConversations(file, SynthGenerator.conversations(SynthDomain.BOTH, 150, 1.0, new Random(4)));
    List<Sample> all = Datasets.load(DataFormat.APIGEN_MT, file, "synth", null, false, ThinkTool.REASONING)
        .conversations().stream().flatMap(List::stream).toList();
    List<Sample> samples = ColdStartSamples.select(all, 80, new Random(4));
    assertEquals(80, samples.size());
    // Answers in the share the task has (here about half), so the cold start keeps answering.
    long answers = samples.stream().filter(s -> s.target().type() == TargetType.ANSWER).count();
    double taskShare = (double) all.stream().filter(s -> s.target().type() == TargetType.ANSWER).count() / all.size();
    assertTrue(taskShare > 0.35 && taskShare < 0.65, "answer share of the synthetic task " + taskShare);
    assertEquals(Math.round(80 * taskShare), answers);
    for (Sample s : samples) {
      int words = s.reasoning().strip().split("\\s+").length;
      assertTrue(words >= 14 && words <= 80, words + " words: " + s.reasoning());
      if (s.target() instanceof Target.ToolCallTarget call) {
        assertTrue(s.reasoning().contains(call.name()), s.reasoning());
      } else {
        assertTrue(s.reasoning().toLowerCase(Locale.ROOT).contains("no tool call")
            || s.reasoning().toLowerCase(Locale.ROOT).contains("no further tool call"), s.reasoning());
      }
    }
    assertEquals(samples, ColdStartSamples.select(all, 80, new Random(4)));
    assertEquals(samples.size(), samples.stream().map(Sample::id).distinct().count());
  }
}
