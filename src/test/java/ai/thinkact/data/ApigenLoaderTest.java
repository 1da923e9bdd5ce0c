package ai.thinkact.data;

import ai.thinkact.base.InvalidDataException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApigenLoaderTest {

  @Test
  void jsonArrayAndJsonlGiveTheSameConversations() throws IOException {
    LoadResult array = ApigenLoader.load(Fixtures.path("apigen_small.json"), "apigen-mt", false);
    LoadResult lines = ApigenLoader.load(Fixtures.path("apigen_small.jsonl"), "apigen-mt", false);
    assertEquals(3, array.conversations().size());
    assertEquals(array.conversations(), lines.conversations());
    assertEquals(9, array.conversations().get(0).turns().size());
    assertEquals("", array.conversations().get(1).system());
  }

  @Test
  void theDomainIsThePolicyHeadingAndEverySampleCarriesIt() throws IOException {
    List<Conversation> conversations = ApigenLoader.load(Fixtures.path("apigen_domains.jsonl"), "apigen-mt", false).conversations();
    // "# Airline Agent Policy", "# Retail agent policy", a policy without a heading, an explicit "domain" field
    assertEquals(List.of("airline", "retail", "unknown", "refunds"), conversations.stream().map(Conversation::domain).toList());
    for (Conversation c : conversations) {
      for (Sample s : Decomposer.decompose(ThinkTool.DROP.apply(c))) {
        assertEquals(c.domain(), s.domain(), s.id());
      }
    }
    // the word "retail" in a first line that is no heading is not enough
    assertEquals(List.of("unknown", "unknown", "unknown"),
        ApigenLoader.load(Fixtures.path("apigen_small.json"), "apigen-mt", false).conversations().stream().map(Conversation::domain).toList());
  }

  @Test
  void unknownFromNamesFileRecordAndField() {
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> ApigenLoader.load(Fixtures.path("bad_from.json"), "apigen-mt", false));
    assertTrue(e.getMessage().endsWith("bad_from.json:record 2: conversations[1]: unknown \"from\" \"robot\" (expected human, gpt, function_call or observation)"),
        e.getMessage());
  }

  @Test
  void functionCallThatIsNotJsonIsInvalid() {
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> ApigenLoader.load(Fixtures.path("bad_records.jsonl"), "apigen-mt", false));
    assertTrue(e.getMessage().contains("bad_records.jsonl:record 2: conversations[1]: function_call value is not valid JSON"), e.getMessage());
  }

  @Test
  void skipInvalidKeepsTheGoodRecordsAndSaysWhy() throws IOException {
    LoadResult result = ApigenLoader.load(Fixtures.path("bad_records.jsonl"), "apigen-mt", true);
    assertEquals(2, result.conversations().size());
    assertEquals("apigen-mt-00004", result.conversations().get(1).id());
    assertEquals(2, result.skipped().size());
    assertTrue(result.skipped().get(0).contains(":record 2: "), result.skipped().get(0));
    assertTrue(result.skipped().get(1).endsWith(":record 3: missing field \"conversations\""), result.skipped().get(1));
  }

  @Test
  void brokenJsonLineIsReportedWithItsRecord() throws IOException {
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> ApigenLoader.load(Fixtures.path("bad_json.jsonl"), "apigen-mt", false));
    assertTrue(e.getMessage().contains("bad_json.jsonl:record 2: bad JSON"), e.getMessage());
    assertEquals(1, ApigenLoader.load(Fixtures.path("bad_json.jsonl"), "apigen-mt", true).conversations().size());
  }
}
