/** Stage 0 of the quick start: full-parameter causal-LM training of a small model on plain text. */
package ai.thinkact.pretrain;
