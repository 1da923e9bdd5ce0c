#!/usr/bin/env bash
# Quick start: the paper's whole pipeline on the embedded default, on a CPU, in about 12 minutes.
#
#   fetch the Qwen3 tokenizer -> synthesise conversations (with think calls) -> cut them into
#   per-turn samples and a cold-start set -> model init (a small random Qwen3) -> pretrain it on
#   transcripts of other synthetic conversations -> eval the pretrained base
#   -> train sft -> eval -> train coldstart -> eval -> train grpo -> eval
#   -> eval compare (Table 1 side by side) and plots of the training curves
#
# Everything lands under runs/quickstart/ (or $1). Stages whose output exists are skipped and an
# interrupted training continues from its newest checkpoint, so a second run only redoes what is
# missing; delete the directory to start over. The settings of each stage are in
# configs/quickstart/ (why they differ from the paper's is written there).
# Add --device cuda:0 to THINKACT_ARGS on a CUDA build (docs/gpu.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

root=${1:-runs/quickstart}
# libtorch's OpenMP threads wait for each other: on cores that other work is using right now, two
# threads can be 4-10x slower than one (docs/performance.md); on idle cores two are 1.4x faster.
busy_cores() { # cores' worth of CPU time other processes used over the last second
  local before after # the "cpu" line: user nice system idle iowait irq softirq ...
  read -r -a before < /proc/stat; sleep 1; read -r -a after < /proc/stat
  local used=$(( (after[1] + after[2] + after[3] + after[6] + after[7])
    - (before[1] + before[2] + before[3] + before[6] + before[7]) ))
  awk -v busy="$used" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.1f", busy / hz }'
}
if [[ -z ${OMP_NUM_THREADS:-} && -r /proc/stat ]]; then
  busy=$(busy_cores)
  if awk -v b="$busy" 'BEGIN { exit !(b >= 0.5) }'; then
    export OMP_NUM_THREADS=1
    echo "other work keeps $busy cores busy: one libtorch thread (set OMP_NUM_THREADS to choose)"
  fi
fi
extra=(${THINKACT_ARGS:-})
started=$SECONDS

stage() { printf '\n== %s (%s elapsed)\n' "$1" "$(elapsed)"; }
elapsed() { printf '%d:%02d' $(((SECONDS - started) / 60)) $(((SECONDS - started) % 60)); }
done_already() { [[ -e "$1" ]] && echo "   exists: $1 (skipped)"; }

stage "tokenizer"
./scripts/fetch-tokenizer.sh
./thinkact --version >/dev/null # builds target/thinkact.jar once, before the clock matters

stage "data: 150 shop and airline conversations -> per-turn samples and a cold-start set"
mkdir -p "$root"
if ! done_already "$root/data/coldstart.jsonl"; then # the last file this step writes
  # --overwrite: this step is redone as a whole when its last file is missing (an interrupted run).
  ./thinkact data synth --domain both --conversations 150 --seed 42 --out "$root/conversations.json" --overwrite
  # The agent calls the think pseudo-tool before some actions, as in APIGen-MT-5k; its thoughts
  # become the reasoning of the next action's sample, and 90 of the train samples that have one
  # are the cold-start set (the paper uses fewer than 100). 90 other train samples, without their
  # reasoning, join them as a rehearsal of stage 1: trained with thinking off, they keep SFT's
  # choice of actions while the 90 teach the format (docs/quickstart.md). A small model cannot
  # read 1,100 tokens of tool schemas in the time we have: it learns its tools in training (closed
  # world).
  ./thinkact data prepare --format apigen-mt --input "$root/conversations.json" --source synth \
    --out "$root/data" --test-fraction 0.3 --seed 42 --without-tools --think-tool reasoning --coldstart-samples 90 \
    --coldstart-rehearsal 90 --overwrite
fi

stage "data: a pretraining corpus, transcripts of 3,000 other conversations of the same world"
if ! done_already "$root/corpus.jsonl"; then
  ./thinkact data synth --domain both --conversations 3000 --seed 7 --out "$root/corpus-conversations.json" --overwrite
  ./thinkact data text --format apigen-mt --input "$root/corpus-conversations.json" --out "$root/corpus.jsonl" --overwrite
fi

