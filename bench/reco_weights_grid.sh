#!/usr/bin/env bash
# Recommendation weights on the judged sets: for each SPEC (as serve --reco-weights, e.g.
# "need_match=0.5,semantic=0.4"), nDCG@10 on fold A (tune on it) and the older sample set,
# from one quality_bench run each. Fold B is held out: its column shows "-" unless
# HN_FOLD_B=1 (for the chosen row only, once).
#
#   bash bench/reco_weights_grid.sh [BUILD_DIR] SPEC...
set -euo pipefail
build=build
if [[ $# -gt 0 && -d "$1" ]]; then build=$1; shift; fi
for spec in "$@"; do
  out=$("$build/bench/quality_bench" --reps 1 --reco-weights "$spec" 2>/dev/null)
  a=$(grep "^| fold A" <<<"$out" | cut -d'|' -f4)
  b=" -"
  if [[ ${HN_FOLD_B:-} == 1 ]]; then b=$(grep "^| fold B" <<<"$out" | cut -d'|' -f4); fi
  s=$(grep '\*\*mean' <<<"$out" | head -1 | cut -d'|' -f5 | tr -d ' *')
  echo "| $spec | $a | $b | $s |"
done
