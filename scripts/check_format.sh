#!/usr/bin/env bash
# check_format.sh [--fix]: every C++ file of the repository (.cc, .h) is formatted as
# .clang-format says (clang-format 14, Debian 12's `clang-format`). Lists the files that are
# not and exits 1; --fix rewrites them in place instead. Files come from `git ls-files` in a
# checkout, else from the source folders (an unpacked archive).
set -euo pipefail
cd "$(dirname "$0")/.."

FORMAT=${CLANG_FORMAT:-clang-format}
if ! command -v "$FORMAT" >/dev/null; then
  echo "check_format.sh: $FORMAT not found; run scripts/setup.sh (installs clang-format)" >&2
  exit 2
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.cc' '*.h')
else
  mapfile -t files < <(find app bench core embed fuzz geo indexer ranking schemas server tests \
                         text vector -name '*.cc' -o -name '*.h' | sort)
fi

if [[ ${1:-} == --fix ]]; then
  "$FORMAT" -i "${files[@]}"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  "$FORMAT" --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if ((${#bad[@]})); then
  echo "Not formatted as .clang-format says (fix: scripts/check_format.sh --fix):"
  printf '  %s\n' "${bad[@]}"
  exit 1
fi
echo "${#files[@]} files formatted"
