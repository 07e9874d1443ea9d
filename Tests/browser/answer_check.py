"""Browser checks of Edit mode inside an exercise's collapsed answer (#19), from file:// with
the network off: nothing of the editor shows until the answer is opened; opened and driven with
the keyboard, an edited conv2d-backward answer shows the dX, dW and db that `convwalk compute`
gives for the copied YAML (English and Korean); a rejected stride shows the command's message
word for word and keeps the last result; Reset puts the build's result back; an output-size
answer's formula follows an edit as the command's does; a "Try it" link to an answer opens it.
Then every answer result on every lesson page, redrawn by the page from the in-page engine's
run of its own example, is the build's HTML."""
import json
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from check_site import PageObject, from_yaml_block
from formula_check import compute, offline_on_lesson, open_ready, tab_to
from live_check import compact

ANSWER = "bp-ex-ones"          # backpropagation.html: dX, dW and db of a 3×3 input, 2×2 kernel
FORMULA = "stride-ex-7-3-3"    # stride.html: the output size of 7, kernel 3, stride 3


class Answer(PageObject):
    """One answer's result and its editor, as player.js's Result and edit.js build them."""

    def __init__(self, driver, answer_id):
        super().__init__(driver, answer_id)
        self.details = self.js("return arguments[0].closest('details.answer')")

    def shown(self):
        """Each output's numbers as the page shows them: {name: [text, ...]} in reading order."""
        return self.js("""var out = {}, name = 'result';
            arguments[0].querySelectorAll('.result-body > *').forEach(function (n) {
              var strong = n.tagName === 'P' && n.querySelector('strong');
              if (strong) { name = strong.textContent; return; }
              var cells = n.tagName === 'TABLE' ? Array.from(n.querySelectorAll('tbody td')).map(function (c) { return c.textContent; })
                : n.textContent.replace(/^\\[|\\]$/g, '').split(', ');
              out[name] = (out[name] || []).concat(cells);
            });
            return out;""")

    def body(self):
        return self.js("return arguments[0].querySelector('.result-body').innerHTML.replace(/>\\s+</g, '><').trim()")

    def edited(self):
        return self.js("return !!arguments[0].closest('details').querySelector('summary .player-edited')")


def flat(value):
    return [x for v in value for x in flat(v)] if isinstance(value, list) else [value]


def check_answers(r, driver, site, repo, shots):
    def then(pages, exe):
        check_looks(r, driver, pages[0], shots)
        check_formula_answer(r, driver, site, exe)
        check_try_it(r, driver, pages[0])
        check_redrawn_as_built(r, driver, site)
    offline_on_lesson(r, driver, site, repo, "backpropagation", "answers", check_edit, then)


def check_edit(r, driver, page, exe):
    name = f"{page.parent.name}/{page.name}"
    open_ready(driver, page)
    a = Answer(driver, ANSWER)
    built = a.body()
    toggle = a.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle")
    r.check(f"answers ({name}): {ANSWER} is collapsed and its Edit button is not shown before it is opened",
            not a.details.get_attribute("open") and not toggle.is_displayed() and not a.root.is_displayed())
    summary = a.details.find_element(By.TAG_NAME, "summary")
    if not r.check(f"answers ({name}): Tab reaches the answer's summary", tab_to(driver, summary) is not None):
        return
    summary.send_keys(Keys.ENTER)
    r.check(f"answers ({name}): Enter opens it: dX, dW and db as the lesson gives them, and its Edit button",
            a.details.get_attribute("open") is not None and toggle.is_displayed()
            and a.shown() == {"dX": ["1", "0", "−1", "1", "2", "1", "0", "2", "2"], "dW": ["4", "6", "4", "6"], "db": ["4"]},
            str(a.shown()))
    driver.switch_to.active_element.send_keys(Keys.TAB)
    if not r.check(f"answers ({name}): the next Tab is its Edit button", driver.switch_to.active_element == toggle):
        return
    toggle.send_keys(Keys.ENTER)
    # The kernel's top-right −1 becomes 3, typed into its cell.
    cell = a.root.find_element(By.CSS_SELECTOR, '.edit-cell[data-field="kernel"][data-index="0,1"]')
    cell.send_keys(Keys.CONTROL, "a")
    cell.send_keys("3")
    yaml = a.yaml()
    run = subprocess.run([str(exe), "compute", "-"], input=yaml, capture_output=True, text=True)
    want = {k: [compact(x) for x in flat(v)] for k, v in json.loads(run.stdout)["outputs"].items()} if run.returncode == 0 else run.stderr
    shown = a.shown()
    r.check(f"answers ({name}): kernel [0,1] = 3 shows `convwalk compute`'s dX, dW and db of the copied YAML, marked edited",
            isinstance(want, dict) and shown == want and a.edited() and "kernel: [[1, 3],\n" in yaml
            and want["dX"] == ["1", "4", "3", "1", "6", "5", "0", "2", "2"], f"{shown} vs {want}")
    stride = a.root.find_element(By.CSS_SELECTOR, '.edit-value[name="stride"]')
    stride.send_keys("0")
    page_error = a.error()
    _, message = compute(exe, a.yaml())
    r.check(f"answers ({name}): stride 0 shows the command's message word for word and keeps the last result",
            page_error is not None and page_error == message and a.shown() == shown
            and a.js("return arguments[0].classList.contains('player-invalid')"), f"{page_error!r} vs {message!r}")
    a.root.find_element(By.CSS_SELECTOR, ".edit-reset").send_keys(Keys.ENTER)
    r.check(f"answers ({name}): Reset puts the build's result back, unmarked", a.body() == built and not a.edited() and a.error() is None)


