package ai.thinkact.grpo;

import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.lora.MergedLoraWeights;
import ai.thinkact.model.GenerationResult;
import ai.thinkact.model.Generator;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.model.SamplingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Rollouts on the trainer's own model: one batched, KV-cached generation of every completion of
 * the round, on {@code W + scale*B*A} of the adapter as it is now (the same draws as unmerged, tested),
 * merged again before every round.
 */
final class LocalRollouts implements RolloutSource {
  private final Qwen3Model model;
  private final LoraAdapter adapter;
  private final Generator generator;
  private final SamplingSettings sampling;
  private final int numGenerations;
  /** The merged sampling weights; null until the first round. */
  private MergedLoraWeights sampler;

  LocalRollouts(Qwen3Model model, LoraAdapter adapter, SamplingSettings sampling, int numGenerations) {
    this.model = model;
    this.adapter = adapter;
    this.generator = new Generator(model);
    this.sampling = sampling;
    this.numGenerations = numGenerations;
  }

  @Override
  public List<Sampled> sample(List<int[]> prompts, Random random) {
    List<int[]> rows = new ArrayList<>();
    for (int[] ids : prompts) {
      for (int i = 0; i < numGenerations; i++) {
        rows.add(ids);
      }
    }
    adapter.setDropoutActive(false); // generation runs the policy in eval mode, as TRL
    if (sampler == null) {
      sampler = MergedLoraWeights.of(model, adapter);
    } else {
      sampler.refresh();
    }
    List<Sampled> out = new ArrayList<>(rows.size());
    for (GenerationResult r : generator.generate(rows, sampling, sampler, random)) {
      out.add(new Sampled(r.tokenIds(), r.finishReason(), null));
    }
    return out;
  }

  @Override
  public boolean remote() {
    return false;
  }

  /** Frees the merged sampling weights (the model and the adapter belong to the trainer's caller). */
  @Override
  public void close() {
    if (sampler != null) {
      sampler.close();
    }
  }
}
