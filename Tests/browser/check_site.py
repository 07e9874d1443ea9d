"""Checks a built convwalk site in headless Chromium: the step-through player (keys, buttons,
slider, deep links), KaTeX, the no-JavaScript fallback, console errors and layout at 1280 and
390 px. Run through run.sh, which sets up the venv. Prints "N passed, M failed" last."""

import argparse
import json
import pathlib
import sys

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from engine_check import check_engine
from edit_audit import check_edit_everywhere

import site_checks
import compare_check
import digit_check
import atlas_check


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print(f"PASS {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}" + (f": {detail}" if detail else ""))
        return condition


def make_driver(javascript=True):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                "--allow-file-access-from-files"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def find_pages(site):
    """The first lesson page with a player (English first) and every HTML page."""
    pages = sorted(site.rglob("*.html"), key=lambda p: (not str(p.relative_to(site)).startswith("en/"), str(p)))
    lessons = [p for p in pages if 'class="player"' in p.read_text(encoding="utf-8")]
    return (lessons[0] if lessons else None), pages


def severe_logs(driver):
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def load(driver, url):
    driver.get("about:blank")
    driver.get(url)
    driver.execute_script("return document.readyState")


class PageObject:
    """One example on a page (a live player, a formula, a layer table, an answer), found by its id."""

    def __init__(self, driver, root_id):
        self.driver = driver
        self.root = driver.find_element(By.ID, root_id)

    def js(self, script, *args):
        """Runs `script` with the example's element as arguments[0], then `args`."""
        return self.driver.execute_script(script, self.root, *args)

    def error(self):
        """The message Edit mode shows (the engine's, word for word), or None."""
        return self.js("""var e = arguments[0].querySelector('.edit-error');
            return e && !e.hidden ? e.querySelector('strong').textContent : null;""")

    def yaml(self):
        """The edited example as "Copy as YAML" gives it, without the code fence."""
        self.root.find_element(By.CSS_SELECTOR, ".edit-copyYAML").send_keys(Keys.ENTER)
        return from_yaml_block(self.js("return arguments[0].querySelector('.edit-yaml').value"))


def from_yaml_block(text):
    lines = text.strip().splitlines()
    return "\n".join(lines[1:-1]) if lines and lines[0].startswith("```") else text


class PlayerPage:
    """The first player on a page, seen through the DOM the player script builds."""

    def __init__(self, driver):
        self.driver = driver
        # The image player (live players, drawn in HTML, are checked by live_check.py).
        self.root = driver.find_element(By.CSS_SELECTOR, ".player:not(.player-live)")
        self.id = self.root.get_attribute("data-player-id")
        self.total = int(self.root.get_attribute("data-step-count"))
        self.strings = json.loads(driver.find_element(By.ID, "convwalk-strings").get_attribute("textContent"))

    def step_of(self, n):
        return self.strings["stepOf"].replace("{n}", str(n)).replace("{total}", str(self.total))

    def js(self, script):
        return self.driver.execute_script(script, self.root)

    def counter(self):
        return self.js("return arguments[0].querySelector('.player-status-live .player-counter').textContent")

    def caption(self):
        return self.js("return arguments[0].querySelector('.player-status-live .player-caption').textContent")

    def frame(self):
        return self.js("return arguments[0].querySelector('.player-frame').src")

    def expected(self, n):
        """(frame URL, caption) of step n, read from the server-side list."""
        return self.js(f"""var li = arguments[0].querySelector('.player-step[data-step="{n}"]');
            return [li.querySelector('img').src, li.querySelector('.player-caption').textContent];""")

    def shows(self, n):
        return (self.frame(), self.caption()) == tuple(self.expected(n)) and self.counter() == self.step_of(n)

    def press(self, key, target=None):
        (target or self.root).send_keys(key)

    def button(self, action):
        return self.root.find_element(By.CSS_SELECTOR, f'button[data-action="{action}"]')


