package ai.thinkact.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code POST /v1/completions} body.
 *
 * @param model the served model or adapter name; null for the base model
 * @param prompts one or more prompts: OpenAI's {@code prompt} as a string, an array of strings, an
 *     array of token ids, or an array of such arrays
 * @param sampling the sampling fields; {@code max_tokens} defaults to 16 as in OpenAI and vLLM
 */
record CompletionRequest(String model, List<Prompt> prompts, SamplingRequest sampling) {

  /** OpenAI's default {@code max_tokens} for completions. */
  static final int DEFAULT_MAX_TOKENS = 16;

  /** One prompt: text to tokenize, or token ids (exactly one is non-null). */
  record Prompt(String text, int[] ids) {}

  CompletionRequest {
    prompts = List.copyOf(prompts);
  }

  static CompletionRequest parse(JsonNode body) {
    JsonNode prompt = body.get("prompt");
    if (prompt == null || prompt.isNull()) {
      throw ApiException.badRequest("prompt", "prompt is required (a string, token ids, or an array of either)");
    }
    List<Prompt> prompts = new ArrayList<>();
    if (prompt.isTextual()) {
      prompts.add(new Prompt(prompt.textValue(), null));
    } else if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isNumber()) {
      prompts.add(new Prompt(null, JsonFields.ids(prompt, "prompt", "prompt")));
    } else if (prompt.isArray() && !prompt.isEmpty()) {
      for (int i = 0; i < prompt.size(); i++) {
        JsonNode p = prompt.get(i);
        if (p.isTextual()) {
          prompts.add(new Prompt(p.textValue(), null));
        } else if (p.isArray()) {
          prompts.add(new Prompt(null, JsonFields.ids(p, "prompt", "prompt[" + i + "]")));
        } else {
          throw ApiException.badRequest("prompt", "prompt[" + i + "] must be a string or an array of token ids");
        }
      }
    } else {
      throw ApiException.badRequest("prompt", "prompt must be a non-empty string, token ids, or an array of either");
    }
    for (int i = 0; i < prompts.size(); i++) {
      Prompt p = prompts.get(i);
      if ((p.text() != null && p.text().isEmpty()) || (p.ids() != null && p.ids().length == 0)) {
        throw ApiException.badRequest("prompt", "prompt" + (prompts.size() > 1 ? "[" + i + "]" : "") + " is empty");
      }
    }
    return new CompletionRequest(JsonFields.text(body, "model"), prompts, SamplingRequest.parse(body, false));
  }
}
