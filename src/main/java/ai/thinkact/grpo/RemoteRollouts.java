package ai.thinkact.grpo;

import ai.thinkact.base.RunFailedException;
import ai.thinkact.model.FinishReason;
import ai.thinkact.model.SamplingConfig;
import ai.thinkact.training.AdapterWeights;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Rollouts on OpenAI-compatible servers (TRL's vLLM server mode): before a round that follows an
 * optimizer step, the adapter goes to the servers ({@link AdapterSync}); then each prompt's G
 * completions are one {@code POST /v1/completions} with the prompt as token ids, {@code n} = G,
 * the run's sampling settings, {@code logprobs: 0} and vLLM's {@code return_token_ids}. Prompt
 * groups go round-robin over the servers, all requests of a round in flight at once (the servers
 * batch them). Each request carries a seed drawn from the round's generator, so a server that
 * honours seeds gives a repeatable run.
 */
final class RemoteRollouts implements RolloutSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The sampling fields of every request, from the GRPO config. */
  record Sampling(int numGenerations, int maxTokens, SamplingConfig knobs, Set<Integer> stopIds) {}

  private final List<RolloutEndpoint> endpoints;
  private final AdapterSync sync;
  private final Sampling sampling;
  private final ExecutorService requests;
  private long nextEndpoint;
  /** The step whose weights the trainer holds, and the step the servers have (-1: none yet). */
  private long policyStep;
  private long syncedStep = -1;

  RemoteRollouts(RolloutEndpoints where, AdapterWeights weights, Sampling sampling) {
    this.endpoints = where.baseUrls().stream().map(u -> new RolloutEndpoint(u, where.apiKey())).toList();
    this.sync = new AdapterSync(where.syncDir(), weights, endpoints);
    this.sampling = sampling;
    this.requests = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "grpo-rollout-request");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void policyUpdated(long step) {
    policyStep = step;
  }

  @Override
  public List<Sampled> sample(List<int[]> prompts, Random random) {
    if (syncedStep != policyStep) {
      sync.publish(policyStep);
      syncedStep = policyStep;
    }
    String model = sync.current();
    List<Future<List<Sampled>>> answers = new ArrayList<>();
    for (int[] prompt : prompts) {
      RolloutEndpoint endpoint = endpoints.get((int) (nextEndpoint++ % endpoints.size()));
      ObjectNode body = request(model, prompt, random.nextInt(Integer.MAX_VALUE));
      answers.add(requests.submit(() -> choices(endpoint, endpoint.complete(body))));
    }
    List<Sampled> out = new ArrayList<>();
    try {
      for (Future<List<Sampled>> answer : answers) {
        out.addAll(answer.get());
      }
    } catch (ExecutionException e) {
      answers.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new RunFailedException("rollout request failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      answers.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new RunFailedException("interrupted while waiting for rollouts", e);
    }
    return out;
  }

  private ObjectNode request(String model, int[] prompt, int seed) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    ArrayNode ids = body.putArray("prompt");
    for (int id : prompt) {
      ids.add(id);
    }
    body.put("n", sampling.numGenerations());
    body.put("max_tokens", sampling.maxTokens()); // the completions route's field (vLLM has no max_completion_tokens there)
    body.put("temperature", sampling.knobs().temperature());
    body.put("top_p", sampling.knobs().topP());
    if (sampling.knobs().topK() != null) {
      body.put("top_k", sampling.knobs().topK());
    }
    body.put("seed", seed);
    body.put("logprobs", 0); // the sampled token's log-prob only
    body.put("return_token_ids", true); // vLLM >= 0.10.2: the sampled ids, no re-tokenizing of text
    ArrayNode stops = body.putArray("stop_token_ids"); // the trainer's stops, whatever generation_config.json says
    sampling.stopIds().stream().sorted().forEach(stops::add);
    return body;
  }

  /** The G choices of one answer, in index order, each with its ids, finish reason and log-probs. */
  private List<Sampled> choices(RolloutEndpoint endpoint, JsonNode answer) {
    JsonNode choices = answer.path("choices");
    int g = sampling.numGenerations();
    if (!choices.isArray() || choices.size() != g) {
      throw endpoint.failure("completions", "returned " + (choices.isArray() ? choices.size() : 0) + " choices, not n = " + g);
    }
    Sampled[] out = new Sampled[g];
    for (JsonNode choice : choices) {
      int index = choice.path("index").asInt(-1);
      if (index < 0 || index >= g || out[index] != null) {
        throw endpoint.failure("completions", "returned a choice with index " + choice.path("index"));
      }
      JsonNode tokenIds = choice.path("token_ids");
      if (!tokenIds.isArray()) {
        throw endpoint.failure("completions", "returned no token_ids: it must support return_token_ids (vLLM >= 0.10.2)");
      }
      JsonNode logprobs = choice.path("logprobs").path("token_logprobs");
      if (!logprobs.isArray() || logprobs.size() != tokenIds.size()) {
        throw endpoint.failure("completions", "returned " + logprobs.size() + " log-probs for " + tokenIds.size() + " tokens");
      }
      int[] ids = new int[tokenIds.size()];
      float[] lp = new float[ids.length];
      for (int t = 0; t < ids.length; t++) {
        ids[t] = tokenIds.get(t).asInt();
        lp[t] = (float) logprobs.get(t).asDouble();
      }
      String finish = choice.path("finish_reason").asText();
      FinishReason reason = switch (finish) {
        case "length" -> FinishReason.LENGTH;
        case "stop" -> FinishReason.STOP;
        default -> throw endpoint.failure("completions", "returned finish_reason " + finish);
      };
      out[index] = new Sampled(ids, reason, lp);
    }
    return List.of(out);
  }

  @Override
  public boolean remote() {
    return true;
  }

  /** Unloads the last adapter from the servers and stops the request threads. */
  @Override
  public void close() {
    requests.shutdownNow();
    sync.close();
  }
}
