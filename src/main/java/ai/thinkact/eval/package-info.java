/** Evaluation: generate one action per sample, score it, and print the paper's Table 1 metrics. */
package ai.thinkact.eval;
