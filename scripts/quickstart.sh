#!/usr/bin/env bash
# Quick start: fetch the Qwen3 tokenizer, create a tiny random Qwen3 and generate from it.
# Everything lands under runs/quickstart/. Re-running reuses the model it already made.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/fetch-tokenizer.sh
model=runs/quickstart/model
if [[ ! -f "$model/model.safetensors" ]]; then
  ./thinkact model init --preset tiny --tokenizer data/tokenizer/qwen3 --out "$model" --seed 0
fi
# Random weights: the text is gibberish, but the whole path (tokenizer, forward, KV cache,
# sampling, stop ids) runs. Add --device cuda:0 on a CUDA build (docs/gpu.md).
./thinkact generate --model "$model" --prompt "Hello! Which tools can you call?" \
  --temperature 0.7 --top-p 0.9 --seed 0 --max-new-tokens 24 --json
