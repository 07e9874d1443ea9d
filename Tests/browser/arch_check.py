"""Browser checks of a layer table's Edit mode (op architecture, player.js's LayerTable and
edit.js): driven with the keyboard from file:// with the network off. Opening it reruns the
lesson's layers and the table is the build's, cell for cell; after a layer's number is
changed, a layer removed or added, or the input shape changed, every cell of the table is
`convwalk compute` of the copied YAML; an invalid number shows the command's message word
for word and keeps the last valid table; Reset returns to the lesson's table; a `model:`
example is edited as the model's layers, in English and Korean; at 390 px nothing scrolls
sideways."""
import json
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from check_site import PageObject
from engine_check import cli, offline
from formula_check import open_ready, tab_to, wait_ready


def compute(exe, yaml):
    """`convwalk compute` of a YAML example: (output, None) or (None, the message after the id)."""
    run = subprocess.run([str(exe), "compute", "-"], input=yaml, capture_output=True, text=True)
    if run.returncode == 0:
        return json.loads(run.stdout), None
    # `<stdin>:line:column: <example id>: message`: the page shows the message.
    return None, run.stderr.strip().splitlines()[0].split(": ", 2)[2]


def grouped(n):
    return ("\u2212" if n < 0 else "") + f"{abs(n):,}"


def rows_of(out, strings):
    """The table's rows as ResultText.layerTable writes them, from `convwalk compute`'s layers."""
    layers, costs = out["trace"]["layers"], out["trace"].get("costs", False)

    def field(f):
        if f["wholeInput"]:
            return strings["tableWholeInput"]
        jump = str(f["jump"][0]) if f["jump"][0] == f["jump"][1] else f"{f['jump'][0]}x{f['jump'][1]}"
        return strings["tableFieldAndJump"].replace("{size}", f"{f['size'][0]}x{f['size'][1]}").replace("{jump}", jump)

    rows = []
    for l in layers:
        row = [str(l["index"]), f"{l['name']}: {l['description']}", "x".join(map(str, l["outputShape"])), grouped(l["parameters"])]
        if costs:
            row += [grouped(l["multiplyAdds"]), grouped(l["activations"]), field(l["receptiveField"])]
        rows.append(row)
    total = ["", "", "", grouped(sum(l["parameters"] for l in layers))]
    if costs:
        total += [grouped(sum(l["multiplyAdds"] for l in layers)), grouped(sum(l["activations"] for l in layers)), ""]
    return rows, total


class Table(PageObject):
    def rows(self):
        """Every body row's cell texts; the last one is the total."""
        return self.js("""var t = arguments[0].querySelectorAll('table'); t = t[t.length - 1];
            return Array.from(t.tBodies[0].rows).map(function (r) { return Array.from(r.cells).map(function (c) { return c.textContent; }); });""")

    def edited(self):
        return self.js("return !!arguments[0].querySelector('.arch-status .player-edited')")

    def field(self, layer, name):
        """Layer `layer`'s (1-based) field `name`."""
        rows = self.root.find_elements(By.CSS_SELECTOR, ".edit-layer")
        return next(l for l in rows[layer - 1].find_elements(By.CSS_SELECTOR, "label.edit-setting")
                    if l.find_element(By.TAG_NAME, "code").text == name).find_element(By.TAG_NAME, "input")

    def kind(self, layer):
        """Layer `layer`'s (1-based) kind list."""
        return self.root.find_elements(By.CSS_SELECTOR, ".edit-layer")[layer - 1].find_element(By.CSS_SELECTOR, "select.edit-layer-kind")

    def retype(self, field, text):
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(text)

    def paste(self, field, text):
        """Replaces a field's text at once, as pasting does (typing passes through valid prefixes)."""
        self.driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                                   field, text)


