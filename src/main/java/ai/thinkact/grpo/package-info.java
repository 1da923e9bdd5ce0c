/** Stage 3: Group Relative Policy Optimization with rollouts, group advantages and the clipped surrogate loss. */
package ai.thinkact.grpo;
