"""The demo pages' drawing pad: a stroke drawn with WebDriver pointer actions on the LeNet-5
page brings feature maps, softmax bars and a named class; window.convwalk.classify agrees with
the build's predictions (the host network on the same checkpoint) on the first 500 test digits
(100 for alexnet-mini); the pad is in Korean on the Korean page and fits 390 px."""

import gzip
import pathlib
import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By


def test_digits(repo, n):
    with gzip.open(repo / "data" / "t10k-images-idx3-ubyte.gz", "rb") as f:
        data = f.read()
    return [[b / 255 for b in data[16 + i * 784:16 + (i + 1) * 784]] for i in range(n)]


def accuracy(driver, repo, model):
    """The build's accuracy on the test digits whose predictions the page carries."""
    with gzip.open(repo / "data" / "t10k-labels-idx1-ubyte.gz", "rb") as f:
        labels = f.read()[8:]
    predictions = driver.execute_script(f"return window.convwalkNetworks['{model}'].predictions")
    n = min(len(labels), len(predictions))
    return sum(1 for i in range(n) if str(labels[i]) == str(predictions[i])) / max(n, 1)


def wait_ready(driver):
    """Loads the page's networks (a large one waits for the learner's first use) and waits for them."""
    return driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        window.convwalk.loadNetworks();
        window.convwalk.digitReady.then(() => done('ok'), e => done(String(e)));""")


def agreement(driver, model, digits):
    """How many of `digits` classify gives the build's prediction for, and the first disagreement."""
    predictions = driver.execute_script(f"return window.convwalkNetworks['{model}'].predictions")
    n = min(len(digits), len(predictions))
    labels = []
    for start in range(0, n, 50):
        labels += driver.execute_script(
            f"return arguments[0].map(p => window.convwalk.classify(p, '{model}').label)", digits[start:min(n, start + 50)])
    wrong = [(i, labels[i], predictions[i]) for i in range(n) if str(labels[i]) != predictions[i]]
    return n, wrong


