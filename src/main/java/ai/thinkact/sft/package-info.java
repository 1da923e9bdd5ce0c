/** Stages 1 and 2: LoRA SFT on per-turn samples (base SFT) and on samples with reasoning (cold start). */
package ai.thinkact.sft;
