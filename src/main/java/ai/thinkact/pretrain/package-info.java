/**
 * Stage 0 of the quick start: the settings of full-parameter causal-LM training of a small model
 * on plain text ({@code train pretrain}); the SFT trainer runs it.
 */
package ai.thinkact.pretrain;
