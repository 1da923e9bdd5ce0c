package ai.thinkact.data;

import ai.thinkact.chat.Message;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One per-turn training or test sample (paper section 4.1): the conversation so far and the
 * action that should come next. This record is the one currency between data, trainers and eval.
 *
 * @param id unique id, e.g. {@code "apigen-mt-00012#3"}
 * @param source dataset name ({@code "apigen-mt"}, {@code "almita"}, {@code "synth"})
 * @param domain what {@code data stats} and {@code eval} break down by ({@code "retail"},
 *     {@code "airline"}, an Almita procedure, {@code "unknown"}); {@code null} or blank takes it
 *     from the policy heading of the system message ({@link Domains#ofMessages}), as for sample
 *     files written before samples had one
 * @param conversationId the conversation it was cut from (splits never separate one conversation)
 * @param tools tool specs in OpenAI function format {@code {"type":"function","function":{...}}}
 * @param messages the context: system prompt first when there is one, then every earlier message
 * @param target the gold next action
 * @param reasoning cold-start reasoning text for stage 2, or {@code null}
 */
public record Sample(
    String id,
    String source,
    String domain,
    String conversationId,
    List<ObjectNode> tools,
    List<Message> messages,
    Target target,
    String reasoning) {
  public Sample {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(target, "target");
    tools = tools == null ? List.of() : List.copyOf(tools);
    messages = List.copyOf(messages);
    domain = Domains.orElse(domain, Domains.ofMessages(messages));
  }

  /** A sample whose domain comes from its system message's policy heading (see {@code domain}). */
  public Sample(String id, String source, String conversationId, List<ObjectNode> tools, List<Message> messages,
      Target target, String reasoning) {
    this(id, source, null, conversationId, tools, messages, target, reasoning);
  }

  /** Whether the sample teaches reasoning (cold start): a non-blank {@code reasoning}. */
  public boolean hasReasoning() {
    return reasoning != null && !reasoning.isBlank();
  }

  /** This sample with no reasoning (a cold start trains it as a rehearsal of stage 1). */
  public Sample withoutReasoning() {
    return new Sample(id, source, domain, conversationId, tools, messages, target, null);
  }
}