def same_as_cli(r, name, t, exe, strings, extra=None, english=True):
    """The table on screen against `convwalk compute` of the copied YAML; the output. The
    command describes layers in English: on another language's page the layer column is
    compared by its name (`conv1`), every other cell exactly."""
    yaml = t.yaml()
    out, message = compute(exe, yaml)
    if not r.check(f"{name}: the copied YAML runs in `convwalk compute`", out is not None, f"{message}\n{yaml}"):
        return None
    rows, total = rows_of(out, strings)
    shown = t.rows()
    if not english:
        rows = [row[:1] + [row[1].split(": ")[0]] + row[2:] for row in rows]
        shown = [row[:1] + [row[1].split(": ")[0]] + row[2:] for row in shown[:-1]] + shown[-1:]
    ok = shown[:-1] == rows and shown[-1][3:] == total[3:] and t.error() is None and (extra is None or extra(out))
    r.check(f"{name}: every cell of the table is `convwalk compute` of the copied YAML "
            f"({len(rows)} layers, {total[3]} parameters)", ok, f"{shown}\nvs {rows} {total}\n{yaml}")
    return out


def open_editor(r, driver, t, name):
    toggle = t.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle")
    presses = tab_to(driver, toggle, limit=800)
    if not r.check(f"{name}: Tab reaches the table's Edit button", presses is not None):
        toggle.click()
        return
    toggle.send_keys(Keys.ENTER)


