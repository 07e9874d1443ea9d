"""Browser checks of Edit mode on the examples that had none: a one-step example (now a live
player whose controls stay hidden until an edit gives it more steps), and a formula (op
arithmetic or output-size, shown as its line): driven
with the keyboard from file:// with the network off, the formula the page shows after an edit
is the one `convwalk compute` gives for the copied YAML, an invalid expression shows the
command's message word for word and keeps the last valid formula, Reset returns to the
lesson's; without JavaScript the line is the lesson's formula and nothing else."""
import json
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from check_site import PageObject
from engine_check import cli, offline

FORMULA = "train-batches"


def compute(exe, yaml):
    """`convwalk compute` of a YAML example: (formula, result) or (None, the message after the id)."""
    run = subprocess.run([str(exe), "compute", "-"], input=yaml, capture_output=True, text=True)
    if run.returncode == 0:
        out = json.loads(run.stdout)
        return out["trace"]["formulas"][0], out["result"]
    # `<stdin>:line:column: <example id>: message`: the page shows the message.
    return None, run.stderr.strip().splitlines()[0].split(": ", 2)[2]


class Formula(PageObject):
    def shown(self):
        return self.js("var c = arguments[0].querySelectorAll('p code'); return c[c.length - 1].textContent")

    def edited(self):
        return self.js("return !!arguments[0].querySelector('p .player-edited')")

    def field(self, name="expression"):
        return self.root.find_element(By.CSS_SELECTOR, f'.edit-value[name="{name}"]')

    def retype(self, text, name="expression"):
        """Selects a setting's text and types `text` over it, key by key."""
        field = self.field(name)
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(text)

    def paste(self, text, name="expression"):
        """Replaces a setting at once, as pasting does (typing passes through valid prefixes)."""
        self.js("""var f = arguments[0].querySelector('.edit-value[name="' + arguments[2] + '"]'); f.value = arguments[1];
            f.dispatchEvent(new Event('input', {bubbles: true}));""", text, name)


def invalid(root):
    """The names (or data-field of grid cells) of the editor's fields outlined as invalid."""
    return root.parent.execute_script("""return Array.from(arguments[0].querySelectorAll('.player-edit [aria-invalid="true"]'))
        .map(function (e) { return e.name || e.getAttribute('data-field'); });""", root)


def tab_to(driver, element, limit=400):
    """Presses Tab from the top of the page until `element` has the focus; how many presses, or None."""
    driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    for n in range(1, limit):
        if driver.switch_to.active_element == element:
            return n
        driver.switch_to.active_element.send_keys(Keys.TAB)
    return None


def wait_ready(driver):
    driver.execute_async_script("var done = arguments[arguments.length - 1]; window.convwalk.ready.then(done, done);")


def open_ready(driver, page):
    """Loads `page` afresh (through about:blank, so the same page loads again) and waits for its engine."""
    driver.get("about:blank")
    driver.get(page.as_uri())
    wait_ready(driver)


def offline_on_lesson(r, driver, site, repo, slug, what, each_page, then):
    """With the network off, `each_page(r, driver, page, exe)` on the lesson `slug` in English
    and Korean (those built), then `then(pages, exe)`; exe is the convwalk binary. Both are
    checked to exist as `what`. The window's size is put back after (the checks may change it)."""
    exe = cli(repo)
    pages = [p for p in (site / "en" / f"{slug}.html", site / "ko" / f"{slug}.html") if p.exists()]
    if not r.check(f"{what}: the {slug} lesson and a convwalk binary exist", pages and exe is not None):
        return
    try:
        with offline(driver):
            for page in pages:
                each_page(r, driver, page, exe)
            then(pages, exe)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.set_window_size(1280, 900)


def check_formula(r, driver, site, repo, shots):
    def then(pages, exe):
        check_looks(r, driver, pages[0], shots)
        check_other_lesson(r, driver, site, exe)
        check_try_it(r, driver, site, exe)
        check_output_size(r, driver, site, exe)
        check_single_step(r, driver, site, exe)
    offline_on_lesson(r, driver, site, repo, "training", "formula", check_edit, then)


