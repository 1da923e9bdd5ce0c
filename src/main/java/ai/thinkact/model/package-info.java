/** The Qwen3 causal LM on DJL: checkpoint loading (safetensors), the forward pass, KV cache and batched generation. */
package ai.thinkact.model;
