package ai.thinkact.data;

import ai.thinkact.chat.Message;
import ai.thinkact.chat.Role;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The domain a conversation belongs to, the key of {@code data stats}' and {@code eval}'s
 * per-domain breakdowns. APIGen-MT-5k records carry no id or domain field: the domain shows only
 * in the policy's heading, the first non-blank line of the system prompt ({@code # Airline Agent
 * Policy}, {@code # Retail agent policy}, as tau-bench writes them). Almita names a procedure or
 * flow in a column, and the synthetic world knows its own; everything else is {@link #UNKNOWN}.
 */
public final class Domains {
  public static final String AIRLINE = "airline";
  public static final String RETAIL = "retail";
  /** A conversation whose domain no heading, column or field gives. */
  public static final String UNKNOWN = "unknown";

  /** {@code # Airline Agent Policy}, {@code # Retail agent policy}: any case, the {@code #} optional. */
  private static final Pattern HEADING =
      Pattern.compile("#*\\s*(airline|retail)\\s+agent\\s+policy\\b.*", Pattern.CASE_INSENSITIVE);

  private Domains() {}

  /** {@link #AIRLINE} or {@link #RETAIL} from the policy heading of a system prompt, else {@link #UNKNOWN}. */
  public static String ofPolicy(String system) {
    if (system == null) {
      return UNKNOWN;
    }
    for (String line : system.split("\n", -1)) {
      if (!line.isBlank()) {
        Matcher m = HEADING.matcher(line.strip());
        return m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : UNKNOWN;
      }
    }
    return UNKNOWN;
  }

  /** The domain of a sample's context: its system message's heading, else {@link #UNKNOWN}. */
  public static String ofMessages(List<Message> messages) {
    return messages.isEmpty() || messages.get(0).role() != Role.SYSTEM ? UNKNOWN : ofPolicy(messages.get(0).content());
  }

  /** A given name as it is, or {@code fallback} when it is missing or blank. */
  static String orElse(String name, String fallback) {
    return name == null || name.isBlank() ? fallback : name.strip();
  }
}
