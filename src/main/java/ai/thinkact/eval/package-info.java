/**
 * Evaluation: where completions come from ({@link ai.thinkact.eval.CompletionSource}: a local
 * model, an OpenAI-compatible endpoint, a predictions file), the paper's Table 1 metrics over
 * them, the run-directory files and plots, and {@code thinkact bench}'s speed measurements
 * with their operator profile ({@code --profile}).
 */
package ai.thinkact.eval;
