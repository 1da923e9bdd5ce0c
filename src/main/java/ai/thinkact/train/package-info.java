/** Supervised fine-tuning (stage 1 base SFT, stage 2 cold-start reasoning SFT): optimizer, schedule, checkpoints. */
package ai.thinkact.train;
