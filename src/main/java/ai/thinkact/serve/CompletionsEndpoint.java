package ai.thinkact.serve;

import ai.thinkact.model.Adapter;
import ai.thinkact.model.GenerationResult;
import ai.thinkact.model.GenerationRow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * {@code POST /v1/completions}: text or token-id prompts, {@code n} choices each (choice index
 * {@code prompt * n + j}), with vLLM's {@code return_token_ids} ({@code choices[i].token_ids} and
 * {@code choices[i].prompt_token_ids}) and OpenAI's completions log-prob format.
 */
final class CompletionsEndpoint extends GenerationEndpoint {

  CompletionsEndpoint(ObjectMapper json, String apiKey, AdapterRegistry models, Batcher batcher, TokenText text,
      int maxModelLen, LongSupplier seeds) {
    super(json, "/v1/completions", apiKey, models, batcher, text, maxModelLen, seeds);
  }

  @Override
  protected Object respond(JsonNode body) {
    CompletionRequest request = CompletionRequest.parse(body);
    SamplingRequest s = request.sampling();
    Adapter adapter = models.resolve(request.model());
    if (!s.stop().isEmpty() && !text.hasTokenizer()) {
      throw ApiException.badRequest("stop", "stop strings need a tokenizer; this checkpoint has none (use stop_token_ids)");
    }
    int maxTokens = s.maxTokens() == null ? CompletionRequest.DEFAULT_MAX_TOKENS : s.maxTokens();
    List<int[]> prompts = new ArrayList<>();
    List<GenerationRow> rows = new ArrayList<>();
    for (CompletionRequest.Prompt p : request.prompts()) {
      int[] ids = p.ids() != null ? p.ids() : text.encode(p.text(), "prompt");
      if (ids.length == 0) {
        throw ApiException.badRequest("prompt", "the prompt encodes to no tokens");
      }
      text.checkIds(ids, "prompt");
      if (ids.length + maxTokens > maxModelLen) {
        throw ApiException.badRequest("max_tokens", "prompt (" + ids.length + " tokens) + max_tokens (" + maxTokens
            + ") exceeds the model length " + maxModelLen);
      }
      prompts.add(ids);
      rows.addAll(Choices.rows(ids, s, maxTokens, text.stopIds(), seed(s), text));
    }
    List<GenerationResult> results = await(batcher.submit(adapter, rows));

    ObjectNode response = response("cmpl-" + UUID.randomUUID().toString().replace("-", ""), "text_completion",
        request.model());
    ArrayNode choices = response.putArray("choices");
    int promptTokens = 0;
    int completionTokens = 0;
    for (int p = 0; p < prompts.size(); p++) {
      promptTokens += prompts.get(p).length;
      for (int j = 0; j < s.n(); j++) {
        int index = p * s.n() + j;
        Choices.Choice c = Choices.finish(results.get(index), s, text);
        int[] ids = c.result().tokenIds();
        completionTokens += ids.length;
        ObjectNode choice = choices.addObject();
        choice.put("index", index);
        choice.put("text", c.text());
        if (c.result().logprobs() == null) {
          choice.putNull("logprobs");
        } else {
          choice.set("logprobs", LogprobsJson.completions(json, ids, c.result().logprobs(), text, s.tokensAsIds(), s.logprobs() > 0));
        }
        choice.put("finish_reason", c.finishReason());
        putStopReason(choice, c.stopReason());
        if (s.returnTokenIds()) {
          choice.set("prompt_token_ids", idArray(prompts.get(p)));
          choice.set("token_ids", idArray(ids));
        }
      }
    }
    putUsage(response, promptTokens, completionTokens);
    return response;
  }
}