def check_edit(r, driver, page, exe):
    name = f"{page.parent.name}/{page.name}"
    open_ready(driver, page)
    f = Formula(driver, FORMULA)
    data = json.loads(f.js("return arguments[0].querySelector('.player-data').textContent"))
    original = data["trace"]["formulas"][0]
    r.check(f"formula ({name}): {FORMULA} shows the lesson's formula {original}", f.shown() == original == "⌊60000 / 100⌋ = 600",
            f.shown())
    toggle = f.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle")
    presses = tab_to(driver, toggle)
    if not r.check(f"formula ({name}): Tab reaches its Edit button", presses is not None):
        return
    toggle.send_keys(Keys.ENTER)
    driver.switch_to.active_element.send_keys(Keys.TAB)
    on_field = driver.switch_to.active_element == f.field()
    strings = json.loads(driver.find_element(By.ID, "convwalk-strings").get_attribute("textContent"))
    help_text = f.js("return arguments[0].querySelector('.edit-help').textContent")
    r.check(f"formula ({name}): Enter opens Edit mode, the next Tab is the expression (its text: the lesson's), "
            "with the catalog's help for a formula",
            toggle.get_attribute("aria-expanded") == "true" and on_field and f.field().get_attribute("value") == data["example"]["expression"]
            and help_text == strings["editFormulaHelp"] and "floor" in help_text, f"{on_field} {help_text!r}")

    f.retype("floor(60000 / 64)")
    yaml = f.yaml()
    want, result = compute(exe, yaml)
    r.check(f"formula ({name}): after typing floor(60000 / 64) the page shows `convwalk compute` of the copied YAML "
            f"({want}, result {result})", f.shown() == want == "⌊60000 / 64⌋ = 937" and result == 937 and f.error() is None,
            f"{f.shown()!r} vs {want!r}\n{yaml}")
    r.check(f"formula ({name}): the line says “edited” while the expression is not the lesson's",
            f.edited() and f.js("return arguments[0].querySelector('p .player-edited').textContent") == strings["edited"])

    for bad in ("60000 / (64 - 64)", "floor(60000 / 64", "60000 ** 2", "sqrt(0 - 4)"):
        f.paste(bad)
        yaml = f.yaml()
        none, message = compute(exe, yaml)
        r.check(f"formula ({name}): {bad} shows the command's message word for word and keeps 937 on screen",
                none is None and f.error() == message and f.shown() == "⌊60000 / 64⌋ = 937"
                and f.field().get_attribute("aria-invalid") == "true",
                f"{f.error()!r} vs {message!r}, shown {f.shown()!r}")
    f.retype("2^10 - 1")
    r.check(f"formula ({name}): a valid expression again clears the message", f.error() is None and f.shown() == "2^10 − 1 = 1023",
            f"{f.error()!r} {f.shown()!r}")

    reset = f.root.find_element(By.CSS_SELECTOR, ".edit-reset")
    reset.send_keys(Keys.ENTER)
    r.check(f"formula ({name}): Reset returns to the lesson's expression and formula, without “edited”",
            f.shown() == original and not f.edited() and f.field().get_attribute("value") == data["example"]["expression"],
            f"{f.shown()!r}")
    f.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle").send_keys(Keys.ENTER)
    r.check(f"formula ({name}): the Edit button closes the panel again", f.js("return arguments[0].querySelector('.player-edit').hidden"))
    r.check(f"formula ({name}): no “Show the engine's answer” (the formula is the answer)",
            not f.root.find_elements(By.CSS_SELECTOR, ".edit-showAnswer"))


def check_looks(r, driver, page, shots):
    """Edit mode at 390 and 1280 px: nothing scrolls sideways, the field fits; screenshots."""
    shots.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
        open_ready(driver, page)
        f = Formula(driver, FORMULA)
        driver.execute_script("window.scrollTo(0, arguments[0].getBoundingClientRect().top + scrollY - 20)", f.root)
        driver.save_screenshot(str(shots / f"formula-{width}.png"))
        f.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle").click()
        f.retype("floor(60000 / 64)")
        f.paste("floor(60000 / (64 - 64))")
        wide = driver.execute_script("return document.documentElement.scrollWidth")
        box = f.js("var b = arguments[0].querySelector('.edit-value').getBoundingClientRect(); return [b.left, b.right];")
        r.check(f"formula: at {width} px with Edit mode open and a message nothing scrolls sideways and the field fits",
                wide <= width and box[0] >= 0 and box[1] <= width, f"{wide}px, field {box}")
        driver.execute_script("window.scrollTo(0, arguments[0].getBoundingClientRect().top + scrollY - 20)", f.root)
        driver.save_screenshot(str(shots / f"formula-edit-{width}.png"))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def check_other_lesson(r, driver, site, exe):
    """A second calculation, on the loss lesson: the learning rate that no longer diverges."""
    page = site / "en" / "loss-and-updates.html"
    if not r.check("formula: the loss lesson exists", page.exists()):
        return
    driver.get(page.as_uri())
    wait_ready(driver)
    f = Formula(driver, "loss-diverge")
    f.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle").click()
    f.retype("1 - 1.9 * 1")
    want, result = compute(exe, f.yaml())
    r.check(f"formula: loss-diverge with lr 1.9 shows `convwalk compute` of the copied YAML ({want})",
            f.shown() == want == "1 − 1.9 × 1 = −0.9" and abs(result + 0.9) < 1e-6, f"{f.shown()!r} vs {want!r}")


