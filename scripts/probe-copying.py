#!/usr/bin/env python3
"""Does a model copy argument values out of a conversation? (docs/quickstart.md, "does not copy")

Param match needs the model to write an id that the user or a tool result gave earlier. This
probe asks the bare model, in the plain-text transcript format it was pretrained on: it cuts
transcripts of fresh synthetic conversations (a seed the quick start never uses) just after the
opening quote of a call argument whose value appears earlier in the transcript, lets the model
continue greedily, and counts the values it writes out exactly.

    scripts/probe-copying.py runs/quickstart/pretrain/model [--probes 24] [--seed 99]

A model that copies gets most of them; one that does not still gets the world's most common
values (USA, a state) from its priors, so a count of a few is no copying at all. Values that
start with a symbol (`#W...` order ids) are left out: the prompt would end inside the token that
joins the quote and the symbol, a split the model never saw.
"""
import argparse
import json
import pathlib
import random
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CALL = re.compile(r'Agent calls (\w+) with (\{.*\})\n')


class ThinkactFailed(Exception):
    """A thinkact command exited non-zero; the message is its own one-line error."""


def thinkact(*args):
    run = subprocess.run([str(ROOT / "thinkact"), "-q", *args], capture_output=True, text=True)
    if run.returncode != 0:
        lines = run.stderr.strip().splitlines()
        raise ThinkactFailed(lines[-1] if lines else "thinkact %s exited with %d" % (args[0], run.returncode))
    return run.stdout


def probes(transcripts, count, seed):
    found = []
    for text in transcripts:
        for call in CALL.finditer(text):
            arguments = json.loads(call.group(2))
            for key, value in arguments.items():
                if not isinstance(value, str) or not value[:1].isalnum() or value not in text[:call.start()]:
                    continue
                opening = '"%s": "' % key
                args_text = call.group(2)
                prompt = text[:call.start()] + "Agent calls %s with " % call.group(1) \
                    + args_text[:args_text.index(opening) + len(opening)]
                found.append((prompt[-1500:], value))
    random.Random(seed).shuffle(found)
    return found[:count]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="a Hugging Face Qwen3 directory (no adapter: the pretrained base)")
    parser.add_argument("--probes", type=int, default=24, help="argument values to ask for")
    parser.add_argument("--seed", type=int, default=99, help="seed of the synthetic conversations and of the draw")
    a = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        conversations, text = pathlib.Path(tmp, "conversations.json"), pathlib.Path(tmp, "text.jsonl")
        thinkact("data", "synth", "--domain", "both", "--conversations", "40", "--seed", str(a.seed),
                 "--out", str(conversations))
        thinkact("data", "text", "--format", "apigen-mt", "--input", str(conversations), "--out", str(text))
        transcripts = [json.loads(line)["text"] for line in text.read_text().splitlines()]
    chosen = probes(transcripts, a.probes, a.seed)
    copied = 0
    for prompt, value in chosen:
        written = thinkact("generate", "--model", a.model, "--greedy", "--max-new-tokens", "24", "--prompt", prompt)
        ok = written.startswith(value + '"')
        copied += ok
        print("%-4s %-30s %s" % ("ok" if ok else "no", value, "" if ok else written.splitlines()[0][:40] if written else ""))
    print("copied %d of %d" % (copied, len(chosen)))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ThinkactFailed as e:
        print("probe-copying: %s" % e, file=sys.stderr)
        sys.exit(2)
