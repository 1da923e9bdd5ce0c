package ai.thinkact.serve;

import ai.thinkact.model.Adapter;
import ai.thinkact.model.GenerationResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * {@code POST /v1/chat/completions}: the messages and tools rendered by our Qwen3 chat template
 * (with {@code chat_template_kwargs.enable_thinking}), each choice's text split into
 * {@code reasoning_content}, {@code content} and {@code tool_calls} ({@link AssistantMessage}),
 * OpenAI's chat log-prob format, and vLLM's {@code return_token_ids} ({@code prompt_token_ids} at
 * the top level, {@code choices[i].token_ids}).
 */
final class ChatCompletionsEndpoint extends GenerationEndpoint {
  private final int defaultMaxTokens;

  ChatCompletionsEndpoint(ObjectMapper json, String apiKey, AdapterRegistry models, Batcher batcher, TokenText text,
      int maxModelLen, int defaultMaxTokens, LongSupplier seeds) {
    super(json, "/v1/chat/completions", apiKey, models, batcher, text, maxModelLen, seeds);
    this.defaultMaxTokens = defaultMaxTokens;
  }

  @Override
  protected Object respond(JsonNode body) {
    ChatRequest request = ChatRequest.parse(body);
    SamplingRequest s = request.sampling();
    Adapter adapter = models.resolve(request.model());
    int[] prompt = Arrays.stream(text.chat().renderPrompt(request.messages(), request.tools(), request.enableThinking()).ids())
        .mapToInt(Math::toIntExact).toArray();
    int room = maxModelLen - prompt.length;
    int maxTokens = s.maxTokens() != null ? s.maxTokens() : Math.min(defaultMaxTokens, room);
    if (maxTokens > room || room <= 0) {
      throw ApiException.badRequest("messages", "the prompt (" + prompt.length + " tokens) + max_completion_tokens ("
          + maxTokens + ") exceeds the model length " + maxModelLen);
    }
    long seed = seed(s);
    List<GenerationResult> results = await(batcher.submit(adapter, Choices.rows(prompt, s, maxTokens, text.stopIds(), seed, text)));

    String id = UUID.randomUUID().toString().replace("-", "");
    ObjectNode response = response("chatcmpl-" + id, "chat.completion", request.model());
    ArrayNode choices = response.putArray("choices");
    int completionTokens = 0;
    for (int j = 0; j < results.size(); j++) {
      Choices.Choice c = Choices.finish(results.get(j), s, text);
      int[] ids = c.result().tokenIds();
      completionTokens += ids.length;
      AssistantMessage message = AssistantMessage.of(c.text(), request.parseToolCalls());
      ObjectNode choice = choices.addObject();
      choice.put("index", j);
      choice.set("message", message.toJson(json, id.substring(0, 12) + "_" + j));
      if (c.result().logprobs() == null) {
        choice.putNull("logprobs");
      } else {
        choice.set("logprobs", LogprobsJson.chat(json, ids, c.result().logprobs(), text, s.tokensAsIds()));
      }
      boolean calls = !message.toolCalls().isEmpty() && c.finishReason().equals("stop");
      choice.put("finish_reason", calls ? "tool_calls" : c.finishReason());
      putStopReason(choice, c.stopReason());
      if (s.returnTokenIds()) {
        ArrayNode tokenIds = choice.putArray("token_ids");
        Arrays.stream(ids).forEach(tokenIds::add);
      }
    }
    putUsage(response, prompt.length, completionTokens);
    if (s.returnTokenIds()) {
      ArrayNode promptIds = response.putArray("prompt_token_ids");
      Arrays.stream(prompt).forEach(promptIds::add);
    }
    return response;
  }
}