def check_try_it(r, driver, site, exe):
    """The loss lesson's “Try it” opens loss-diverge's Edit mode with lr 1.9, in both languages."""
    for lang in ("en", "ko"):
        page = site / lang / "loss-and-updates.html"
        if not r.check(f"formula: {lang}/loss-and-updates.html exists", page.exists()):
            continue
        open_ready(driver, page)
        links = driver.find_elements(By.CSS_SELECTOR, 'a.try-it[href="#loss-diverge"]')
        if not r.check(f"formula ({lang}): the “Try it” of loss-diverge is a button", len(links) == 1, str(len(links))):
            continue
        links[0].send_keys(Keys.ENTER)
        f = Formula(driver, "loss-diverge")
        focused = driver.switch_to.active_element == f.field()
        want, result = compute(exe, f.yaml())
        r.check(f"formula ({lang}): Enter on “Try it” opens loss-diverge with 1 - 1.9 * 1 in its focused field, and the line shows "
                f"`convwalk compute` of the copied YAML ({want}), as the lesson says (−0.9)",
                focused and f.field().get_attribute("value") == "1 - 1.9 * 1" and f.shown() == want == "1 − 1.9 × 1 = −0.9"
                and abs(result + 0.9) < 1e-6, f"{focused} {f.shown()!r} vs {want!r}")


def check_output_size(r, driver, site, exe):
    """An output-size formula has Edit mode too: its input, kernel, stride, padding and dilation."""
    page = site / "en" / "stride.html"
    if not r.check("formula: the stride lesson exists", page.exists()):
        return
    open_ready(driver, page)
    f = Formula(driver, "stride-size-5-3-2")
    original = f.shown()
    toggle = f.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle")
    toggle.send_keys(Keys.ENTER)
    names = f.js("return Array.from(arguments[0].querySelectorAll('.edit-value')).map(function (e) { return e.name; })")
    r.check("formula: stride-size-5-3-2's Edit mode has a field for each setting of output-size, with the lesson's values",
            names == ["input", "kernel", "stride", "padding", "dilation"]
            and [f.field(n).get_attribute("value") for n in names] == ["5", "3", "2", "", ""], str(names))
    f.retype("9", "input")
    f.retype("1", "padding")
    want, result = compute(exe, f.yaml())
    r.check(f"formula: input 9, padding 1 shows `convwalk compute` of the copied YAML ({want})",
            f.shown() == want and result == 5 and f.error() is None and f.edited(), f"{f.shown()!r} vs {want!r}, {result}")
    f.paste("13", "kernel")
    none, message = compute(exe, f.yaml())
    r.check("formula: kernel 13 shows the command's message word for word and keeps the last formula",
            none is None and f.error() == message and f.shown() == want and f.field("kernel").get_attribute("aria-invalid") == "true",
            f"{f.error()!r} vs {message!r}")
    f.paste("3", "kernel")
    for name, bad in (("stride", "0"), ("padding", "-1"), ("dilation", "0")):
        f.paste(bad, name)
        none, message = compute(exe, f.yaml())
        r.check(f"formula: {name} {bad} shows the command's message word for word ({message}) and outlines {name}, not kernel",
                none is None and f.error() == message and invalid(f.root) == [name], f"{f.error()!r} vs {message!r}, {invalid(f.root)}")
        f.paste("", name)
    f.root.find_element(By.CSS_SELECTOR, ".edit-reset").send_keys(Keys.ENTER)
    r.check("formula: Reset returns stride-size-5-3-2 to the lesson's formula", f.shown() == original and not f.edited(), f.shown())


