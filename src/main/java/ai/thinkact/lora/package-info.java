/** Low-rank adapters (LoRA) on the Qwen3 projections, saved and loaded in Hugging Face PEFT format. */
package ai.thinkact.lora;
