#!/usr/bin/env bash
# Runs the whole test suite: fetches the Qwen3 tokenizer the tests use, then `mvn verify`.
# Tests read the golden cases from ../shared beside the checkout.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/fetch-tokenizer.sh
exec mvn -B -ntp verify "$@"
