"""The atlas explorer: change the numbers and the in-page engine redraws the formula, the
output size and the cells the windows read; an invalid combination shows the engine's own
message (the same words as `convwalk compute`) and keeps the last strip."""

import json
import pathlib
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import site_checks


def set_numbers(driver, root, values):
    for name, value in values.items():
        field = root.find_element(By.NAME, name)
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(str(value))


def strip(driver, root):
    return driver.execute_script("""
        return Array.from(arguments[0].querySelectorAll('.atlas-cells .cell')).map(c => [c.className, Number(c.dataset.index), Number(c.textContent)]);""", root)


def cli(convwalk, example):
    """`convwalk compute` of one example (JSON on standard input), as the command prints it."""
    run = subprocess.run([str(convwalk), "compute"], input=json.dumps(example), capture_output=True, text=True)
    return json.loads(run.stdout) if run.returncode == 0 else {"error": run.stderr.strip()}


def check_atlas_explorer(r, driver, site, load, repo, screenshots=None):
    page = site / "en" / "output-size-atlas.html"
    if not r.check("the atlas page exists", page.exists(), str(page)):
        return
    load(driver, page.as_uri())
    root = driver.find_element(By.ID, "atlas-explorer")
    if not r.check("the in-page engine loads on the atlas page",
                   site_checks.wait_for(driver, "return !!(window.convwalk && window.convwalk.compute) && window.convwalk.ready.then(() => true)", 10)):
        return
    first = root.find_element(By.CSS_SELECTOR, ".atlas-formula").text
    r.check("the explorer starts at I = 7, F = 3, S = 3 with its formula", "O = ⌊(7 − 3 + 2·0) / 3⌋ + 1 = 2" in first, first)
    r.check("the first state marks cell 6 as never read", "6" in root.find_element(By.CSS_SELECTOR, ".atlas-unread").text)
    # Padding 1, stride 2, dilation 2 on 9 cells: the engine's answer, cell by cell.
    set_numbers(driver, root, {"input": 9, "kernel": 3, "padding": 1, "stride": 2, "dilation": 2})
    formula = site_checks.wait_for(driver, "return document.querySelector('#atlas-explorer .atlas-formula').textContent.includes('(9') && document.querySelector('#atlas-explorer .atlas-formula').textContent", 5)
    expected = cli(repo / ".build/release/convwalk", {"op": "output-size", "input": 9, "kernel": 3, "padding": 1, "stride": 2, "dilation": 2})
    want = str(expected.get("trace", {}).get("formulas", [""])[0]).split("  (")[0]
    r.check("the explorer's formula is the one `convwalk compute` prints", formula == want, f"{formula!r} vs {want!r}")
    cells = strip(driver, root)
    conv = cli(repo / ".build/release/convwalk", {"op": "conv2d", "input": [[1] * 9], "kernel": [[1, 1, 1]], "padding": [0, 1], "stride": 2, "dilation": 2})
    counts = [0] * 11
    for step in conv.get("trace", {}).get("steps", []):
        for read in step["reads"]:
            if read["tensor"] == "input" and 0 <= read["index"][1] + 1 < 11:
                counts[read["index"][1] + 1] += 1
    r.check("the strip counts each cell's reads as the command's trace does", [c[2] for c in cells] == counts and len(cells) == 11,
            f"{[c[2] for c in cells]} vs {counts}")
    r.check("the padding cells are marked", [c[1] for c in cells if "pad" in c[0]] == [-1, 9], str(cells))
    before = strip(driver, root)
    set_numbers(driver, root, {"kernel": 9, "dilation": 2})
    error = site_checks.wait_for(driver, "return document.querySelector('#atlas-explorer.invalid .atlas-formula') && document.querySelector('#atlas-explorer .atlas-formula').textContent", 5)
    cli_error = cli(repo / ".build/release/convwalk", {"op": "output-size", "input": 9, "kernel": 9, "padding": 1, "stride": 2, "dilation": 2}).get("error", "")
    r.check("an invalid combination shows the command's message", bool(error) and error in cli_error, f"{error!r} / {cli_error!r}")
    r.check("and keeps the last strip on screen", strip(driver, root) == before)
    if screenshots:
        pathlib.Path(screenshots).mkdir(parents=True, exist_ok=True)
        driver.set_window_size(390, 900)
        set_numbers(driver, root, {"input": 12, "kernel": 3, "padding": 1, "stride": 3, "dilation": 1})
        driver.execute_script("arguments[0].scrollIntoView()", root)
        site_checks.wait_for(driver, "return !document.querySelector('#atlas-explorer.invalid')", 5)
        overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        small = driver.execute_script("""
            return Array.from(document.querySelectorAll('#atlas-explorer .cell, #atlas-explorer input'))
              .filter(e => parseFloat(getComputedStyle(e).fontSize) < 14).length;""")
        r.check("the explorer's numbers are at least 14 px at 390 px", small == 0, f"{small} smaller")
        r.check("the atlas does not scroll sideways at 390 px", overflow <= 0, f"{overflow} px")
        root.screenshot(str(pathlib.Path(screenshots) / "atlas-explorer-390.png"))
        driver.set_window_size(1280, 900)