def check_player(r, driver, url):
    load(driver, url)
    p = PlayerPage(driver)
    r.check("player is enhanced by the script", "player-enhanced" in p.root.get_attribute("class"))
    r.check("opens at step 1", p.shows(1), f"counter={p.counter()!r}")
    r.check("caption is in an aria-live region",
            p.js("return arguments[0].querySelector('.player-status-live').getAttribute('aria-live')") == "polite")
    if not r.check("player has at least 3 steps", p.total >= 3, f"only {p.total}"):
        return

    p.js("arguments[0].focus()")
    p.press(Keys.ARROW_RIGHT)
    r.check("→ on the focused player shows step 2's frame and caption", p.shows(2),
            f"frame={p.frame()} caption={p.caption()!r} counter={p.counter()!r}")
    r.check("stepping updates the hash", driver.execute_script("return location.hash") == f"#{p.id}/step-2",
            driver.execute_script("return location.hash"))
    p.press(Keys.ARROW_LEFT)
    r.check("← goes back to step 1", p.shows(1), p.counter())
    p.press(Keys.END)
    r.check("End jumps to the last step", p.shows(p.total), p.counter())
    p.press(Keys.HOME)
    r.check("Home jumps to the first step", p.shows(1), p.counter())

    p.button("last").click()
    r.check("clicking last shows the last step", p.counter() == p.step_of(p.total) and p.shows(p.total), p.counter())
    p.button("previous").click()
    r.check("clicking previous goes back one step", p.shows(p.total - 1), p.counter())
    p.button("first").click()
    r.check("clicking first shows step 1; first is then disabled",
            p.shows(1) and not p.button("first").is_enabled(), p.counter())

    slider = p.root.find_element(By.CSS_SELECTOR, "input.player-slider[type=range]")
    slider.send_keys(Keys.ARROW_RIGHT)
    slider.send_keys(Keys.ARROW_RIGHT)
    r.check("the slider moves the player (two steps right → step 3)", p.shows(3) and slider.get_attribute("value") == "3",
            f"value={slider.get_attribute('value')} counter={p.counter()!r}")

    p.js("arguments[0].focus()")
    p.press(Keys.SPACE)
    playing = p.js("return arguments[0].classList.contains('player-playing')")
    label = p.button("play").text
    p.press(Keys.SPACE)
    stopped = not p.js("return arguments[0].classList.contains('player-playing')")
    r.check("space plays and pauses", playing and stopped and p.strings["pause"] in label, f"label={label!r}")

    deep = f"{url}#{p.id}/step-3"
    load(driver, deep)
    p = PlayerPage(driver)
    r.check("deep link #id/step-3 opens at step 3", p.shows(3), p.counter())

    load(driver, url)
    p = PlayerPage(driver)
    focused = False
    for _ in range(300):  # live players before it add their cell grids and Edit buttons as tab stops
        driver.switch_to.active_element.send_keys(Keys.TAB)
        if driver.execute_script("return document.activeElement === arguments[0]", p.root):
            focused = True
            break
    outline = driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", p.root)
    r.check("Tab reaches the player and its focus is visible", focused and outline not in ("none", ""), f"outline={outline}")


def check_languages(r, driver, pages, site):
    """Every player speaks its page's language: counter and button labels from the strings table."""
    for page in [p for p in pages if 'class="player"' in p.read_text(encoding="utf-8")]:
        load(driver, page.as_uri())
        p = PlayerPage(driver)
        lang = driver.execute_script("return document.documentElement.lang")
        labels = [p.button(a).get_attribute("textContent").strip() for a in ("first", "previous", "play", "next", "last")]
        wanted = [p.strings[k] for k in ("first", "previous", "play", "next", "last")]
        ok = p.counter() == p.step_of(1) and all(w in l for w, l in zip(wanted, labels))
        r.check(f"{page.relative_to(site)} player UI in '{lang}': {p.counter()} / {' '.join(wanted)}", ok, str(labels))


KOREAN_LABELS = {"first": "처음", "previous": "이전", "play": "재생", "next": "다음", "last": "마지막"}


