/**
 * The Qwen3 causal LM on DJL: checkpoint loading (safetensors), the forward pass, KV cache and batched generation.
 *
 * <p>Entry points: {@link ai.thinkact.model.Qwen3Model#load} (HF directory, memory-mapped
 * safetensors, sharded or not, F32/BF16/F16); {@link ai.thinkact.model.Qwen3Model#hiddenStates}
 * (right-padded {@link ai.thinkact.model.TokenBatch} to final-normed hidden states, for trainers
 * that chunk the loss over the vocabulary with {@link ai.thinkact.model.Qwen3Model#lmHeadWeight});
 * {@link ai.thinkact.model.LogProbs#of} (per-token completion log-probs, with
 * gradients to the adapter), both through {@link ai.thinkact.model.ChunkedCrossEntropy} (the LM
 * head over the vocabulary in blocks, never the whole {@code (rows, V)} logits); {@link ai.thinkact.model.Generator} (left-padded batched sampling
 * with a preallocated {@link ai.thinkact.model.KvCache}, what rows share prefilled once:
 * {@link ai.thinkact.model.PrefixSharing}, {@link ai.thinkact.model.PrefixStore}). Adapters are passed per call as an
 * {@link ai.thinkact.model.Adapter}; {@link ai.thinkact.model.Adapter#NONE} is the base model.
 */
package ai.thinkact.model;
