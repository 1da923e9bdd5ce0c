package ai.thinkact.reward;

/**
 * The reward of one completion, per component, as {@code thinkact reward} prints it and the GRPO
 * trainer logs it.
 *
 * @param accuracy conditional accuracy: -1 on a wrong action kind, [0, 3] for tool calls, [0, 1] for answers
 * @param format format compliance in [0, 1]
 * @param length thinking length in [0, 1]
 * @param total the weighted sum w_acc*accuracy + w_fmt*format + w_len*length
 */
public record RewardBreakdown(double accuracy, double format, double length, double total) {}
