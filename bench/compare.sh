#!/usr/bin/env bash
# readlist beside cobib and pubs on the same synthetic library (never run in CI).
#
#   bench/compare.sh [SIZE] [WORKDIR]        defaults: 10000, a new temporary folder
#
# Each tool gets its own virtualenv (their dependencies conflict: pubs needs bibtexparser 1,
# cobib 2). The library is readlist's synthetic one (bench/synth.py), exported once as
# BibTeX and imported into each tool. Then, per tool, cold commands are timed (median of 3):
# list everything, search a title word, add one entry.
# papis is left out: `papis add --from bibtex` adds one document per call, so a 10,000-entry
# library takes hours to build (its import grows quadratically); see README for its figures.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
size="${1:-10000}"
work="${2:-$(mktemp -d)}"
py="${PYTHON:-python3}"
mkdir -p "$work"
echo "work folder: $work"

median() {  # median wall seconds of running "$@" three times (stdin closed, output dropped)
  "$py" - "$@" <<'PY'
import statistics, subprocess, sys, time
times = []
for _ in range(3):
    start = time.perf_counter()
    subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    times.append(time.perf_counter() - start)
print(f"{statistics.median(times):.2f}")
PY
}

once() {  # wall seconds of one run
  "$py" - "$@" <<'PY'
import subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL)
print(f"{time.perf_counter() - start:.2f}")
PY
}

venv() {  # venv NAME PACKAGES...
  local dir="$work/venv-$1"; shift
  [ -x "$dir/bin/python" ] || { "$py" -m venv "$dir" && "$dir/bin/pip" install -q "$@"; } >&2
  echo "$dir"
}

# -- the data -------------------------------------------------------------------------------
rl="$(venv readlist "$root")"
export READLIST_HOME="$root/bench/.cache/lib-$size"
if [ ! -f "$READLIST_HOME/library/HEAD.json" ]; then
  (cd "$root" && "$rl/bin/python" -c "import sys; sys.path.insert(0, 'bench'); import synth; synth.build(__import__('pathlib').Path('$READLIST_HOME'), $size)")
fi
"$rl/bin/readlist" export bibtex > "$work/lib.bib"
cat > "$work/one.bib" <<'BIB'
@misc{newpaper2025,
  title = {A New Paper on Sparse Attention},
  author = {Ada Lovelace and Alan Turing},
  year = {2025},
  eprint = {2501.00001},
  archivePrefix = {arXiv},
}
BIB
word="$(sed -n 's/^  title = {\([A-Za-z]*\).*/\1/p' "$work/lib.bib" | head -1)"
printf '# One paper\n\n- [New paper](https://arxiv.org/abs/2501.00001)\n' > "$work/one.md"
rows=()

# -- readlist -------------------------------------------------------------------------------
rhome="$work/readlist-home"; rm -rf "$rhome"; cp -a "$READLIST_HOME" "$rhome"
export READLIST_HOME="$rhome"
r_list=$(median "$rl/bin/readlist" list)
r_search=$(median "$rl/bin/readlist" list "title:$word")
r_add=$(once "$rl/bin/readlist" import "$work/one.md")
rows+=("readlist $size $r_list $r_search $r_add")

# -- cobib ----------------------------------------------------------------------------------
cb="$(venv cobib cobib)"
mkdir -p "$work/cobib"; : > "$work/cobib/db.yaml"
cat > "$work/cobib/config.py" <<EOF
from cobib.config import config
config.database.file = "$work/cobib/db.yaml"
config.database.git = False
config.logging.version = None
EOF
c_import=$(once "$cb/bin/cobib" -c "$work/cobib/config.py" add -b "$work/lib.bib")
c_list=$(median "$cb/bin/cobib" -c "$work/cobib/config.py" list)
c_search=$(median "$cb/bin/cobib" -c "$work/cobib/config.py" search "$word")
c_add=$(once "$cb/bin/cobib" -c "$work/cobib/config.py" add -b "$work/one.bib")
rows+=("cobib $size $c_list $c_search $c_add (import: ${c_import}s)")

# -- pubs -----------------------------------------------------------------------------------
pb="$(venv pubs pubs 'bibtexparser<2' pyparsing)"
mkdir -p "$work/pubs"
cat > "$work/pubs/pubsrc" <<EOF
[main]
pubsdir = $work/pubs/lib
docsdir = docsdir://
edit_cmd = true
open_cmd = true
EOF
"$pb/bin/pubs" --config "$work/pubs/pubsrc" init -p "$work/pubs/lib" >/dev/null 2>&1
p_import=$(once "$pb/bin/pubs" --config "$work/pubs/pubsrc" import "$work/lib.bib")
p_list=$(median "$pb/bin/pubs" --config "$work/pubs/pubsrc" list)
p_search=$(median "$pb/bin/pubs" --config "$work/pubs/pubsrc" list "title:$word")
p_add=$(once "$pb/bin/pubs" --config "$work/pubs/pubsrc" add -b "$work/one.bib")
rows+=("pubs $size $p_list $p_search $p_add (import: ${p_import}s)")

# -- report -----------------------------------------------------------------------------------
echo
printf '%-9s %8s %9s %10s %9s   %s\n' tool entries "list (s)" "search (s)" "add 1 (s)" ""
for row in "${rows[@]}"; do
  set -- $row
  printf '%-9s %8s %9s %10s %9s   %s\n' "$1" "$2" "$3" "$4" "$5" "${*:6}"
done
echo
echo "ratios (tool / readlist): list, search, add"
for row in "${rows[@]:1}"; do
  set -- $row
  "$py" -c "print(f'  $1: {$3/$r_list:.1f}x  {$4/$r_search:.1f}x  {$5/$r_add:.1f}x')"
done
