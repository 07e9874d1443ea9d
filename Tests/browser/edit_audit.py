"""Which examples on the lesson pages have an Edit control (#19: every example has an Edit
mode). The examples come from the lessons' ```example blocks (id, op, display; `display:
hidden` ones are not on the page); each is looked up in its page, in headless Chromium after
the page's scripts ran, by its player id (`data-player-id` or `id`). An example has Edit mode
when that element holds an Edit button (`.player-edit-toggle`). Those without one are grouped
by op and by how the page shows them.

    python edit_audit.py SITE [LESSONS]     # prints the audit; LESSONS defaults to lessons/

check_edit_everywhere (check_site.py) fails when an example other than the exempt ones has none."""
import argparse
import collections
import pathlib
import re
import sys

from selenium.webdriver.common.by import By

# Every op has Edit mode now (the architecture op's layer tables since #19's slice).
EXEMPT_OPS = set()

FIELD = re.compile(r"^([A-Za-z_-]+):\s*(.*?)\s*$")


def lesson_examples(lessons):
    """(lang, slug, [{id, op, display}]) for each lesson Markdown file under `lessons`."""
    out = []
    for path in sorted(lessons.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n") or path.name == "README.md":
            continue
        front = dict(m.groups() for m in map(FIELD.match, text.split("\n---\n", 1)[0].splitlines()[1:]) if m)
        lang = front.get("lang") or ("ko" if path.parent.name == "ko" else "en")
        examples = []
        for block in re.findall(r"^```example\n(.*?)^```", text, flags=re.S | re.M):
            fields = dict(m.groups() for m in map(FIELD.match, block.splitlines()) if m)
            examples.append({"id": fields.get("id", ""), "op": fields.get("op", ""),
                             "display": fields.get("display", "player")})
        if front.get("slug") and examples:
            out.append((lang, front["slug"], examples))
    return out


# How the page shows an example, as the page's scripts left it: an element per example id.
SURVEY = """
var ids = arguments[0], out = {};
ids.forEach(function (id) {
  var root = document.querySelector('[data-player-id="' + CSS.escape(id) + '"]') || document.getElementById(id);
  if (!root) { out[id] = {found: false}; return; }
  out[id] = {
    found: true,
    edit: !!root.querySelector('.player-edit-toggle'),
    live: root.classList.contains('player-live') || root.classList.contains('formula-live'),
    player: root.classList.contains('player'),
    inAnswer: !!root.closest('details.answer')
  };
});
return out;
"""


def rendering(example, seen):
    """How the page shows an example that has no Edit button."""
    if example["display"] == "answer":
        return "collapsed answer (<details class=answer>)"
    if example["op"] == "architecture":
        return "layer table"
    if not seen.get("found"):
        return "picture or text without a player id (one-step figure)"
    if seen.get("player") and not seen.get("live"):
        return "image player (not live)"
    return "live element without an Edit button"


def audit(driver, site, lessons, load):
    """Every shown example without an Edit button: [(lang, slug, id, op, rendering)], and how many were shown."""
    missing, shown = [], 0
    for lang, slug, examples in lesson_examples(lessons):
        page = site / lang / f"{slug}.html"
        if not page.exists():
            page = site / f"{slug}.html"
        if not page.exists():
            continue
        examples = [e for e in examples if e["display"] != "hidden"]
        if not examples:
            continue
        load(driver, page.as_uri())
        driver.find_element(By.TAG_NAME, "main")
        seen = driver.execute_script(SURVEY, [e["id"] for e in examples])
        for e in examples:
            shown += 1
            if not seen[e["id"]].get("edit"):
                missing.append((lang, slug, e["id"], e["op"], rendering(e, seen[e["id"]])))
    return missing, shown


def report(missing, shown):
    """The audit as lines: totals, then by rendering and op, then each example."""
    lines = [f"{shown} examples shown on the lesson pages; {shown - len(missing)} with an Edit button, {len(missing)} without"]
    groups = collections.Counter((m[4], m[3]) for m in missing)
    for (kind, op), n in sorted(groups.items()):
        lines.append(f"  {n:4d}  {kind}  op {op}")
    for lang, slug, example, op, kind in missing:
        lines.append(f"    {lang}/{slug}.html#{example}  ({op}; {kind})")
    return lines


def check_edit_everywhere(r, driver, site, repo, load):
    """Fails for each example (other than EXEMPT_OPS) with no Edit button, naming it."""
    lessons = repo / "lessons"
    missing, shown = audit(driver, site, lessons, load)
    failing = [m for m in missing if m[3] not in EXEMPT_OPS]
    r.check(f"edit audit: every example on the lesson pages ({shown}) has an Edit button"
            f" (exempt until their slice lands: {len(missing) - len(failing)} of op {', '.join(sorted(EXEMPT_OPS))})",
            shown > 100 and not failing,
            "; ".join(f"{m[0]}/{m[1]}#{m[2]} ({m[3]}, {m[4]})" for m in failing[:12]) + (f" … {len(failing)} in all" if len(failing) > 12 else ""))


def main():
    from check_site import make_driver, load
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("lessons", nargs="?", default=str(pathlib.Path(__file__).resolve().parents[2] / "lessons"))
    args = parser.parse_args()
    driver = make_driver()
    try:
        missing, shown = audit(driver, pathlib.Path(args.site).resolve(), pathlib.Path(args.lessons), load)
    finally:
        driver.quit()
    print("\n".join(report(missing, shown)))
    sys.exit(0)


if __name__ == "__main__":
    main()
