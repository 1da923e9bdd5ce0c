#!/usr/bin/env python3
"""Checks that each stage of a quick-start run did its job (docs/quickstart.md, "What each stage
must show"). Reads RUN/eval/*/metrics.json and predictions.jsonl and RUN/grpo/metrics.jsonl; prints
one line per criterion with its values; exits 1 when a checked criterion fails.

    scripts/check-quickstart.py runs/quickstart            # every criterion
    scripts/check-quickstart.py runs/quickstart --ci       # the ones CI enforces; the rest are printed

CI enforces what the quick start shows today, run after run (the pretraining stage runs on one
thread, the LoRA stages are deterministic): SFT beats the untrained model by 0.2 action accuracy,
the cold start's invalid share is at most 0.15, GRPO's reward rises by 0.15 from the first to the
last quarter of its steps and its share of completions cut off at max_completion_length falls (or
is 0 in both quarters), and GRPO's eval is at least as good as the cold start's on action accuracy, tool F1 and invalid
share and better on a Table 1 metric. The other criteria are printed, not enforced: on the test
split they do not hold yet (docs/quickstart.md, "What does not work yet"); enforce each here once
it does.
"""
import json
import sys
from pathlib import Path

THINK_MIN_WORDS, THINK_MAX_WORDS = 14, 100  # the thinking-length reward's bounds (paper eq. 7)
TABLE1 = ["action_accuracy", "tool_precision", "tool_recall", "tool_f1", "tool_name_accuracy",
          "param_full_match", "answer_precision", "answer_recall", "answer_f1", "answer_similarity"]


def metrics(run, name):
    return json.loads((run / "eval" / name / "metrics.json").read_text())


def structured_share(run, name):
    """Completions with a closed think block of 14-100 words followed by exactly one action."""
    rows = [json.loads(line) for line in (run / "eval" / name / "predictions.jsonl").read_text().splitlines() if line]
    good = 0
    for r in rows:
        think = r.get("think")
        one_action = r["kind"] == "answer" or (r["kind"] == "tool_call" and len(r.get("tool_calls") or []) == 1)
        if think is not None and one_action and THINK_MIN_WORDS <= len(think.split()) <= THINK_MAX_WORDS:
            good += 1
    return good / len(rows)


def quarters(values):
    q = max(1, len(values) // 4)
    return sum(values[:q]) / q, sum(values[-q:]) / q


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    ci = "--ci" in sys.argv
    run = Path(args[0] if args else "runs/quickstart")
    base, sft, cold, grpo = (metrics(run, n) for n in ("0-base", "1-sft", "2-coldstart", "3-grpo"))
    steps = [json.loads(line) for line in (run / "grpo" / "metrics.jsonl").read_text().splitlines() if line]
    steps = [s for s in steps if "reward" in s]
    reward_first, reward_last = quarters([s["reward"] for s in steps])
    clip_first, clip_last = quarters([s["completions/clipped_ratio"] for s in steps])
    structured = structured_share(run, "2-coldstart")

    def val(m, k):
        return m.get(k) if m.get(k) is not None else float("nan")

    better = [k for k in TABLE1 if grpo.get(k) is not None and cold.get(k) is not None and grpo[k] > cold[k]]
    checks = [  # (enforced in CI, description, passed)
        (True, "sft: action accuracy %.3f >= base %.3f + 0.2" % (sft["action_accuracy"], base["action_accuracy"]),
         sft["action_accuracy"] >= base["action_accuracy"] + 0.2),
        (False, "sft: param match (full) %.3f > 0" % val(sft, "param_full_match"), val(sft, "param_full_match") > 0),
        (True, "coldstart: invalid %.3f <= 0.15" % cold["invalid_rate"], cold["invalid_rate"] <= 0.15),
        (False, "coldstart: %.3f of completions think 14-100 words then take one action (>= 0.9)" % structured,
         structured >= 0.9),
        (False, "coldstart: action accuracy %.3f >= 0.9 x sft's %.3f" % (cold["action_accuracy"], sft["action_accuracy"]),
         cold["action_accuracy"] >= 0.9 * sft["action_accuracy"]),
        (True, "grpo: mean reward of the last quarter of steps %.3f >= first quarter's %.3f + 0.15" % (reward_last, reward_first),
         reward_last >= reward_first + 0.15),
        # A ratio that is 0 in both quarters cannot fall: no completion ran out of tokens, which is
        # what the criterion asks of a GRPO that once trained on nothing but cut-off completions.
        (True, "grpo: clipped ratio falls (or is 0 in both quarters), first quarter %.3f -> last quarter %.3f"
         % (clip_first, clip_last), clip_last < clip_first or clip_first == clip_last == 0),
        (True, "grpo eval: action accuracy %.3f >= coldstart %.3f" % (grpo["action_accuracy"], cold["action_accuracy"]),
         grpo["action_accuracy"] >= cold["action_accuracy"]),
        (True, "grpo eval: tool F1 %.3f >= coldstart %.3f" % (val(grpo, "tool_f1"), val(cold, "tool_f1")),
         val(grpo, "tool_f1") >= val(cold, "tool_f1")),
        (True, "grpo eval: invalid %.3f <= coldstart %.3f" % (grpo["invalid_rate"], cold["invalid_rate"]),
         grpo["invalid_rate"] <= cold["invalid_rate"]),
        (True, "grpo eval: better than coldstart on a Table 1 metric: %s" % (", ".join(better) or "none"), bool(better)),
    ]
    failed = 0
    for enforced, text, ok in checks:
        checked = enforced or not ci
        mark = "ok  " if ok else ("FAIL" if checked else "miss")
        print("%s %s" % (mark, text))
        failed += (not ok) and checked
    if failed:
        print("%d check(s) failed" % failed, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
