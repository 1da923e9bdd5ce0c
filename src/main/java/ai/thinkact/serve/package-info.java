/**
 * {@code thinkact serve}: an OpenAI-compatible HTTP server on a local Qwen3 checkpoint
 * ({@code /v1/models}, {@code /v1/completions}, {@code /v1/chat/completions}, vLLM's
 * {@code /v1/load_lora_adapter} and {@code /v1/unload_lora_adapter}).
 *
 * <p>Requests are parsed into records ({@link ai.thinkact.serve.CompletionRequest},
 * {@link ai.thinkact.serve.ChatRequest}, {@link ai.thinkact.serve.SamplingRequest}); each choice
 * becomes a {@link ai.thinkact.model.GenerationRow}; the {@link ai.thinkact.serve.Batcher} runs
 * concurrent rows through one {@link ai.thinkact.model.Generator} call on its single worker
 * thread, the only thread that touches the model. Chat answers are split into reasoning, content
 * and tool calls by the same parser the rewards and eval use. {@link ai.thinkact.serve.OpenAiServer}
 * wires it to the JDK's built-in HTTP server.
 */
package ai.thinkact.serve;