def check_single_step(r, driver, site, exe):
    """stride-3x3-s2 writes one output cell: a live player without step controls, with Edit mode."""
    page = site / "en" / "stride.html"
    if not page.exists():
        return
    open_ready(driver, page)
    root = driver.find_element(By.ID, "stride-3x3-s2")

    def state():
        return driver.execute_script("""var r = arguments[0], out = {};
            r.querySelectorAll('.frame .cell[data-tensor="output"]').forEach(function (c) {
              out[c.getAttribute('data-index')] = c.querySelector('.cell-value').textContent; });
            return [r.classList.contains('player-single'), r.querySelector('.player-controls').offsetHeight > 0, out];""", root)
    single, controls, shown = state()
    r.check("single step: stride-3x3-s2 is a live player drawn in HTML, its one output 3, no step controls",
            single and not controls and shown == {"0,0": "3"}, str(state()))
    root.find_element(By.CSS_SELECTOR, ".player-edit-toggle").send_keys(Keys.ENTER)
    f = Formula(driver, "stride-3x3-s2")
    f.retype("1", "stride")
    run = subprocess.run([str(exe), "compute", "-"], input=f.yaml(), capture_output=True, text=True)
    want = json.loads(run.stdout)["result"] if run.returncode == 0 else run.stderr
    trace = driver.execute_script("return arguments[0].convwalkPlayer.live.trace", root)
    page_out = next(t for t in trace["tensors"] if t["role"] == "output")["values"]
    root.find_element(By.CSS_SELECTOR, 'button[data-action="last"]').click()
    single, controls, shown = state()
    r.check(f"single step: with stride 1 it has {len(trace['steps'])} steps and its controls, and gives `convwalk compute` "
            f"of the copied YAML ({want})",
            not single and controls and len(trace["steps"]) == 4 and want == [[3, 3], [5, 1]]
            and page_out == [3, 3, 5, 1] and shown == {"0,0": "3", "0,1": "3", "1,0": "5", "1,1": "1"}, f"{want} {page_out} {shown}")
    f.retype("0", "stride")
    none, message = compute(exe, f.yaml())
    r.check(f"single step: stride 0 shows the command's message word for word ({message}) and outlines the stride field only",
            none is None and f.error() == message and invalid(root) == ["stride"], f"{f.error()!r} vs {message!r}, {invalid(root)}")
    root.find_element(By.CSS_SELECTOR, ".edit-reset").send_keys(Keys.ENTER)
    r.check("single step: Reset returns to one step without controls", state()[:2] == [True, False], str(state()))


def check_formula_without_javascript(r, make_driver, site):
    """Without JavaScript a calculation is the lesson's line: its title and formula, no editor."""
    page = site / "en" / "training.html"
    if not page.exists():
        return
    driver = make_driver(javascript=False)
    try:
        driver.get(page.as_uri())
        root = driver.find_element(By.ID, FORMULA)
        line = root.find_element(By.TAG_NAME, "p")
        width = driver.execute_script("return getComputedStyle(arguments[0]).maxWidth", line)
        prose = driver.execute_script("return getComputedStyle(document.querySelector('.prose > p')).maxWidth")
        r.check("formula without JavaScript: the line is “Complete batches per epoch: ⌊60000 / 100⌋ = 600”, as wide as the prose, "
                "and there is no Edit button",
                line.text == "Complete batches per epoch: ⌊60000 / 100⌋ = 600" and width == prose
                and not driver.find_elements(By.CSS_SELECTOR, ".player-edit-toggle"), f"{line.text!r} {width} vs {prose}")
        stride = site / "en" / "stride.html"
        if stride.exists():
            driver.get(stride.as_uri())
            img = driver.find_element(By.CSS_SELECTOR, "#stride-3x3-s2 .player-step img")
            driver.execute_script("arguments[0].scrollIntoView()", img)
            loaded = driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img)
            r.check("single step without JavaScript: stride-3x3-s2 is still its picture (step-1.png) with its arithmetic",
                    bool(loaded) and img.get_attribute("src").endswith("stride-3x3-s2/step-1.png")
                    and "1×1 + 2×0 + 2×1 + 1×0 = 3" in driver.find_element(By.ID, "stride-3x3-s2").text, str(loaded))
    finally:
        driver.quit()