def check_architecture(r, driver, site, repo, shots):
    exe = cli(repo)
    page = site / "en" / "channels-and-filters.html"
    if not r.check("layers: the channels lesson and a convwalk binary exist", page.exists() and exe is not None):
        return
    try:
        with offline(driver):
            check_edit_layers(r, driver, page, exe)
            for lang in ("en", "ko"):
                costs = site / lang / "network-costs.html"
                if r.check(f"layers: {lang}/network-costs.html exists", costs.exists()):
                    check_model(r, driver, costs, exe, lang)
            check_looks(r, driver, site, shots)
            check_answer(r, driver, site, exe)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def check_edit_layers(r, driver, page, exe):
    open_ready(driver, page)
    strings = json.loads(driver.find_element(By.ID, "convwalk-strings").get_attribute("textContent"))
    t = Table(driver, "chan-keras-rgb")
    built = t.rows()
    r.check("layers: chan-keras-rgb's table is the lesson's (conv 32 filters on 3x32x32: 896 parameters)",
            built[0][1:] == ["conv1: conv 3x3, 32 filters, pad same", "32x32x32", "896"] and built[-1][3] == "896", str(built))
    open_editor(r, driver, t, "layers")
    r.check("layers: opening Edit mode reruns the lesson's layers in the page and the table is the build's, cell for cell",
            t.rows() == built and not t.edited() and t.error() is None, f"{t.rows()} vs {built}")
    help_text = t.js("return arguments[0].querySelector('.edit-help').textContent")
    kinds = t.js("return Array.from(arguments[0].querySelectorAll('.edit-layer-kind')).map(function (k) { return k.value || k.textContent; })")
    shape = t.js("return Array.from(arguments[0].querySelectorAll('.edit-shape input')).map(function (i) { return i.value; })")
    r.check("layers: the panel has the catalog's help, the input shape 3, 32, 32 and the layers conv, relu "
            "with conv's filters 32, kernel 3, padding same and stride left empty",
            help_text == strings["editLayersHelp"] and shape == ["3", "32", "32"] and kinds == ["conv", "relu"]
            and t.field(1, "filters").get_attribute("value") == "32" and t.field(1, "kernel").get_attribute("value") == "3"
            and t.field(1, "padding").get_attribute("value") == "same" and t.field(1, "stride").get_attribute("value") == "",
            f"{help_text!r} {shape} {kinds}")

    # A layer's number, typed key by key.
    t.retype(t.field(1, "filters"), "64")
    same_as_cli(r, "layers (filters 64)", t, exe, strings, lambda o: o["result"] == 1792)
    r.check("layers: the table says “edited” while the layers are not the lesson's",
            t.edited() and t.js("return arguments[0].querySelector('.arch-status .player-edited').textContent") == strings["edited"])
    kept = t.rows()

    # Invalid numbers: the command's message, word for word; the table stays.
    for layer, name, bad in ((1, "filters", "0"), (1, "kernel", "40"), (1, "kernel", "abc")):
        if name == "kernel" and bad == "40":
            t.retype(t.field(1, "filters"), "64")
            t.retype(t.field(1, "padding"), "0")
            kept = t.rows()
        t.paste(t.field(layer, name), bad)
        none, message = compute(exe, t.yaml())
        r.check(f"layers: {name} {bad} shows the command's message word for word ({message}), marks the layer "
                "and keeps the last valid table",
                none is None and t.error() == message and t.rows() == kept
                and t.field(layer, name).get_attribute("aria-invalid") == "true", f"{t.error()!r} vs {message!r}")
    t.retype(t.field(1, "kernel"), "5")
    same_as_cli(r, "layers (kernel 5, padding 0)", t, exe, strings,
                lambda o: o["trace"]["layers"][0]["outputShape"] == [64, 28, 28] and o["result"] == 64 * (3 * 25 + 1))

    # The input shape.
    rows_field = t.root.find_elements(By.CSS_SELECTOR, ".edit-shape input")[1]
    t.retype(rows_field, "20")
    same_as_cli(r, "layers (input 3x20x32)", t, exe, strings,
                lambda o: o["trace"]["layers"][0]["outputShape"] == [64, 16, 28])

    # Remove relu, add a maxpool, with the keyboard.
    remove = t.root.find_elements(By.CSS_SELECTOR, ".edit-remove-layer")[1]
    remove.send_keys(Keys.ENTER)
    r.check("layers: removing relu leaves conv, and the focus on a remove button",
            t.js("return arguments[0].querySelectorAll('.edit-layer').length") == 1
            and "edit-remove-layer" in driver.switch_to.active_element.get_attribute("class"))
    select = t.root.find_element(By.CSS_SELECTOR, ".edit-add-kind")
    select.send_keys("maxpool")
    t.root.find_element(By.CSS_SELECTOR, ".edit-add-layer-button").send_keys(Keys.ENTER)
    focused = driver.switch_to.active_element == t.field(2, "size")
    same_as_cli(r, "layers (conv, then an added maxpool 2)", t, exe, strings,
                lambda o: [l["kind"] for l in o["trace"]["layers"]] == ["conv", "maxpool"]
                and o["trace"]["layers"][1]["outputShape"] == [64, 8, 14])
    r.check("layers: after “Add a layer” the focus is on the new layer's first field (maxpool's size)", focused)
    t.retype(t.field(2, "size"), "3")
    t.retype(t.field(2, "stride"), "1")
    same_as_cli(r, "layers (maxpool 3, stride 1)", t, exe, strings,
                lambda o: o["trace"]["layers"][1]["outputShape"] == [64, 14, 26])

    t.root.find_element(By.CSS_SELECTOR, ".edit-reset").send_keys(Keys.ENTER)
    r.check("layers: Reset returns to the lesson's table and fields, without “edited”",
            t.rows() == built and not t.edited() and t.field(1, "filters").get_attribute("value") == "32"
            and t.js("return arguments[0].querySelectorAll('.edit-layer').length") == 2, str(t.rows()))
    yaml = t.yaml()
    r.check("layers: Copy as YAML of the lesson's numbers is the lesson's block",
            "input: [3, 32, 32]" in yaml and "  - {conv: {filters: 32, kernel: 3, padding: same}}" in yaml and "  - relu" in yaml, yaml)


