/**
 * What every trainer shares, stage-neutral: the optimizer step (global-norm clipping, AdamW),
 * learning-rate schedules, the causal-LM loss step and its batches, the trainable weights (an
 * adapter or the model's own), checkpoints, trainer state, metrics log, progress and seeds.
 */
package ai.thinkact.training;