def korean_lesson(site):
    """The Korean lesson page with a player: convolution.html if it has one, else the first."""
    folder = site / "ko"
    if not folder.is_dir():
        return None
    pages = sorted(folder.glob("*.html"), key=lambda p: (p.name != "convolution.html", p.name))
    return next((p for p in pages if 'class="player"' in p.read_text(encoding="utf-8")), None)


def check_korean(r, driver, site):
    """The player checks again on a Korean lesson page, then its words: a Korean counter
    ("4단계 중 2단계"), Korean button labels, and a language switch to the same lesson."""
    page = korean_lesson(site)
    if page is None:
        print(f"SKIP no Korean lesson page with a player in {site}")
        return
    print(f"-- Korean lesson page {page.relative_to(site)}")
    check_player(r, driver, page.as_uri())
    load(driver, page.as_uri())
    p = PlayerPage(driver)
    r.check("Korean page has <html lang=ko>", driver.execute_script("return document.documentElement.lang") == "ko")
    r.check("Korean counter opens at '{total}단계 중 1단계'", p.counter() == f"{p.total}단계 중 1단계", repr(p.counter()))
    p.js("arguments[0].focus()")
    p.press(Keys.ARROW_RIGHT)
    r.check("→ shows '{total}단계 중 2단계'", p.counter() == f"{p.total}단계 중 2단계", repr(p.counter()))
    labels = {a: p.button(a).get_attribute("textContent").strip() for a in KOREAN_LABELS}
    r.check("player buttons are labelled in Korean", all(w in labels[a] for a, w in KOREAN_LABELS.items()), str(labels))
    switch = driver.find_elements(By.CSS_SELECTOR, 'a[hreflang="en"]')
    target = switch[0].get_attribute("href") if switch else ""
    r.check("language switch links to the English version of the same lesson",
            target.endswith(f"/en/{page.name}") and (site / "en" / page.name).exists(), target)


def check_math(r, driver, pages, site):
    math_pages = [p for p in pages if "<x-equation" in p.read_text(encoding="utf-8")]
    if not r.check("the site has pages with math", bool(math_pages)):
        return
    page = math_pages[0]
    load(driver, page.as_uri())
    rendered = driver.execute_script("return document.querySelectorAll('.katex').length")
    raw = driver.execute_script(
        "return Array.from(document.querySelectorAll('x-equation')).filter(e => !e.querySelector('.katex')).length")
    text = driver.execute_script("return document.querySelector('main').innerText")
    r.check(f"KaTeX rendered every equation on {page.relative_to(site)}", rendered > 0 and raw == 0,
            f"{rendered} rendered, {raw} raw")
    r.check("no raw $ left in the text", "$" not in text, text[max(0, text.find("$") - 40):text.find("$") + 40])


def check_console(r, driver, pages, site):
    errors = []
    for page in pages:
        load(driver, page.as_uri())
        errors += [f"{page.relative_to(site)}: {m}" for m in severe_logs(driver)]
    r.check(f"no console errors on {len(pages)} pages", not errors, "; ".join(errors[:5]))


def check_without_javascript(r, url):
    driver = make_driver(javascript=False)
    try:
        load(driver, url)
        steps = driver.find_elements(By.CSS_SELECTOR, ".player .player-steps > li.player-step")
        shown = [s for s in steps if s.is_displayed()]
        # An image player's step is a figure with its caption; a live player's (drawn in HTML
        # when scripting is on) is its counter and arithmetic as text, with the overview.
        complete = all((s.find_elements(By.CSS_SELECTOR, "figure img[alt]") and
                        s.find_elements(By.CSS_SELECTOR, "figcaption .player-caption")) or
                       s.find_elements(By.CSS_SELECTOR, ":scope > p > .player-caption") for s in steps)
        controls = driver.find_elements(By.CSS_SELECTOR, ".player-controls")
        r.check("without JavaScript every step is visible: a figure with a caption, or its arithmetic as text",
                len(steps) >= 2 and len(shown) == len(steps) and complete and not controls,
                f"{len(shown)}/{len(steps)} visible, complete={complete}, controls={len(controls)}")
        overview = driver.find_elements(By.CSS_SELECTOR, ".player-text-steps details.player-overview > summary")
        if overview:
            overview[0].click()
            img = driver.find_element(By.CSS_SELECTOR, ".player-text-steps details.player-overview[open] img")
            r.check("without JavaScript a live player's overview opens to its picture", img.is_displayed())
    finally:
        driver.quit()


