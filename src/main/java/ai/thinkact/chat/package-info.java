/** The Qwen3 tokenizer and chat format: renders conversations to (ids, lossMask) exactly as the model's own chat template does. */
package ai.thinkact.chat;