def check_model(r, driver, page, exe, lang):
    """cost-lenet is `model: lenet5` with the cost columns: edited as LeNet-5's layers."""
    name = f"layers ({lang} cost-lenet)"
    driver.get("about:blank")
    driver.get(page.as_uri())
    driver.execute_async_script("var done = arguments[arguments.length - 1]; "
                                "if (document.readyState === 'complete') done(); else window.addEventListener('load', function () { done(); });")
    strings = json.loads(driver.find_element(By.ID, "convwalk-strings").get_attribute("textContent"))
    t = Table(driver, "cost-lenet")
    built = t.rows()
    # A page of layer tables only does not download the engine until Edit mode needs it.
    before = driver.execute_script("return !!window.convwalkEngineWasm")
    loading = t.js("""arguments[0].querySelector('.player-edit-toggle').click();
        var e = arguments[0].querySelector('.edit-error'); return e && !e.hidden ? e.textContent : null""")
    wait_ready(driver)
    r.check(f"{name}: the engine loads when Edit mode opens (“{strings['editLoading']}” until then), not with the page",
            not before and loading == strings["editLoading"] and t.error() is None, f"{before} {loading!r}")
    kinds = t.js("return Array.from(arguments[0].querySelectorAll('.edit-layer-kind')).map(function (k) { return k.value || k.textContent; })")
    r.check(f"{name}: Edit mode shows LeNet-5's 12 layers, and the rerun table is the build's, cell for cell (7 columns)",
            len(kinds) == 12 and kinds[0] == "conv" and t.rows() == built and len(built[0]) == 7 and not t.edited(),
            f"{kinds} {t.rows()} vs {built}")
    yaml = t.yaml()
    r.check(f"{name}: Copy as YAML of the unedited example still names the model", "model: lenet5" in yaml and "layers" not in yaml, yaml)
    r.check(f"{name}: conv1's fields are the model file's (filters 6, kernel 5, padding 2, stride and dilation empty)",
            [t.field(1, k).get_attribute("value") for k in ("filters", "kernel", "padding", "stride", "dilation")] == ["6", "5", "2", "", ""]
            and [t.field(3, k).get_attribute("value") for k in ("size", "stride", "padding")] == ["2", "", ""],
            str([t.field(1, k).get_attribute("value") for k in ("filters", "kernel", "padding", "stride", "dilation")]))
    t.retype(t.field(1, "filters"), "8")
    same_as_cli(r, f"{name} (conv1 with 8 filters)", t, exe, strings,
                lambda o: o["trace"]["layers"][0]["parameters"] == 8 * 26 and o["trace"]["layers"][3]["parameters"] == 16 * (8 * 25 + 1),
                english=lang == "en")
    t.retype(t.field(8, "outputs"), "100")
    out = same_as_cli(r, f"{name} (fc1 with 100 outputs)", t, exe, strings,
                      lambda o: o["trace"]["layers"][7]["outputShape"] == [100], english=lang == "en")
    r.check(f"{name}: the receptive-field column is in the page's words",
            out is not None and t.rows()[-2][6] == strings["tableWholeInput"] and t.rows()[0][6].endswith("1")
            and ("jump" in t.rows()[0][6] if lang == "en" else "간격" in t.rows()[0][6]), str(t.rows()[:2]))

    # conv2 becomes a maxpool in place, from the keyboard: its kernel 5 is the pool's size.
    select = t.kind(4)
    label = select.get_attribute("aria-label")
    select.send_keys("maxpool")
    focused = driver.switch_to.active_element == t.kind(4)
    same_as_cli(r, f"{name} (conv2 changed to maxpool)", t, exe, strings,
                lambda o: [l["kind"] for l in o["trace"]["layers"]][2:5] == ["maxpool", "maxpool", "relu"]
                and o["trace"]["layers"][3]["outputShape"] == [8, 2, 2] and o["trace"]["layers"][3]["parameters"] == 0
                and o["trace"]["layers"][7]["parameters"] == 8 * 100 + 100, english=lang == "en")
    r.check(f"{name}: layer 4's kind list (“{label}”) now says maxpool with size 5 and stride, padding empty, "
            "12 layers still, and keeps the focus",
            label == strings["layerKind"].replace("{n}", "4") and t.kind(4).get_attribute("value") == "maxpool"
            and [t.field(4, k).get_attribute("value") for k in ("size", "stride", "padding")] == ["5", "", ""]
            and t.js("return arguments[0].querySelectorAll('.edit-layer').length") == 12 and focused,
            f"{label!r} {[t.field(4, k).get_attribute('value') for k in ('size', 'stride', 'padding')]} {focused}")
    t.kind(4).send_keys("conv")
    same_as_cli(r, f"{name} (and back to conv: kernel 5 from the size, 8 filters, the new conv's)", t, exe, strings,
                lambda o: o["trace"]["layers"][3]["kind"] == "conv" and o["trace"]["layers"][3]["outputShape"] == [8, 10, 10],
                english=lang == "en")


