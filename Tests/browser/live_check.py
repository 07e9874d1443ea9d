"""Browser checks of the live player (frames drawn in HTML from the trace, pointing at cells,
Edit mode, "Try it" links) on the convolution lesson, from file:// with the network off.
Every number is compared with the embedded trace or with `convwalk compute` of the same YAML."""
import json
import statistics
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from check_site import PageObject
from engine_check import cli, offline

PLAYER = "conv-5x5-3x3"


def compact(x):
    """NumberText.compact: whole numbers without a point, else up to 4 decimals, real minus."""
    r = round(x * 1e4) / 1e4
    text = str(int(abs(r))) if r == int(r) else f"{abs(r):.4f}".rstrip("0")
    return ("−" if r < 0 else "") + text


def key(index):
    return ",".join(str(i) for i in index)


class Live(PageObject):
    """One live player, seen through the DOM frames.js and edit.js build."""

    def trace(self):
        return self.js("return arguments[0].convwalkPlayer.live.trace")

    def counter(self):
        return self.js("return arguments[0].querySelector('.player-status-live .player-counter').textContent")

    def index(self):
        return self.js("return arguments[0].convwalkPlayer.index")

    def cell(self, tensor, index):
        return self.root.find_element(By.CSS_SELECTOR, f'.frame .cell[data-tensor="{tensor}"][data-index="{key(index)}"]')

    def shown(self, tensor):
        """data-index → text of every cell of a tensor in the frame."""
        return self.js("""var out = {};
            arguments[0].querySelectorAll('.frame .cell[data-tensor="' + arguments[1] + '"]').forEach(function (c) {
              out[c.getAttribute('data-index')] = c.querySelector('.cell-value').textContent; });
            return out;""", tensor)

    def type_into(self, selector, text):
        """Sets a field of the editor and fires its input event, as typing does."""
        return self.js("""var f = arguments[0].querySelector(arguments[1]); f.value = arguments[2];
            f.dispatchEvent(new Event('input', {bubbles: true})); f.dispatchEvent(new Event('change', {bubbles: true}));
            return !!f;""", selector, text)


def output_of(trace):
    return next(t for t in trace["tensors"] if t["role"] == "output")


def expected_writer(trace, index):
    """The last step that writes output cell `index`."""
    return max(k for k, s in enumerate(trace["steps"]) for w in s["writes"] if w["index"] == index)