def check_looks(r, driver, page, shots):
    """The opened answer in Edit mode after an edit, at 390 and 1280 px: nothing overflows."""
    for width in (390, 1280):
        driver.set_window_size(width, 900)
        open_ready(driver, page)
        a = Answer(driver, ANSWER)
        a.details.find_element(By.TAG_NAME, "summary").click()
        a.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle").click()
        a.js("""var f = arguments[0].querySelector('.edit-value[name="stride"]'); f.value = '2';
            f.dispatchEvent(new Event('input', {bubbles: true}));""")
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", a.details)
        overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if shots:
            shots.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(shots / f"answer-edit-{width}.png"))
        r.check(f"answers: at {width} px the opened answer in Edit mode fits the page (overflow {overflow} px)",
                overflow <= 0 and a.shown()["dX"][:3] == ["1", "−1", "0"], str(a.shown()))


def check_formula_answer(r, driver, site, exe):
    """An output-size answer is a formula with Edit mode inside the answer."""
    page = site / "en" / "stride.html"
    open_ready(driver, page)
    root = driver.find_element(By.ID, FORMULA)
    code = lambda: driver.execute_script("var c = arguments[0].querySelectorAll('p code'); return c[c.length - 1].textContent", root)
    before = code()
    driver.execute_script("arguments[0].closest('details').open = true", root)
    root.find_element(By.CSS_SELECTOR, ".player-edit-toggle").send_keys(Keys.ENTER)
    field = root.find_element(By.CSS_SELECTOR, '.edit-value[name="stride"]')
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("2")
    root.find_element(By.CSS_SELECTOR, ".edit-copyYAML").send_keys(Keys.ENTER)
    yaml = from_yaml_block(driver.execute_script("return arguments[0].querySelector('.edit-yaml').value", root))
    want, result = compute(exe, yaml)
    r.check(f"answers: {FORMULA}'s formula in its answer follows stride 2 as `convwalk compute` gives it ({want})",
            before.startswith("O = ⌊(7 − 3 + 2·0) / 3⌋ + 1 = 2") and code() == want and result == 3, f"{before!r} → {code()!r} vs {want!r}")


def check_try_it(r, driver, page):
    """A "Try it" link to an answer opens the answer and its Edit mode with the change."""
    open_ready(driver, page)
    link = driver.execute_script("""var a = document.createElement('a'); a.href = '#bp-ex-ones'; a.title = 'stride: 2';
        a.textContent = 'Try it'; document.querySelector('main p').appendChild(a);
        var players = {}; players['bp-ex-ones'] = document.getElementById('bp-ex-ones').convwalkPlayer;
        window.convwalkEdit.wireTryLinks(players); return a;""")
    a = Answer(driver, ANSWER)
    link.send_keys(Keys.ENTER)
    r.check("answers: a Try it link to an answer opens it in Edit mode with stride 2 applied",
            a.details.get_attribute("open") is not None and a.js("return !arguments[0].querySelector('.player-edit').hidden")
            and a.edited() and a.shown().get("db") == ["1"], str(a.shown()))


def check_redrawn_as_built(r, driver, site):
    """Every answer result, redrawn from the in-page engine's run of its own example, is the build's HTML."""
    count, differ = 0, []
    for page in sorted(site.glob("*/*.html")):
        if 'class="result-live"' not in page.read_text(encoding="utf-8"):
            continue
        open_ready(driver, page)
        found = driver.execute_script("""var out = [];
            document.querySelectorAll('.result-live').forEach(function (root) {
              var p = root.convwalkPlayer, norm = function (h) { return h.replace(/>\\s+</g, '><').trim(); };
              if (!p) { out.push([root.id, 'no editor']); return; }
              var built = norm(p.body.innerHTML), run = window.convwalk.compute(p.live.example);
              if (run.error) { out.push([root.id, run.error]); return; }
              p.setTrace(run.trace, run);
              out.push([root.id, norm(p.body.innerHTML) === built ? null : built + ' vs ' + norm(p.body.innerHTML)]);
            });
            return out;""")
        count += len(found)
        differ += [f"{page.parent.name}/{page.name}#{i}: {d[:200]}" for i, d in found if d]
    r.check(f"answers: every answer result ({count}) redrawn from the engine's run of its example is the build's HTML",
            count > 50 and not differ, "; ".join(differ[:5]))
