package ai.thinkact.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A multi-turn tool-use conversation, before it is cut into per-turn samples.
 *
 * @param id stable id, e.g. {@code "apigen-mt-00012"}; every sample cut from it carries it
 * @param source dataset name ({@code "apigen-mt"}, {@code "almita"}, {@code "synth-retail"})
 * @param domain what per-domain counts and metrics group by ({@code "retail"}, {@code "airline"},
 *     an Almita procedure); {@code null} or blank takes it from the policy heading of
 *     {@code system} ({@link Domains#ofPolicy}), which is all an APIGen-MT record has
 * @param system the system prompt (policy), or {@code ""}
 * @param tools tool specs in OpenAI function format {@code {"type":"function","function":{...}}}
 * @param turns the messages in order
 * @param firstTarget turns before this index are context only: an Almita test row is a
 *     conversation prefix with one expected action, so only its last turn is a target; 0 for
 *     whole conversations, where every agent turn is a target
 */
public record Conversation(
    String id, String source, String domain, String system, List<ObjectNode> tools, List<Turn> turns, int firstTarget) {
  public Conversation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    system = system == null ? "" : system;
    domain = Domains.orElse(domain, Domains.ofPolicy(system));
    tools = List.copyOf(tools);
    turns = List.copyOf(turns);
    if (firstTarget < 0 || firstTarget > turns.size()) {
      throw new IllegalArgumentException("firstTarget " + firstTarget + " outside 0.." + turns.size());
    }
  }

  /** A whole conversation: every agent turn is a target. */
  public Conversation(String id, String source, String domain, String system, List<ObjectNode> tools, List<Turn> turns) {
    this(id, source, domain, system, tools, turns, 0);
  }
}