def check_answer(r, driver, site, exe):
    """An exercise's layer table has Edit mode inside its collapsed answer (why-ex-conv: 16 3x3 filters on RGB)."""
    page = site / "en" / "why-convolutions.html"
    if not r.check("layers: the why-convolutions lesson exists", page.exists()):
        return
    open_ready(driver, page)
    strings = json.loads(driver.find_element(By.ID, "convwalk-strings").get_attribute("textContent"))
    t = Table(driver, "why-ex-conv")
    hidden = not t.root.is_displayed()
    t.js("arguments[0].closest('details').open = true")
    built = t.rows()
    t.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle").send_keys(Keys.ENTER)
    r.check("layers: why-ex-conv's table is inside its collapsed answer, 448 parameters, rerun to the same table",
            hidden and built[-1][3] == "448" and t.rows() == built, f"{hidden} {built}")
    t.retype(t.field(1, "filters"), "10")
    same_as_cli(r, "layers (answer why-ex-conv, 10 filters)", t, exe, strings, lambda o: o["result"] == 280)


def check_looks(r, driver, site, shots):
    """Edit mode at 390 and 1280 px: nothing scrolls sideways, the fields fit; screenshots."""
    shots.mkdir(parents=True, exist_ok=True)
    page = site / "en" / "network-costs.html"
    if not page.exists():
        return
    for width in (390, 1280):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
        open_ready(driver, page)
        t = Table(driver, "cost-lenet")
        t.root.find_element(By.CSS_SELECTOR, ".player-edit-toggle").click()
        t.retype(t.field(1, "filters"), "8")
        t.retype(t.field(1, "kernel"), "50")
        wide = driver.execute_script("return document.documentElement.scrollWidth")
        boxes = t.js("""return Array.from(arguments[0].querySelectorAll('.player-edit input, .player-edit button, .player-edit select'))
            .map(function (e) { var b = e.getBoundingClientRect(); return [b.left, b.right]; });""")
        out = [b for b in boxes if b[0] < 0 or b[1] > width]
        r.check(f"layers: at {width} px with Edit mode open and a message nothing scrolls sideways and every field fits",
                wide <= width and not out and t.error() is not None, f"{wide}px, outside: {out[:3]}")
        driver.execute_script("window.scrollTo(0, arguments[0].querySelector('table').getBoundingClientRect().top + scrollY - 60)", t.root)
        driver.save_screenshot(str(shots / f"layers-edit-{width}.png"))
        driver.execute_script("window.scrollTo(0, arguments[0].querySelector('.player-edit').getBoundingClientRect().top + scrollY - 20)", t.root)
        driver.save_screenshot(str(shots / f"layers-panel-{width}.png"))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


if __name__ == "__main__":
    import pathlib
    import sys
    from check_site import Results, make_driver
    site = pathlib.Path(sys.argv[1]).resolve()
    repo = pathlib.Path(__file__).resolve().parents[2]
    r = Results()
    d = make_driver()
    try:
        check_architecture(r, d, site, repo, repo / ".build" / "screenshots")
    finally:
        d.quit()
    print(f"{r.passed} passed, {r.failed} failed")
    sys.exit(1 if r.failed else 0)