def check_print(r, driver, url, out):
    """Print media: every step of every player shown, no buttons or slider."""
    load(driver, url)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        steps = driver.find_elements(By.CSS_SELECTOR, ".player .player-step")
        shown = [s for s in steps if s.is_displayed()]
        controls = [c for c in driver.find_elements(By.CSS_SELECTOR, ".player button, .player input") if c.is_displayed()]
        out.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(out / "print.png"))
        r.check("print shows every step and no controls", steps and len(shown) == len(steps) and not controls,
                f"{len(shown)}/{len(steps)} steps, {len(controls)} controls visible")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def screenshot(driver, url, path, width):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    load(driver, url)
    height = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 6000)")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    overflow = driver.execute_script("return document.documentElement.scrollWidth") - width
    driver.save_screenshot(str(path))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return overflow


def check_screenshots(r, driver, site, lesson, out):
    out.mkdir(parents=True, exist_ok=True)
    targets = [site / "index.html", lesson]
    for extra in (site / "en" / "index.html", site / "ko" / lesson.name):
        if extra.exists() and extra not in targets:
            targets.append(extra)
    for page in targets:
        name = str(page.relative_to(site)).replace("/", "_").removesuffix(".html")
        for width in (1280, 390):
            overflow = screenshot(driver, page.as_uri(), out / f"{name}-{width}.png", width)
            r.check(f"{page.relative_to(site)} at {width}px: no horizontal scrolling", overflow <= 0,
                    f"{overflow}px too wide")
    print(f"screenshots in {out}")


def check_demo_walk(r, driver, pages, site):
    """The demo page's one walk: a digit picker and a stepper drawn in the page from the network's
    layers, from the input to the softmax (logits, top three, why the rest are 0); the mistakes
    gallery opens a mistake in it; its PNG fallback is hidden once it runs."""
    if not any(p.name.startswith("demo-") for p in pages):
        print("skip: no demo pages (site built with --no-demos)")
        return
    demos = [p for p in pages if p.name.startswith("demo-") and "data-digit-walk" in p.read_text(encoding="utf-8")]
    if not r.check("the demo pages have a digit walk", bool(demos), str(site)):
        return
    html = demos[0].read_text(encoding="utf-8")
    r.check("the demo page has one PNG walk (the fallback), not one per class", html.count('data-player-id="walk-') == 1, demos[0].name)
    load(driver, demos[0].as_uri())
    driver.execute_async_script("const done = arguments[arguments.length - 1]; window.convwalk.loadNetworks();"
                                " window.convwalk.digitReady.then(() => done(1), () => done(0))")
    walk = driver.find_element(By.CSS_SELECTOR, "[data-digit-walk]")
    state = lambda: driver.execute_script(
        "const w = arguments[0]; return [w.hidden, w.getAttribute('data-step'), w.querySelector('.walk-caption').textContent,"
        " document.getElementById(w.getAttribute('data-fallback')).hidden]", walk)
    hidden, step, first, fallback = state()
    r.check("the walk runs in the page and hides its PNG fallback", not hidden and step == "1" and fallback, f"{hidden} {step} {fallback}")
    driver.execute_script("arguments[0].scrollIntoView()", walk)
    walk.find_element(By.CSS_SELECTOR, "[data-walk=next]").click()
    _, step, second, _ = state()
    r.check("Next steps the walk from the input to the first layer", step == "2" and first != second and "→" in second, f"{first!r} → {second!r}")
    shown = driver.execute_script("const c = arguments[0].querySelector('.walk-canvas'); return [c.width, c.height, c.hidden]", walk)
    r.check("the first layer's maps are drawn", shown[0] > 28 and shown[1] >= 28 and not shown[2], str(shown))
    button = driver.find_element(By.CSS_SELECTOR, "[data-open-pick]")
    label, predicted = button.get_attribute("data-label"), button.get_attribute("data-predicted")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    steps = int(walk.get_attribute("data-steps"))
    driver.execute_script("const r = arguments[0].querySelector('input[type=range]'); r.value = arguments[1]; r.dispatchEvent(new Event('input'))", walk, steps)
    _, step, last, _ = state()
    r.check("the gallery opens a mistake in the walk, which ends at the softmax with its logits and the wrong class",
            step == str(steps) and ("logits" in last or "로짓" in last) and f"{predicted}" in last and f"{label}" in last
            and ("0.000" in last or "share" in last or "확률 합" in last), last)