def check_live(r, driver, site, repo, shots):
    lesson = next((p for p in (site / "en" / "convolution.html", site / "convolution.html") if p.exists()), None)
    exe = cli(repo)
    if not r.check("live: the convolution lesson and a convwalk binary exist", lesson is not None and exe is not None):
        return
    try:
        with offline(driver):
            driver.get("about:blank")
            driver.get(lesson.as_uri())
            driver.execute_async_script("var done = arguments[arguments.length - 1]; window.convwalk.ready.then(done, done);")
            check_frames(r, driver)
            check_pointing(r, driver)
            check_edit(r, driver, exe)
            check_try_it(r, driver, exe)
            check_phone(r, driver, lesson, shots)
            measure_redraw(r, driver)
            check_new_ops(r, driver, lesson.parent, exe)
            check_lesson_try_links(r, driver, lesson.parent, exe)
            check_controls_still(r, driver, lesson.parent)
            check_wide_input(r, driver, lesson.parent, shots, exe)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def check_frames(r, driver):
    p = Live(driver, PLAYER)
    trace = p.trace()
    ok = True
    for t in trace["tensors"]:
        shown = p.shown(t["name"])
        if t["role"] == "output":
            continue
        rows, cols = t["shape"][-2], t["shape"][-1]
        want = {key([i, j]): compact(t["values"][i * cols + j]) for i in range(rows) for j in range(cols)}
        ok = ok and all(shown.get(k) == v for k, v in want.items())
    r.check("live: the frame shows every input and kernel number of the trace as text", ok)
    last = len(trace["steps"])
    p.root.find_element(By.CSS_SELECTOR, 'button[data-action="last"]').click()
    out = output_of(trace)
    cols = out["shape"][-1]
    shown = p.shown(out["name"])
    r.check("live: at the last step the output cells show the trace's output",
            all(shown[key([i // cols, i % cols])] == compact(v) for i, v in enumerate(out["values"])), str(shown))
    p.root.find_element(By.CSS_SELECTOR, 'button[data-action="first"]').click()
    filled = [v for v in p.shown(out["name"]).values() if v]
    r.check("live: at step 1 only the first output cell is written", len(filled) == 1, str(filled))
    heights, tops = set(), set()
    for _ in range(last):
        heights.add(p.js("return arguments[0].querySelector('.player-stage').offsetHeight"))
        tops.add(p.js("return Math.round(arguments[0].querySelector('.player-controls').getBoundingClientRect().top + scrollY)"))
        p.root.find_element(By.CSS_SELECTOR, 'button[data-action="next"]').click() if p.index() < last - 1 else None
    r.check(f"live: the frame keeps one height and the controls stay put across {last} steps",
            len(heights) == 1 and len(tops) == 1, f"heights {heights}, control tops {tops}")
    pngs = driver.execute_script("""return performance.getEntriesByType('resource').map(function (e) { return e.name; })
        .filter(function (n) { return /\\/step-\\d+\\.png$/.test(n); });""")
    r.check("live: the page with JavaScript downloaded no step PNG", pngs == [], str(pngs[:3]))


def check_pointing(r, driver):
    p = Live(driver, PLAYER)
    trace = p.trace()
    p.root.find_element(By.CSS_SELECTOR, 'button[data-action="first"]').click()
    target = [2, 1]
    p.cell("output", target).click()
    want = expected_writer(trace, target)
    r.check(f"live: tapping output cell {target} jumps to the step that wrote it (step {want + 1})", p.index() == want,
            f"at step {p.index() + 1}")
    probe = [2, 2]
    p.cell("input", probe).click()
    counts = {}
    for s in trace["steps"]:
        if any(c["tensor"] == "input" and c["index"] == probe for c in s["reads"]):
            for w in s["writes"]:
                counts[key(w["index"])] = counts.get(key(w["index"]), 0) + 1
    marked = p.js("""var out = {}; arguments[0].querySelectorAll('.frame .cell-reader').forEach(function (c) {
        out[c.getAttribute('data-index')] = c.querySelector('.cell-count').textContent; }); return out;""")
    r.check(f"live: tapping input cell {probe} marks the {len(counts)} outputs that read it, with how many times",
            marked == {k: f"×{n}" for k, n in counts.items()}, f"{marked} vs {counts}")
    # Keyboard: Tab to the output grid, arrows to a cell, Enter jumps to its step.
    p.js("arguments[0].querySelector('button[data-action=\"first\"]').click()")
    first = p.cell("output", [0, 0])
    driver.execute_script("arguments[0].focus()", first)
    first.send_keys(Keys.ARROW_DOWN)
    driver.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    focused = driver.execute_script("return document.activeElement.getAttribute('data-index')")
    want = expected_writer(trace, [1, 1])
    r.check("live: keyboard (↓ → Enter on the output grid) reaches cell [1,1] and jumps to its step",
            focused == "1,1" and p.index() == want, f"focus {focused}, step {p.index() + 1} vs {want + 1}")
    first.send_keys(Keys.ESCAPE)


def check_edit(r, driver, exe):
    p = Live(driver, PLAYER)
    p.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle").click()
    p.type_into('.edit-cell[data-field="input"][data-index="0,0"]', "7")
    p.type_into('.edit-value[name="bias"]', "-5")
    yaml = p.yaml()
    run = subprocess.run([str(exe), "compute", "-"], input=yaml, capture_output=True, text=True)
    want = json.loads(run.stdout)["result"] if run.returncode == 0 else run.stderr
    page = output_of(p.trace())
    flat = [v for row in want for v in row] if isinstance(want, list) else None
    r.check("live: after editing input [0,0] and the bias, the page's output is `convwalk compute` of the copied YAML",
            flat is not None and page["values"] == flat, f"{page['values']} vs {want}")
    p.root.find_element(By.CSS_SELECTOR, 'button[data-action="last"]').click()
    shown = p.shown("output")
    cols = page["shape"][-1]
    r.check("live: the edited output is drawn in the frame",
            flat is not None and all(shown[key([i // cols, i % cols])] == compact(v) for i, v in enumerate(flat)), str(shown))
    before = p.shown("output")
    p.type_into('.edit-value[name="stride"]', "0")
    bad = "\n".join(line for line in yaml.splitlines() if not line.startswith("stride:")) + "\nstride: 0\n"
    run = subprocess.run([str(exe), "compute", "-"], input=bad, capture_output=True, text=True)
    # `<stdin>:line:column: <example id>: message`: the page shows the message.
    cli_message = run.stderr.strip().splitlines()[0].split(": ", 2)[2] if run.returncode else None
    r.check("live: stride 0 shows the CLI's message word for word and keeps the last valid result",
            p.error() == cli_message and p.shown("output") == before, f"{p.error()!r} vs {cli_message!r}")
    p.type_into('.edit-value[name="stride"]', "1")
    r.check("live: a valid stride again clears the message", p.error() is None, str(p.error()))
    marked = p.js("return !!arguments[0].querySelector('.player-title .player-edited')")
    p.root.find_element(By.CSS_SELECTOR, ".edit-reset").click()
    r.check("live: the title says “edited” while the numbers are not the lesson's, and not after Reset",
            marked and not p.js("return !!arguments[0].querySelector('.player-title .player-edited')"))
    r.check("live: Reset returns to the lesson's numbers",
            p.js("return JSON.stringify(arguments[0].convwalkPlayer.live.trace)") ==
            p.js("""return JSON.stringify(window.convwalkFrames.expand(
                JSON.parse(arguments[0].querySelector('.player-data').textContent).trace))"""))
    p.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle").click()


def check_try_it(r, driver, exe):
    links = driver.find_elements(By.CSS_SELECTOR, f'a.try-it[href="#{PLAYER}"]')
    if not r.check("live: the lesson's “Try it” is a button for its player", bool(links)):
        return
    links[0].click()
    p = Live(driver, PLAYER)
    opened = p.js("return !arguments[0].querySelector('.player-edit').hidden")
    bias = p.js("return arguments[0].querySelector('.edit-value[name=\"bias\"]').value")
    yaml = p.yaml()
    run = subprocess.run([str(exe), "compute", "-"], input=yaml, capture_output=True, text=True)
    want = [v for row in json.loads(run.stdout)["result"] for v in row] if run.returncode == 0 else run.stderr
    r.check("live: “Try it” opens Edit mode with bias −5 and the page computes what `convwalk compute` does",
            opened and bias == "-5" and output_of(p.trace())["values"] == want, f"{opened} {bias!r} {want}")
    p.root.find_element(By.CSS_SELECTOR, ".edit-showAnswer").click()
    answer = p.js("return Array.from(arguments[0].querySelectorAll('.edit-answer-grid span')).map(s => s.textContent)")
    r.check("live: “Show the engine's answer” reveals the output", isinstance(want, list) and answer == [compact(v) for v in want],
            str(answer))
    p.root.find_element(By.CSS_SELECTOR, ".edit-reset").click()
    p.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle").click()


def check_new_ops(r, driver, folder, exe):
    """im2col, conv-transpose2d, maxpool-backward and conv-matrix run in the page too: their players are HTML
    frames, and an edit gives what `convwalk compute` gives for the copied YAML."""
    for page, player, field, value, tensor in (("fast-convolution.html", "fast-im2col", "stride", "2", "cols"),
                                               ("transposed-convolution.html", "tconv-d2l", "stride", "2", "output"),
                                               ("backpropagation.html", "bp-maxpool", "padding", "0", "dX"),
                                               ("convolution-matrix.html", "cmat-3x3-2x2", "stride", "2", "C")):
        lesson = folder / page
        if not r.check(f"live: {page} exists", lesson.exists()):
            continue
        driver.get(lesson.as_uri())
        driver.execute_async_script("var done = arguments[arguments.length - 1]; window.convwalk.ready.then(done, done);")
        p = Live(driver, player)
        cells = len(p.shown(tensor))
        r.check(f"live: {player} is drawn as an HTML frame with its {tensor} grid", cells > 0, str(cells))
        p.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle").click()
        p.type_into(f'.edit-value[name="{field}"]', value)
        p.type_into('.edit-cell[data-field="input"][data-index="0,0"]', "5")
        yaml = p.yaml()
        run = subprocess.run([str(exe), "compute", "-"], input=yaml, capture_output=True, text=True)
        want = json.loads(run.stdout)["result"] if run.returncode == 0 else run.stderr
        flat = [v for row in want for v in row] if isinstance(want, list) else None
        page_out = output_of(p.trace())
        r.check(f"live: {player} with {field} {value} and input [0,0] = 5 gives `convwalk compute` of the copied YAML",
                flat is not None and page_out["values"] == flat and p.error() is None, f"{page_out['values']} vs {want}")
    # residual-add: resizing the input resizes x with it, so the sum still fits.
    lesson = folder / "residual-and-inception.html"
    if r.check("live: residual-and-inception.html exists", lesson.exists()):
        driver.get(lesson.as_uri())
        driver.execute_async_script("var done = arguments[arguments.length - 1]; window.convwalk.ready.then(done, done);")
        p = Live(driver, "res-add-relu")
        p.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle").click()
        p.type_into(".edit-size-rows", "3")
        yaml = p.yaml()
        run = subprocess.run([str(exe), "compute", "-"], input=yaml, capture_output=True, text=True)
        want = json.loads(run.stdout)["result"] if run.returncode == 0 else run.stderr
        page_out = output_of(p.trace())
        r.check("live: res-add-relu resized to 3 rows keeps x the input's size and gives `convwalk compute` of the copied YAML",
                p.error() is None and isinstance(want, list) and len(want) == 3
                and page_out["values"] == [v for row in want for v in row], f"{p.error()} {page_out['values']} vs {want}")


def check_phone(r, driver, lesson, shots):
    for lang_page in (lesson, lesson.parent.parent / "ko" / lesson.name):
        if not lang_page.exists():
            continue
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 390, "height": 900, "deviceScaleFactor": 1, "mobile": True})
        driver.get("about:blank")
        driver.get(lang_page.as_uri())
        driver.execute_async_script("var done = arguments[arguments.length - 1]; window.convwalk.ready.then(done, done);")
        p = Live(driver, PLAYER)
        sizes = driver.execute_script("""return Array.from(document.querySelectorAll('.frame .cell-value'))
            .map(function (v) { return parseFloat(getComputedStyle(v).fontSize); });""")
        small = [s for s in sizes if s < 14]
        name = lang_page.parent.name
        r.check(f"live ({name}): at 390 px every digit of the frames is at least 14 px ({len(sizes)} cells)",
                sizes and not small, f"{len(small)} smaller")
        boxes = p.js("""return Array.from(arguments[0].querySelectorAll('.frame-panel'))
            .map(function (e) { var b = e.getBoundingClientRect(); return [b.top, b.bottom, b.right]; });""")
        stacked = all(a[1] <= b[0] for a, b in zip(boxes, boxes[1:]))
        r.check(f"live ({name}): at 390 px input, kernel and output stack vertically and fit the screen",
                stacked and all(b[2] <= 390 for b in boxes), str(boxes))
        p.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle").click()
        p.type_into('.edit-value[name="stride"]', "0")
        wide = driver.execute_script("return document.documentElement.scrollWidth")
        r.check(f"live ({name}): at 390 px with Edit mode open nothing scrolls sideways", wide <= 390, f"{wide}px")
        # A phone's decimal pad (inputmode="decimal" or "numeric") has no minus sign on iOS:
        # the bias −5 of the walkthrough, or a negative cell, could not be typed.
        pads = p.js("""return Array.from(arguments[0].querySelectorAll('.edit-value, .edit-cell'))
            .map(function (f) { return f.getAttribute('inputmode') || 'text'; })
            .filter(function (m) { return m === 'decimal' || m === 'numeric' || m === 'tel'; }).length;""")
        r.check(f"live ({name}): no field of the editor asks for a keypad without a minus sign", pads == 0, f"{pads} fields")
        p.type_into('.edit-value[name="stride"]', "1")
        p.cell("output", [1, 1]).click()
        shots.mkdir(parents=True, exist_ok=True)
        driver.execute_script("arguments[0].scrollIntoView()", p.root)
        p.root.screenshot(str(shots / f"live-{name}-390.png"))
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def check_wide_input(r, driver, folder, shots, exe):
    """The widest input a lesson edits (filt-sobel-x, 11×10) fits a phone: its cells narrow
    before anything scrolls sideways, its digits stay 15 px and whole, a typed −9 included.
    A longer number typed into a narrowed cell (-123.456) is shown whole while the cell has the focus."""
    page = folder / "filters-and-text.html"
    if not r.check("live: the filters lesson exists", page.exists()):
        return
    for width in (390, 360):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": True})
        driver.get("about:blank")
        driver.get(page.as_uri())
        driver.execute_async_script("var done = arguments[arguments.length - 1]; window.convwalk.ready.then(done, done);")
        p = Live(driver, "filt-sobel-x")
        p.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle").click()
        p.type_into('.edit-cell[data-field="input"][data-index="0,9"]', "-9")
        m = p.js("""var r = arguments[0], cells = Array.from(r.querySelectorAll('.edit-cell[data-field="input"]'));
            var slices = Array.from(r.querySelectorAll('.edit-slices'));
            return {cells: cells.length, fonts: Math.min.apply(null, cells.map(function (c) { return parseFloat(getComputedStyle(c).fontSize); })),
                    clipped: cells.filter(function (c) { return c.scrollWidth > c.clientWidth; }).length,
                    narrowest: Math.min.apply(null, cells.map(function (c) { return c.getBoundingClientRect().width; })),
                    scrolls: slices.filter(function (s) { return s.scrollWidth > s.clientWidth; }).length,
                    right: Math.max.apply(null, cells.map(function (c) { return c.getBoundingClientRect().right; })),
                    page: document.documentElement.scrollWidth};""")
        r.check(f"live: at {width} px filt-sobel-x's 11×10 input grid fits the edit panel (no sideways scroll in it or the page), "
                f"its 110 cells {m['narrowest']:.0f} px wide with 15 px digits, none clipped after typing −9",
                m["cells"] == 110 and m["fonts"] >= 15 and m["clipped"] == 0 and m["scrolls"] == 0 and m["right"] <= width
                and m["page"] <= width and m["narrowest"] >= 24 and p.error() is None, str(m))
        driver.execute_script("arguments[0].scrollIntoView()", p.root.find_element(By.CSS_SELECTOR, ".edit-tensor"))
        shots.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(shots / f"live-sobel-edit-{width}.png"))
        if width == 390:
            check_long_number(r, p, driver, exe, shots)
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def check_long_number(r, p, driver, exe, shots):
    """-123.456 typed key by key into the narrowed cell [1,9] (the last column) at 390 px."""
    cell = p.root.find_element(By.CSS_SELECTOR, '.edit-cell[data-field="input"][data-index="1,9"]')
    cell.click()
    cell.send_keys(Keys.CONTROL, "a")
    cell.send_keys("-123.456")
    driver.save_screenshot(str(shots / "live-sobel-long-number-390.png"))
    m = p.js("""var c = arguments[0].querySelector('.edit-cell[data-field="input"][data-index="1,9"]');
        var box = c.closest('.edit-slices'), b = box.getBoundingClientRect(), r = c.getBoundingClientRect();
        var track = c.previousElementSibling.getBoundingClientRect().width;
        return {focused: document.activeElement === c, value: c.value, font: parseFloat(getComputedStyle(c).fontSize),
                scroll: c.scrollWidth, client: c.clientWidth, width: r.width, track: track,
                left: r.left, right: r.right, boxLeft: b.left, boxRight: b.right,
                scrolls: box.scrollWidth > box.clientWidth, page: document.documentElement.scrollWidth};""")
    r.check(f"live: at 390 px -123.456 typed into a {m['track']:.0f} px cell is shown whole while it has the focus "
            f"({m['width']:.0f} px wide, 15 px digits, inside the grid's box, nothing scrolls sideways)",
            m["focused"] and m["value"] == "-123.456" and m["scroll"] <= m["client"] and m["font"] >= 15
            and m["width"] > m["track"] and m["boxLeft"] <= m["left"] and m["right"] <= m["boxRight"]
            and not m["scrolls"] and m["page"] <= 390 and p.error() is None, str(m))
    cell.send_keys(Keys.TAB)
    after = p.js("""var c = arguments[0].querySelector('.edit-cell[data-field="input"][data-index="1,9"]');
        return {next: document.activeElement.getAttribute('data-index'), title: c.title, label: c.getAttribute('aria-label'),
                width: c.getBoundingClientRect().width, track: c.previousElementSibling.getBoundingClientRect().width,
                value: c.value};""")
    r.check("live: Tab moves on to [2,0]; the cell goes back to its column's width, keeps -123.456 and its label, "
            "and has the whole number as its title",
            after["next"] == "2,0" and abs(after["width"] - after["track"]) < 0.5 and after["value"] == "-123.456"
            and after["title"] == "-123.456" and after["label"] == "input [1,9]", str(after))
    yaml = p.yaml()
    run = subprocess.run([str(exe), "compute", "-"], input=yaml, capture_output=True, text=True)
    want = json.loads(run.stdout)["result"] if run.returncode == 0 else run.stderr
    flat = [v for row in want for v in row] if isinstance(want, list) else None
    page = output_of(p.trace())
    r.check("live: with input [1,9] = -123.456 filt-sobel-x's output is `convwalk compute` of the copied YAML",
            "-123.456" in yaml and flat is not None and page["values"] == flat, f"{page['values'][:12]} vs {str(want)[:200]}")


def measure_redraw(r, driver):
    """Edit → redraw of a 16×16 input (one cell typed, rerun, frame redrawn, layout done), with
    the CPU throttled 4×, against the same edit unthrottled in the same run."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 900, "deviceScaleFactor": 1, "mobile": True})
    p = Live(driver, PLAYER)
    if p.js("return arguments[0].querySelector('.player-edit').hidden"):
        p.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle").click()
    p.type_into(".edit-size-rows", "16")
    p.type_into(".edit-size-columns", "16")
    shape = output_of(p.trace())["shape"]
    if not r.check("live: the input can be resized to 16×16 (output 14×14)", shape == [14, 14], str(shape)):
        return

    def timings():
        return p.js("""var cell = arguments[0].querySelector('.edit-cell[data-field="input"][data-index="8,8"]'), out = [];
            for (var i = 0; i < 15; i++) {
              var t = performance.now();
              cell.value = String(i % 5);
              cell.dispatchEvent(new Event('input', {bubbles: true}));
              void arguments[0].querySelector('.frame').offsetHeight;
              out.push(performance.now() - t);
            }
            return out;""")
    base = statistics.median(timings())
    driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 4})
    try:
        slow = statistics.median(timings())
    finally:
        driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 1})
    print(f"MEASURE edit→redraw of a 16x16 conv2d: {slow:.1f} ms at 4x CPU throttling, {base:.1f} ms unthrottled (median of 15)")
    p.js("arguments[0].querySelector('button[data-action=\"last\"]').click()")
    out = output_of(p.trace())
    shown = p.shown("output")
    r.check("live: the 16×16 edit reran and redrew: the frame shows the window of the 14×14 output around the last step",
            0 < len(shown) < 196 and all(shown[k] == compact(out["values"][int(k.split(",")[0]) * 14 + int(k.split(",")[1])])
                                         for k in shown), str(shown))
    p.root.find_element(By.CSS_SELECTOR, ".edit-reset").click()
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def flat(value):
    return [v for x in value for v in flat(x)] if isinstance(value, list) else [value]


# The lessons' "Try it" links beyond the convolution lesson: page, player, the link's change,
# and what the prose says comes out (output name → values), in English and in Korean.
TRY_LINKS = (
    ("fast-convolution.html", "fast-im2col", "stride: 2", {"cols": [1, 2, 2, 1]}),
    ("backpropagation.html", "bp-conv", "grad: [[1,0],[0,0]]",
     {"dX": [1, -1, 0, 0, 2, 0, 0, 0, 0], "dW": [1, 2, 0, 1], "db": [1]}),
    ("going-deeper.html", "deep-res-sum", "kernel: [[0,0,0],[0,1,0],[0,0,0]]", {"output": [1, 0, 2, 0, 3, 0, 2, 0, 1]}),
    # "The loss falls faster (0.005 after ten steps instead of 0.026)": the tenth step's loss.
    ("learning-a-kernel.html", "learn-edge", "learning_rate: 0.8", lambda trace: round(trace["steps"][9]["result"], 3) == 0.005),
)


def check_lesson_try_links(r, driver, folder, exe):
    """Each "Try it" link opens its player in Edit mode with the change, the page's outputs are
    `convwalk compute` of the copied YAML, and they are what the lesson's prose claims."""
    for lang_folder in (folder, folder.parent / "ko"):
        for page, player, change, claimed in TRY_LINKS:
            lesson = lang_folder / page
            name = f"{lang_folder.name}/{page}"
            if not r.check(f"live: {name} exists", lesson.exists()):
                continue
            driver.get(lesson.as_uri())
            driver.execute_async_script("var done = arguments[arguments.length - 1]; window.convwalk.ready.then(done, done);")
            links = driver.find_elements(By.CSS_SELECTOR, f'a.try-it[href="#{player}"]')
            if not r.check(f"live ({name}): the “Try it” of {player} is a button", len(links) == 1, str(len(links))):
                continue
            driver.execute_script("arguments[0].click()", links[0])
            p = Live(driver, player)
            opened = p.js("return !arguments[0].querySelector('.player-edit').hidden")
            yaml = p.yaml()
            run = subprocess.run([str(exe), "compute", "-"], input=yaml, capture_output=True, text=True)
            cli_out = json.loads(run.stdout)["outputs"] if run.returncode == 0 else {}
            trace = p.trace()
            page_out = {t["name"]: t["values"] for t in trace["tensors"] if t["role"] == "output"}
            if not page_out:  # learn-kernel: the kernel it learned and the loss of every step
                page_out = {"result": next(t["values"] for t in trace["tensors"] if t["name"] == "kernel"),
                            "losses": [s["result"] for s in trace["steps"]]}
            want = {n: flat(cli_out[n if n in cli_out else "result"]) for n in page_out} if cli_out else None
            # learn-kernel's iterations carry the host GEMM's rounding forward: equal to 1e-5, not to the bit.
            close = 1e-5 if player == "learn-edge" else 0
            agree = want is not None and page_out.keys() == want.keys() and all(
                len(page_out[n]) == len(want[n]) and all(abs(a - b) <= close * max(abs(b), 0.1) for a, b in zip(page_out[n], want[n]))
                for n in want)
            field, value = change.split(": ", 1)
            edited = p.js("return arguments[0].convwalkPlayer.editor.example[arguments[1]]", field)
            r.check(f"live ({name}): “Try it” opens {player} in Edit mode with {change}, and the page gives `convwalk compute` "
                    "of the copied YAML", opened and edited == json.loads(value) and agree and p.error() is None,
                    f"{opened} {edited} {page_out} vs {want}\n{yaml}")
            shown = claimed(p.trace()) if callable(claimed) else page_out == claimed
            r.check(f"live ({name}): after “Try it” on {player} the page shows what the lesson says", shown, str(page_out))
            if callable(claimed):
                continue
            p.root.find_element(By.CSS_SELECTOR, ".edit-showAnswer").click()
            answer = p.js("return Array.from(arguments[0].querySelectorAll('.edit-answer-grid span')).map(s => s.textContent)")
            r.check(f"live ({name}): “Show the engine's answer” on {player} reveals every output",
                    answer == [compact(v) for values in claimed.values() for v in values], str(answer))


def check_controls_still(r, driver, folder):
    """At 390 px, every live player of lessons whose captions differ in glyphs (σ, e^(−1), long
    sums that wrap) keeps its frame height and its controls in place across all its steps: the
    invisible sizer must be laid out like the caption it stands for."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 900, "deviceScaleFactor": 1, "mobile": True})
    try:
        for page in ("activations.html", "learning-a-kernel.html", "batch-normalisation.html"):
            for lesson in (folder / page, folder.parent / "ko" / page):
                if not r.check(f"live: {lesson.parent.name}/{page} exists", lesson.exists()):
                    continue
                driver.get("about:blank")
                driver.get(lesson.as_uri())
                driver.execute_async_script("var done = arguments[arguments.length - 1]; window.convwalk.ready.then(done, done);")
                moved = driver.execute_script("""var out = [];
                    document.querySelectorAll('.player-live').forEach(function (p) {
                      var pl = p.convwalkPlayer, stage = {}, tops = {};
                      for (var i = 0; i < pl.steps.length; i++) {
                        pl.show(i, false);
                        stage[p.querySelector('.player-stage').offsetHeight] = 1;
                        tops[Math.round(p.querySelector('.player-controls').getBoundingClientRect().top + scrollY)] = 1;
                      }
                      if (Object.keys(stage).length > 1 || Object.keys(tops).length > 1) {
                        out.push(p.id + ' stage ' + Object.keys(stage) + ' controls ' + Object.keys(tops));
                      }
                    });
                    return [document.querySelectorAll('.player-live').length, out];""")
                r.check(f"live ({lesson.parent.name}/{page}): the {moved[0]} players keep the frame height and the controls in place "
                        "across every step", moved[0] > 0 and not moved[1], "; ".join(moved[1]))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
