/** Parsing completions and the verifiable composite rewards (conditional accuracy, format, thinking length). */
package ai.thinkact.reward;