def main():
    # These checks import PageObject from this module: import them once it has loaded.
    from live_check import check_live
    from formula_check import check_formula, check_formula_without_javascript
    from answer_check import check_answers
    from arch_check import check_architecture

    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("--screenshots", default=".build/screenshots")
    args = parser.parse_args()
    site = pathlib.Path(args.site).resolve()
    r = Results()
    lesson, pages = find_pages(site)
    if r.check("site has a lesson page with a player", lesson is not None, str(site)):
        try:
            driver = make_driver()
            try:
                check_player(r, driver, lesson.as_uri())
                check_demo_walk(r, driver, pages, site)
                compare_check.check_comparison(r, driver, site, load)
                compare_check.check_comparison_pads(r, driver, site, load, pathlib.Path(__file__).resolve().parents[2], args.screenshots)
                digit_check.check_digit_pad(r, driver, site, load, pathlib.Path(__file__).resolve().parents[2], args.screenshots)
                atlas_check.check_atlas_explorer(r, driver, site, load, pathlib.Path(__file__).resolve().parents[2], args.screenshots)
                check_languages(r, driver, pages, site)
                check_korean(r, driver, site)
                check_math(r, driver, pages, site)
                check_console(r, driver, pages, site)
                check_print(r, driver, lesson.as_uri(), pathlib.Path(args.screenshots))
                site_checks.check_search(r, driver, site, load)
                site_checks.check_language_switch_keeps_step(r, driver, site, load)
                site_checks.check_contents_follow(r, driver, site, load)
                site_checks.check_up_front(r, driver, site, load)
                site_checks.check_focus_at_ends(r, driver, site, load)
                site_checks.check_narrow_pages(r, driver, site, load)
                site_checks.check_figure_text(r, driver, site, load)
                site_checks.check_overview_collapsed(r, driver, site, load)
                check_screenshots(r, driver, site, lesson, pathlib.Path(args.screenshots))
                check_engine(r, driver, site, pathlib.Path(__file__).resolve().parents[2])
                check_live(r, driver, site, pathlib.Path(__file__).resolve().parents[2], pathlib.Path(args.screenshots))
                check_formula(r, driver, site, pathlib.Path(__file__).resolve().parents[2], pathlib.Path(args.screenshots))
                check_answers(r, driver, site, pathlib.Path(__file__).resolve().parents[2], pathlib.Path(args.screenshots))
                check_edit_everywhere(r, driver, site, pathlib.Path(__file__).resolve().parents[2], load)
                check_architecture(r, driver, site, pathlib.Path(__file__).resolve().parents[2], pathlib.Path(args.screenshots))
            finally:
                driver.quit()
            check_without_javascript(r, lesson.as_uri())
            check_formula_without_javascript(r, make_driver, site)
            compare_check.check_comparison_without_javascript(r, make_driver, site, load)
        except WebDriverException as error:
            r.check("browser session", False, str(error).splitlines()[0])
    print(f"{r.passed} passed, {r.failed} failed")
    sys.exit(1 if r.failed else 0)


if __name__ == "__main__":
    main()
