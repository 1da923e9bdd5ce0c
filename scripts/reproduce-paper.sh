#!/usr/bin/env bash
# Reproduces "When Actions Teach You to Think" (Table 1 and Figure 1) on one GPU with
# Qwen3-1.7B, APIGen-MT-5k and Almita: base SFT -> cold-start SFT -> GRPO, with an eval of every
# stage on both test sets. docs/reproduce.md explains each stage, the inputs and the outputs.
#
# The script downloads no model or dataset: it checks that the inputs are there and, when one is
# missing, prints the exact steps to get it and stops. Every stage writes under one output root
# and is skipped when its output already exists, so running the script again resumes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() {
  cat <<'EOF'
Usage: scripts/reproduce-paper.sh [options]

Reproduces the paper's pipeline on a GPU (docs/reproduce.md):
  build (CUDA) -> data prepare (APIGen-MT, Almita) -> eval base
  -> train sft -> eval -> train coldstart -> eval -> train grpo -> eval
  -> eval compare (Table 1) and plot (training curves).

Inputs (download them first; the script prints how when one is missing):
  --model DIR          Qwen3-1.7B checkpoint          (default models/Qwen3-1.7B)
  --apigen FILE        apigen-mt_5k.json              (default data/raw/apigen-mt_5k.json)
  --almita FILE        ALMITA.csv                     (default data/raw/ALMITA.csv)
  --almita-columns SPEC  passed to 'data prepare --columns' when the Almita header is not
                       recognised (e.g. layout=tests,conversation=Context,target=Expected)
  --reranker DIR       BGE cross-encoder for answer similarity
                                                      (default models/bge-reranker-v2-m3)
  --no-reranker        score answers with the lexical F1 fallback instead (not the paper's)
  --coldstart FILE     cold-start reasoning samples, sample JSONL with "reasoning" (<100)
                       (default: 90 train samples whose action APIGen-MT's agent preceded with
                       a think call, the thought as reasoning; see docs/reproduce.md)

Run:
  --out DIR            output root for every stage (default runs/paper; runs/paper-smoke
                       with --smoke)
  --device DEV         cuda:N, cpu or auto (default $THINKACT_DEVICE, else cuda:0)
  --base-think on|off  thinking mode for the base-model eval (default off, as the SFT eval)
  --eval-batch-size B  samples generated together in eval (default 8)
  --max-length TOKENS  longest training sample (sft, coldstart) and GRPO prompt (default 2048,
                       configs/*.yaml); see the token counts 'data prepare' prints
  --grpo-max-steps N   stop GRPO after N optimizer steps (default: one epoch, configs/grpo.yaml)
  --smoke              wiring check: 2 optimizer steps per trainer, 16 samples per eval,
                       short generations (minutes on a GPU; the numbers mean nothing)
  --skip-build         do not run the CUDA Maven build (target/ is already a CUDA build)
  --dry-run            check the inputs, then print the commands instead of running them
  -h, --help           this help

Environment: THINKACT_DEVICE (default device), JAVA_OPTS (JVM options for ./thinkact),
PYTORCH_FLAVOR / PYTORCH_LIBRARY_PATH (which CUDA libtorch DJL uses, docs/gpu.md).
EOF
}

# ---------------------------------------------------------------- options

model=models/Qwen3-1.7B
apigen=data/raw/apigen-mt_5k.json
almita=data/raw/ALMITA.csv
almita_columns=""
reranker=models/bge-reranker-v2-m3
use_reranker=1
coldstart="" # default: OUT/data/apigen-mt/coldstart.jsonl, drawn from the train split by data prepare
out=""
device="${THINKACT_DEVICE:-cuda:0}"
base_think=off
eval_batch_size=8
max_length=""
grpo_max_steps=""
smoke=0
skip_build=0
dry_run=0

die() {
  echo "error: $*" >&2
  exit 2
}

parse_args() {
  while (($# > 0)); do
    # Accept --opt=value as well as --opt value.
    if [[ $1 == --*=* ]]; then
      set -- "${1%%=*}" "${1#*=}" "${@:2}"
    fi
    case $1 in
      -h | --help) usage; exit 0 ;;
      --smoke) smoke=1; shift; continue ;;
      --skip-build) skip_build=1; shift; continue ;;
      --dry-run) dry_run=1; shift; continue ;;
      --no-reranker) use_reranker=0; shift; continue ;;
      --model | --apigen | --almita | --almita-columns | --reranker | --coldstart | --out | --device | \
        --base-think | --eval-batch-size | --max-length | --grpo-max-steps)
        (($# >= 2)) || die "$1 needs a value (see --help)" ;;
      *) die "unknown option $1 (see --help)" ;;
    esac
    case $1 in
      --model) model=$2 ;;
      --apigen) apigen=$2 ;;
      --almita) almita=$2 ;;
      --almita-columns) almita_columns=$2 ;;
      --reranker) reranker=$2 ;;
      --coldstart) coldstart=$2 ;;
      --out) out=$2 ;;
      --device) device=$2 ;;
      --base-think) base_think=$2 ;;
      --eval-batch-size) eval_batch_size=$2 ;;
      --max-length) max_length=$2 ;;
      --grpo-max-steps) grpo_max_steps=$2 ;;
    esac
    shift 2
  done
  [[ $base_think == on || $base_think == off ]] || die "--base-think is on or off, got $base_think"
  if [[ -z $out ]]; then
    # A smoke run gets its own root so that its 2-step adapters never count as finished stages.
    if ((smoke)); then out=runs/paper-smoke; else out=runs/paper; fi
  fi
  [[ -n $coldstart ]] || coldstart=$out/data/apigen-mt/coldstart.jsonl
}

# ---------------------------------------------------------------- running commands

# Prints a command (quoted so it can be pasted back into a shell), then runs it unless --dry-run.
run() {
  printf '+'
  printf ' %q' "$@"
  printf '\n'
  if ((dry_run == 0)); then
    "$@"
  fi
}

# Like run, and also keeps the command's stdout in FILE (written whole, then renamed).
run_saving() {
  local file=$1
  shift
  printf '+'
  printf ' %q' "$@"
  printf ' | tee %q\n' "$file"
  if ((dry_run == 0)); then
    mkdir -p "$(dirname "$file")"
    "$@" | tee "$file.tmp"
    mv "$file.tmp" "$file"
  fi
}

note() {
  echo "== $*" >&2
}

skip() {
  echo "== skip $1: $2 exists" >&2
}

# ---------------------------------------------------------------- inputs

missing=()

# Records a missing input together with the commands that fetch it.
need() {
  local what=$1 steps=$2
  missing+=("$what"$'\n'"$steps")
}

# A Hugging Face Qwen3 directory: config, tokenizer, and the weights (one file or every shard
# that the index names).
model_ok() {
  local dir=$1 shard
  [[ -f $dir/config.json && -f $dir/tokenizer.json && -f $dir/tokenizer_config.json ]] || return 1
  if [[ -f $dir/model.safetensors ]]; then
    return 0
  fi
  [[ -f $dir/model.safetensors.index.json ]] || return 1
  for shard in $(grep -o '"[^"]*\.safetensors"' "$dir/model.safetensors.index.json" | tr -d '"' | sort -u); do
    [[ -f $dir/$shard ]] || return 1
  done
}

reranker_ok() {
  local dir=$1
  [[ -f $dir/config.json && -f $dir/tokenizer.json ]] &&
    [[ -f $dir/model.safetensors || -f $dir/model.safetensors.index.json ]]
}

check_inputs() {
  model_ok "$model" || need "Qwen3-1.7B in $model (config.json, *.safetensors, tokenizer.json, tokenizer_config.json)" \
"  pip install -U 'huggingface_hub[cli]'
  huggingface-cli download Qwen/Qwen3-1.7B --include '*.json' '*.safetensors' --local-dir $model"

  [[ -f $apigen ]] || need "APIGen-MT-5k in $apigen (gated: accept its terms first)" \
"  # 1. sign in at https://huggingface.co/datasets/Salesforce/APIGen-MT-5k and accept the terms
  # 2. make a read token at https://huggingface.co/settings/tokens, then:
  huggingface-cli login
  huggingface-cli download Salesforce/APIGen-MT-5k apigen-mt_5k.json --repo-type dataset --local-dir $(dirname "$apigen")
  # (the file must end up as $apigen; or pass --apigen FILE)"

  [[ -f $almita ]] || need "Almita in $almita" \
"  git clone https://github.com/zendesk/almita-dataset data/raw/almita-dataset
  cp \"\$(find data/raw/almita-dataset -iname 'almita*.csv' | head -n 1)\" $almita
  # (or pass --almita FILE)"

  if ((use_reranker)); then
    reranker_ok "$reranker" || need "BGE cross-encoder in $reranker (config.json, model.safetensors, tokenizer.json)" \
"  huggingface-cli download BAAI/bge-reranker-v2-m3 config.json model.safetensors tokenizer.json --local-dir $reranker
  # (or --reranker DIR for another BGE reranker, or --no-reranker for the lexical F1 fallback)"
  fi

  [[ $coldstart == "$out/data/apigen-mt/coldstart.jsonl" || -f $coldstart ]] || need "cold-start samples in $coldstart" \
"  # sample JSONL with a \"reasoning\" field on each line, fewer than 100 lines: docs/reproduce.md"

  if ((${#missing[@]} > 0)); then
    echo "Missing inputs. This script downloads nothing itself; fetch these first:" >&2
    local entry
    for entry in "${missing[@]}"; do
      printf '\n- %s\n' "$entry" >&2
    done
    exit 1
  fi
}

# The paper's cold-start set (GPT-4o reasoning, checked by hand) is not published; say loudly
# that the default is the dataset's own think-tool thoughts, since it changes what stage 2 learns.
warn_coldstart() {
  if [[ $coldstart == "$out/data/apigen-mt/coldstart.jsonl" ]]; then
    cat >&2 <<EOF

!! COLD-START DATA: 90 APIGen-MT train samples whose action the dataset's agent preceded with a
!! call of its 'think' pseudo-tool, the thought as reasoning (data prepare --think-tool reasoning).
!! These are the dataset generator's thoughts, not the paper's GPT-4o annotations checked by
!! hand, so the cold-start and RL rows of Table 1 are not exactly the paper's. Pass
!! --coldstart FILE for your own set (docs/reproduce.md, "Cold-start data").

EOF
  fi
}

# Warns about things that would make the GPU stages fail late or silently run on the CPU.
check_gpu() {
  [[ $device == cuda* ]] || return 0
  if ! command -v nvidia-smi >/dev/null; then
    echo "warning: nvidia-smi not found; --device $device needs an NVIDIA driver" >&2
  fi
  if [[ -z ${PYTORCH_LIBRARY_PATH:-} ]] && ! compgen -G "${DJL_CACHE_DIR:-$HOME/.djl.ai}/pytorch/*cu*" >/dev/null; then
    echo "note: no CUDA libtorch cached yet; DJL downloads it (about 2 GB) on the first GPU command (docs/gpu.md)" >&2
  fi
}

# ---------------------------------------------------------------- stages

# The default build bundles the CPU libtorch jar. Maven's copy-dependencies never removes it
# from target/lib, and while it is on the classpath DJL loads it instead of the CUDA libtorch,
# so a GPU build must delete it first.
build_gpu() {
  if ((skip_build)); then
    note "skip build (--skip-build)"
    return
  fi
  [[ $device == cuda* ]] || note "device $device: building for CUDA anyway (it runs on the CPU too)"
  run rm -f target/lib/pytorch-native-cpu-*.jar
  run mvn -B -ntp -Dcuda package -DskipTests
}

# data prepare NAME FORMAT INPUT [extra options]: per-turn samples in OUT/data/NAME.
prepare() {
  local name=$1 format=$2 input=$3
  shift 3
  local dir=$out/data/$name
  # (an empty test set means an earlier prepare read nothing: do it again)
  if [[ -f $dir/train.jsonl && -s $dir/test.jsonl ]]; then
    skip "data prepare $name" "$dir/test.jsonl"
    return
  fi
  # --overwrite: a prepare that left no test samples is redone.
  run ./thinkact data prepare --format "$format" --input "$input" --out "$dir" --source "$name" --overwrite \
    --tokenizer "$model" "$@"
  # 'data prepare' reads an empty file as zero conversations and succeeds; stop here instead of
  # evaluating on nothing.
  if ((dry_run == 0)) && [[ ! -s $dir/test.jsonl ]]; then
    echo "error: $input gave no test samples (is it the complete file?)" >&2
    exit 1
  fi
}

prepare_data() {
  # Paper section 4.1: 1,000 sampled conversations, about 30% of them held out (docs/data.md).
  # The think pseudo-tool's calls are dropped from every conversation (base SFT is without
  # reasoning); their thoughts become the reasoning of the next action, from which the
  # cold-start set is drawn (train conversations only).
  prepare apigen-mt apigen-mt "$apigen" --conversations 1000 --test-fraction 0.3 --seed 42 \
    --think-tool reasoning --coldstart-samples 90
  # Almita is evaluation-only (out of domain): every conversation goes to test.
  local columns=()
  [[ -z $almita_columns ]] || columns=(--columns "$almita_columns")
  prepare almita almita "$almita" --test-fraction 1 ${columns[@]+"${columns[@]}"}
}

# Options every trainer gets in a smoke run: two optimizer steps are enough to exercise
# loading, a step, checkpointing and the adapter write.
smoke_train=()
smoke_eval=()
smoke_grpo=()
set_smoke_options() {
  if ((smoke)); then
    smoke_train=(--max-steps 2 --save-steps 1)
    smoke_grpo=(--max-completion-length 64)
    smoke_eval=(--limit 16 --max-new-tokens 128)
  fi
}

# train STAGE [options]: one training stage (sft, coldstart or grpo) into OUT/STAGE. Skipped when
# its final adapter exists; continued with --resume latest when an earlier attempt left a
# complete checkpoint (the trainers refuse 'latest' when there is none).
train() {
  local stage=$1
  shift
  local dir=$out/$stage
  if [[ -f $dir/adapter/adapter_model.safetensors ]]; then
    skip "train $stage" "$dir/adapter"
    return
  fi
  local resume=()
  if compgen -G "$dir/checkpoints/checkpoint-*/trainer_state.json" >/dev/null; then
    resume=(--resume latest)
  elif [[ -d $dir ]]; then
    resume=(--overwrite) # an attempt that stopped before its first checkpoint: start it again
  fi
  run ./thinkact train "$stage" --model "$model" --output "$dir" --device "$device" \
    ${smoke_train[@]+"${smoke_train[@]}"} "$@" ${resume[@]+"${resume[@]}"}
}

# evaluate STAGE THINK [--adapter DIR]: Table 1 metrics of one stage on both test sets, into
# OUT/eval/TESTSET/STAGE (the directory name is the row name in 'eval compare').
evaluate() {
  local stage=$1 think=$2
  shift 2
  local testset dir
  local scorer=()
  ((use_reranker == 0)) || scorer=(--reranker "$reranker")
  for testset in apigen-mt almita; do
    dir=$out/eval/$testset/$stage
    if [[ -f $dir/report.md ]]; then
      skip "eval $stage on $testset" "$dir/report.md"
      continue
    fi
    run ./thinkact eval --model "$model" "$@" --data "$out/data/$testset/test.jsonl" --out "$dir" --overwrite \
      --think "$think" --batch-size "$eval_batch_size" --device "$device" \
      ${scorer[@]+"${scorer[@]}"} ${smoke_eval[@]+"${smoke_eval[@]}"}
  done
}

train_and_eval() {
  local train_set=$out/data/apigen-mt/train.jsonl
  # Samples longer than max_length lose their oldest history; one that does not fit even then
  # (system prompt + tools + last message + target) is left out, and the trainer logs how many.
  local sft_length=() grpo_length=()
  if [[ -n $max_length ]]; then
    sft_length=(--max-length "$max_length")
    grpo_length=(--max-prompt-length "$max_length")
  fi

  # Row 1, the vanilla model. Thinking off by default, so that it differs from the SFT row only
  # by the training (stage 1 learns the action after an empty think block, docs/format.md).
  evaluate base "$base_think"

  # Stage 1 (paper 3.1.1): LoRA SFT without reasoning.
  train sft --config configs/sft.yaml --train "$train_set" ${sft_length[@]+"${sft_length[@]}"}
  evaluate sft off --adapter "$out/sft/adapter"

  # Stage 2 (paper 3.1.2): the stage-1 adapter continues on <100 reasoning samples.
  train coldstart --config configs/coldstart.yaml --adapter "$out/sft/adapter" --train "$coldstart" \
    ${sft_length[@]+"${sft_length[@]}"}
  evaluate coldstart on --adapter "$out/coldstart/adapter"

  # Stage 3 (paper 3.1.3): GRPO from the cold-start adapter on the APIGen-MT training prompts;
  # answers are scored by the cross-encoder as in the paper.
  local grpo_options=(${grpo_length[@]+"${grpo_length[@]}"})
  ((use_reranker == 0)) || grpo_options+=(--reranker "$reranker")
  # (a smoke run already stops every trainer after two steps)
  [[ -z $grpo_max_steps ]] || ((smoke)) || grpo_options+=(--max-steps "$grpo_max_steps")
  train grpo --config configs/grpo.yaml --adapter "$out/coldstart/adapter" --train "$train_set" \
    ${grpo_options[@]+"${grpo_options[@]}"} ${smoke_grpo[@]+"${smoke_grpo[@]}"}
  evaluate grpo on --adapter "$out/grpo/adapter"
}

# Table 1 side by side per test set, and the training curves (Figure 1 is the GRPO one).
# Cheap, so they are redone on every run.
report() {
  local testset
  for testset in apigen-mt almita; do
    run_saving "$out/table-$testset.txt" ./thinkact eval compare \
      "$out/eval/$testset/base" "$out/eval/$testset/sft" "$out/eval/$testset/coldstart" "$out/eval/$testset/grpo"
  done
  run mkdir -p "$out/plots"
  run ./thinkact plot "$out/sft" "$out/coldstart" --out "$out/plots/sft.png" --title "SFT and cold start: loss"
  run ./thinkact plot "$out/grpo" --out "$out/plots/grpo.png" --title "GRPO: rewards"
}

main() {
  parse_args "$@"
  check_inputs
  check_gpu
  set_smoke_options
  warn_coldstart
  note "output root $out, device $device$( ((dry_run)) && echo ', dry run' || true)"
  build_gpu
  prepare_data
  train_and_eval
  report
  warn_coldstart
  note "done: tables in $out/table-*.txt, reports in $out/eval/*/*/report.md, plots in $out/plots"
}

main "$@"
