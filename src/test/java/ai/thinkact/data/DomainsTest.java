package ai.thinkact.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.thinkact.chat.Message;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    // the two headings of apigen-mt_5k.json, as written there and in other cases
    "'# Airline Agent Policy\n\nThe current time is ...'  | airline",
    "'# Retail agent policy\n\nAs a retail agent, ...'    | retail",
    "'# AIRLINE AGENT POLICY'                             | airline",
    "'# retail Agent Policy'                              | retail",
    "'## Retail agent policy  '                           | retail",
    "'Retail agent policy'                                | retail",
    // the first non-blank line counts, blank lines before it do not
    "'\n  \n# Airline Agent Policy\n- rule'                 | airline",
    "'\r\n# Retail agent policy\r\n- rule'                  | retail",
    // anything else is unknown: no heading, another domain, the word in the body only
    "'You are a retail agent. Authenticate users first.'  | unknown",
    "'# Telecom Agent Policy'                             | unknown",
    "'Policy\n# Retail agent policy'                      | unknown",
    "'# Retail'                                           | unknown",
    "'# Retailer agent policy'                            | unknown",
    "''                                                   | unknown",
  })
  void policyHeadingGivesTheDomain(String system, String domain) {
    assertEquals(domain, Domains.ofPolicy(system));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"'# Airline Agent Policy' | airline", "'no heading' | unknown"})
  void aSampleContextTakesItFromItsSystemMessage(String system, String domain) {
    assertEquals(domain, Domains.ofMessages(List.of(Message.system(system), Message.user("hi"))));
    assertEquals(Domains.UNKNOWN, Domains.ofMessages(List.of(Message.user(system))), "a user message is no policy");
    assertEquals(Domains.UNKNOWN, Domains.ofMessages(List.of()));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"'' | airline", "'  ' | airline", "refunds | refunds", "' refunds ' | refunds"})
  void aGivenNameWinsOverTheHeading(String given, String domain) {
    Conversation c = new Conversation("c", "almita", given, "# Airline Agent Policy", List.of(), List.of(Turn.human("hi")));
    assertEquals(domain, c.domain());
  }
}