def check_digit_pad(r, driver, site, load, repo, screenshots):
    page = site / "en" / "demo-lenet5.html"
    if not page.exists():
        if any(site.glob("en/demo-*.html")):
            r.check("a site with demos has the LeNet-5 demo page", False, str(page))
        else:
            print("skip: no demo pages (site built with --no-demos)")
        return
    load(driver, page.as_uri())
    r.check("the LeNet-5 page's network loads into the page's engine", wait_ready(driver) == "ok")
    pad = driver.find_element(By.CSS_SELECTOR, "[data-digit-pad]")
    canvas = pad.find_element(By.CSS_SELECTOR, ".digit-canvas")
    pad.find_element(By.CSS_SELECTOR, "[data-act=clear]").click()
    r.check("Clear empties the pad and the verdict asks for a digit",
            pad.get_attribute("data-predicted") is not None and "Draw a digit" in pad.find_element(By.CSS_SELECTOR, ".digit-verdict").text,
            pad.find_element(By.CSS_SELECTOR, ".digit-verdict").text)
    driver.execute_script("arguments[0].removeAttribute('data-predicted')", pad)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", canvas)
    size = canvas.size["height"]
    # A vertical stroke down the middle: a one. Offsets are from the canvas's centre.
    actions = ActionChains(driver, duration=20)
    actions.move_to_element_with_offset(canvas, 0, int(-0.35 * size)).click_and_hold()
    for k in range(1, 11):
        actions.move_by_offset(0, int(0.07 * size))
    actions.release().perform()
    driver.execute_async_script("requestAnimationFrame(() => requestAnimationFrame(arguments[arguments.length - 1]))")
    state = driver.execute_script("""
        const pad = document.querySelector('[data-digit-pad]');
        const maps = Array.from(pad.querySelectorAll('.digit-map canvas'));
        const ink = maps.map(c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                                    let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] !== d[i + 1] || d[i + 1] !== d[i + 2]) n++; return n; });
        const after = pad.querySelector('.digit-after').getContext('2d').getImageData(0, 0, 28, 28).data;
        let lit = 0; for (let i = 0; i < after.length; i += 4) if (after[i] > 0) lit++;
        return {predicted: pad.getAttribute('data-predicted'), verdict: pad.querySelector('.digit-verdict').textContent,
                top: Array.from(pad.querySelectorAll('.digit-bars li')).findIndex(li => li.classList.contains('top')),
                widths: Array.from(pad.querySelectorAll('.digit-bar span')).map(s => parseFloat(s.style.width)),
                maps: maps.length, ink: ink, captions: Array.from(pad.querySelectorAll('.digit-map figcaption')).map(f => f.textContent),
                lit: lit, ms: window.convwalk.lastForwardMs};""")
    r.check("a drawn stroke is prepared into the 28x28 input", state["lit"] > 20, str(state["lit"]))
    # Only a well-trained network is bound to read a vertical stroke as a 1 (CI trains LeNet-5 for one
    # epoch on 1,000 digits); any network must name its answer and mark that bar.
    trained = accuracy(driver, repo, "lenet5") >= 0.9
    named = state["predicted"] not in (None, "") and state["top"] == int(state["predicted"]) and f"reads it as {state['predicted']} " in state["verdict"]
    r.check("a drawn vertical stroke is read as a 1, named and the top bar marked" if trained
            else "a drawn stroke gets a class, named, with its bar marked (network not trained enough to insist on a 1)",
            named and (state["predicted"] == "1" or not trained), f"{state['predicted']} {state['verdict']}")
    r.check("the softmax bars add up to 100%", abs(sum(state["widths"]) - 100) < 1, str(state["widths"]))
    r.check("every convolution and pooling layer's feature maps are drawn for the stroke",
            state["maps"] == 4 and all(n > 0 for n in state["ink"]) and all("×" in c for c in state["captions"]), str(state["ink"]) + str(state["captions"]))
    timing = driver.execute_script("""
        const x = new Array(784).fill(0).map((_, i) => (i % 28 > 10 && i % 28 < 16) ? 1 : 0);
        window.convwalk.classify(x);
        const t0 = performance.now(); for (let i = 0; i < 50; i++) window.convwalk.classify(x);
        return (performance.now() - t0) / 50;""")
    print(f"LeNet-5 in the page: forward pass {state['ms']:.2f} ms while drawing, classify {timing:.2f} ms per digit (mean of 50, with layers copied out)")
    shots = pathlib.Path(screenshots)
    shots.mkdir(parents=True, exist_ok=True)
    driver.execute_script("document.querySelector('[data-digit-pad]').scrollIntoView()")
    pad.screenshot(str(shots / "digit-pad-lenet5-1280.png"))

    digits = test_digits(repo, 500)
    n, wrong = agreement(driver, "lenet5", digits)
    r.check(f"classify agrees with the build's LeNet-5 predictions on {n} test digits", n >= 500 and not wrong, f"{n} digits, disagreements {wrong[:5]}")
    bad = driver.execute_script("try { window.convwalk.classify([1, 2]); return 'no error'; } catch (e) { return e.message; }")
    r.check("classify names what is wrong with a short input", "784 numbers" in bad, bad)

    alexnet = site / "en" / "demo-alexnet-mini.html"
    if r.check("the alexnet-mini page exists", alexnet.exists(), str(alexnet)):
        load(driver, alexnet.as_uri())
        time.sleep(1.5)
        waiting = driver.execute_script("""const b = document.querySelector('[data-act=load]');
            return [!!(window.convwalkNetworks && window.convwalkNetworks['alexnet-mini']), b ? !b.hidden : false,
                    document.querySelector('[data-digit-pad] .digit-verdict').textContent]""")
        r.check("alexnet-mini's 1.2 MB network waits for the learner (a visible load button; not fetched after the load event)",
                not waiting[0] and waiting[1], str(waiting))
        if r.check("the alexnet-mini page's network loads", wait_ready(driver) == "ok"):
            n, wrong = agreement(driver, "alexnet-mini", digits[:100])
            r.check(f"classify agrees with the build's alexnet-mini predictions on {n} test digits", n >= 100 and not wrong, f"{wrong[:5]}")
            r.check("alexnet-mini updates on pen-up", driver.find_element(By.CSS_SELECTOR, "[data-digit-pad]").get_attribute("data-live") == "up")

    korean = site / "ko" / "demo-lenet5.html"
    if r.check("the LeNet-5 page exists in Korean", korean.exists(), str(korean)):
        load(driver, korean.as_uri())
        wait_ready(driver)
        text = driver.execute_script("const p = document.querySelector('[data-digit-pad]'); return p.previousElementSibling.textContent + ' ' + p.querySelector('.digit-verdict').textContent + ' ' + p.querySelector('[data-act=clear]').textContent")
        r.check("the drawing pad speaks Korean on the Korean page", "숫자 그리기" in text and "지우기" in text and "읽습니다" in text, text)
        toc = driver.execute_script("const t = document.querySelector('nav.toc'); return t ? t.textContent : ''")
        r.check("the drawing pad's heading is in the page's contents", "숫자 그리기" in toc, toc[:200])
        driver.set_window_size(390, 900)
        try:
            load(driver, korean.as_uri())
            wait_ready(driver)
            overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            r.check("the demo page with its pad does not scroll sideways at 390 px", overflow <= 0, f"{overflow} px")
            driver.execute_script("document.querySelector('[data-digit-pad]').scrollIntoView()")
            driver.find_element(By.CSS_SELECTOR, "[data-digit-pad]").screenshot(str(shots / "digit-pad-lenet5-ko-390.png"))
        finally:
            driver.set_window_size(1280, 900)