stage "model: a small random Qwen3 (hidden 128, the real vocabulary and tokenizer)"
if ! done_already "$root/random-model/model.safetensors"; then
  ./thinkact model init --preset demo --embedding-std 0.1 --seed 0 --tokenizer data/tokenizer/qwen3 \
    --out "$root/random-model" --overwrite
fi

# eval NAME THINK [ADAPTER]: Table 1 metrics of the model (with the adapter) on the test samples.
evaluate() {
  local name=$1 think=$2 adapter=${3:-}
  local max_new=64 # a tool call or an answer; thinking first needs room for 14-100 words more
  [[ $think == on ]] && max_new=256
  done_already "$root/eval/$name/metrics.json" && return
  ./thinkact eval --model "$base" ${adapter:+--adapter "$adapter"} --data "$root/data/test.jsonl" \
    --out "$root/eval/$name" --overwrite --think "$think" --max-prompt-length 384 --batch-size 16 \
    --max-new-tokens "$max_new" "${extra[@]}"
}


# train STAGE DIR CONFIG [options]: one training stage into DIR. Skipped when its result (adapter/,
# or model/ for pretrain) exists; continued from the newest checkpoint when an interrupted attempt
# left one, started over when it left none.
train() {
  local stage=$1 dir=$2 config=$3
  shift 3
  done_already "$dir/adapter" && return
  done_already "$dir/model" && return
  local resume=()
  if compgen -G "$dir/checkpoints/checkpoint-*/trainer_state.json" >/dev/null; then
    resume=(--resume latest)
    echo "   continuing $dir from its newest checkpoint"
  elif [[ -e $dir ]]; then
    resume=(--overwrite) # interrupted before its first checkpoint: nothing worth keeping
    echo "   starting $dir over (interrupted before its first checkpoint)"
  fi
  ./thinkact train "$stage" --config "$config" --output "$dir" "$@" "${resume[@]}" "${extra[@]}"
}

stage "train pretrain: every weight, causal LM on the transcripts (a stand-in for Qwen3's pretraining)"
# One libtorch thread here: the embedding gradient of full-parameter training sums in an order that
# varies between runs with two threads (the ninth digit of the loss by step 3), and 600 steps turn
# that into different models; with one thread two runs are bit-identical, at about 90 s more.
# The LoRA stages print the same numbers with two threads.
(export OMP_NUM_THREADS=1
  train pretrain "$root/pretrain" configs/quickstart/pretrain.yaml --model "$root/random-model" --train "$root/corpus.jsonl")
base="$root/pretrain/model" # the base model of every later stage, as Qwen3-1.7B is the paper's

stage "eval: the pretrained base model"
evaluate 0-base off

stage "train sft: LoRA on per-turn tool-calling samples"
train sft "$root/sft" configs/quickstart/sft.yaml --model "$base" --train "$root/data/train.jsonl"
evaluate 1-sft off "$root/sft/adapter"

stage "train coldstart: think before acting, from 90 samples with reasoning (and 90 without: a rehearsal of stage 1)"
train coldstart "$root/coldstart" configs/quickstart/coldstart.yaml --model "$base" \
  --adapter "$root/sft/adapter" --train "$root/data/coldstart.jsonl"
evaluate 2-coldstart on "$root/coldstart/adapter"

stage "train grpo: composite reward (accuracy + format + thinking length)"
train grpo "$root/grpo" configs/quickstart/grpo.yaml --model "$base" \
  --adapter "$root/coldstart/adapter" --train "$root/data/train.jsonl"
evaluate 3-grpo on "$root/grpo/adapter"

stage "results"
./thinkact eval compare "$root/eval/0-base" "$root/eval/1-sft" "$root/eval/2-coldstart" "$root/eval/3-grpo"
./thinkact plot "$root/pretrain" --out "$root/pretrain.png"
./thinkact plot "$root/sft" --out "$root/sft.png"
./thinkact plot "$root/grpo" --out "$root/grpo.png"
echo "plots: $root/pretrain.png $root/sft.png $root/grpo.png; predictions and report.md under $root/eval/"
if command -v python3 >/dev/null; then # which stage showed its effect (docs/quickstart.md); informs, never fails the run
  python3 scripts/check-quickstart.py "$root" || true
fi
echo "quick start done in $(elapsed)"
