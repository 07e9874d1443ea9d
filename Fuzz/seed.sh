#!/usr/bin/env bash
# Builds the working corpora for the fuzzers in Fuzz/work/<parser>/ from the committed seeds
# (Tests/HardeningTests/Inputs/corpus/) plus the repository's own files: every lesson (and
# every example block in them), every model file, every lesson body and module README (Markdown).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
work="$here/work"
mkdir -p "$work"
for p in lesson example model idx checkpoint weights markdown; do
    mkdir -p "$work/$p"
    cp "$repo/Tests/HardeningTests/Inputs/corpus/$p/"* "$work/$p/"
done
# English and Korean lessons share file names: name each copy by its folder too.
find "$repo/lessons" -name '*.md' ! -name README.md | while read -r f; do
    rel=${f#"$repo/lessons/"}
    cp "$f" "$work/lesson/${rel//\//-}"
done
cp "$repo/models/"*.yaml "$work/model/"
# Markdown: every lesson body (front matter stripped) and every README in the repository.
python3 - "$repo" "$work/markdown" <<'PY2'
import pathlib, re, sys
repo = pathlib.Path(sys.argv[1])
for i, f in enumerate(sorted(repo.glob("lessons/**/*.md")) + sorted(repo.glob("Sources/*/README.md"))):
    text = re.sub(r"\A---\n.*?\n---\n", "", f.read_text(), flags=re.S)
    (pathlib.Path(sys.argv[2]) / f"md-{i:04d}.md").write_text(text)
PY2
python3 - "$repo/lessons" "$work/example" <<'PY'
import pathlib, re, sys
n = 0
for f in sorted(pathlib.Path(sys.argv[1]).rglob("*.md")):
    for m in re.finditer(r"^```example\n(.*?)^```", f.read_text(), re.S | re.M):
        n += 1
        (pathlib.Path(sys.argv[2]) / f"lesson-{n:04d}.yaml").write_text(m.group(1))
PY
