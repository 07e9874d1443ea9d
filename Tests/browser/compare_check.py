"""The page comparing two networks trained alike (resnet-mini against plain-mini by default):
both models in its table with an accuracy, the three charts drawn and described, one measured
start gradient per convolution for each model, readable at 390 px, in both languages; its
two drawing pads and walks (check_comparison_pads); and without JavaScript, each model's walk
of the first test image as pictures (check_comparison_without_javascript)."""

import gzip
import pathlib
import re

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from digit_check import agreement, test_digits, wait_ready


def check_comparison(r, driver, site, load):
    pages = sorted(site.glob("en/compare-*.html"))
    if not pages:
        if any(site.glob("en/demo-*.html")):
            r.check("a site with demos has the comparison page", False, "no en/compare-*.html")
        else:
            print("skip: no comparison page (site built with --no-demos)")
        return
    page = pages[0]
    models = page.stem[len("compare-"):]
    load(driver, page.as_uri())
    rows = driver.execute_script("""
        return Array.from(document.querySelectorAll('main table')[0].querySelectorAll('tbody tr'))
            .map(tr => Array.from(tr.cells).map(td => td.textContent.trim()));""")
    r.check("the comparison table has one row per model with a test accuracy",
            len(rows) == 2 and all(re.fullmatch(r"\d+\.\d\d%", row[2]) for row in rows) and rows[0][0] in models and rows[1][0] in models,
            str(rows))
    images = driver.execute_script("""
        const imgs = Array.from(document.querySelectorAll('main figure img'));
        imgs.forEach(i => { i.loading = 'eager'; i.scrollIntoView(); });
        return imgs.map(i => [i.getAttribute('src'), i.getAttribute('alt') || '']);""")
    names = [src.rsplit("/", 1)[-1] for src, _ in images]
    r.check("the comparison draws accuracy, loss and start-gradient charts", names[:3] == ["accuracy.png", "loss.png", "gradients.png"], str(names))
    filters = [n for n in names[3:] if "-filters-" in n]
    r.check("each model's first filters before, after and their change", len(filters) == 6,
            str(filters))
    loaded = driver.execute_script("""
        return Promise.all(Array.from(document.querySelectorAll('main figure img')).map(i => i.decode().then(() => i.naturalWidth, () => 0)));""")
    r.check("every comparison chart loads", loaded and all(w > 0 for w in loaded), str(loaded))
    r.check("every comparison chart has alt text naming both models",
            all(rows and rows[0][0] in alt and rows[1][0] in alt for _, alt in images[:3]), str([alt[:60] for _, alt in images[:3]]))
    gradients = driver.execute_script("""
        const t = document.querySelectorAll('main table')[1];
        return t ? Array.from(t.querySelectorAll('tbody tr')).map(tr => Array.from(tr.cells).map(td => td.textContent.trim())) : [];""")
    numbers = [cell for row in gradients for cell in row[1:]]
    r.check("a measured start gradient for each convolution of each model",
            len(gradients) >= 3 and all(re.fullmatch(r"\d\.\d\de[-+]\d\d", c) and float(c) > 0 for c in numbers), str(gradients[:3]))
    driver.set_window_size(390, 900)
    try:
        load(driver, page.as_uri())
        overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        r.check("the comparison page does not scroll sideways at 390 px", overflow <= 0, f"{overflow} px")
    finally:
        driver.set_window_size(1280, 900)
    korean = site / "ko" / page.name
    if r.check("the comparison page exists in Korean", korean.exists(), str(korean)):
        load(driver, korean.as_uri())
        heading = driver.find_element(By.TAG_NAME, "h1").text
        r.check("the Korean comparison page is in Korean", "비교" in heading, heading)


def fashion_images(repo, n):
    """The first n Fashion-MNIST test images (Debian's dataset-fashion-mnist, or data/fashion-mnist
    after `convwalk data fetch fashion-mnist`) as 784 levels in 0..1, or None."""
    for folder in (pathlib.Path("/usr/share/datasets/fashion-mnist"), repo / "data" / "fashion-mnist"):
        path = folder / "t10k-images-idx3-ubyte.gz"
        if path.exists():
            with gzip.open(path, "rb") as f:
                data = f.read(16 + n * 784)
            count = (len(data) - 16) // 784
            return [[b / 255 for b in data[16 + i * 784:16 + (i + 1) * 784]] for i in range(count)]
    return None


def check_comparison_pads(r, driver, site, load, repo, screenshots, images=300):
    """The comparison page's two drawing pads and walks: both networks load into the page's
    engine and classify the first `images` Fashion-MNIST test images as the build did; a drawn
    shape gets a named class on each pad, with maps for every shown layer; each walk steps from
    the input to the softmax naming the classes; the Korean page names them in Korean."""
    pages = sorted(site.glob("en/compare-*.html"))
    if not pages:
        return
    page = pages[0]
    load(driver, page.as_uri())
    if not r.check("the comparison page's networks load into the page's engine", wait_ready(driver) == "ok"):
        return
    models = driver.execute_script("return Array.from(document.querySelectorAll('[data-digit-pad]')).map(p => p.getAttribute('data-model'))")
    r.check("the comparison page has a drawing pad for each model", len(models) == 2 and models[0] in page.stem and models[1] in page.stem, str(models))
    fashion = "fashion" in page.read_text(encoding="utf-8").lower()
    digits = fashion_images(repo, images) if fashion else test_digits(repo, images)
    if r.check("the comparison's test images are on this machine", digits is not None, "no Fashion-MNIST t10k file"):
        for model in models:
            n, wrong = agreement(driver, model, digits)
            r.check(f"classify agrees with the build's {model} predictions on {n} test images", n >= min(images, 100) and not wrong,
                    f"{n} images, disagreements {wrong[:5]}")
    classes = driver.execute_script("return JSON.parse(document.querySelector('[data-digit-pad]').getAttribute('data-classes'))")
    r.check("the pads name Fashion-MNIST's ten classes" if fashion else "the pads name ten classes",
            len(classes) == 10 and (not fashion or classes[9] == "Ankle boot"), str(classes))
    for k, model in enumerate(models):
        pad = driver.find_elements(By.CSS_SELECTOR, "[data-digit-pad]")[k]
        canvas = pad.find_element(By.CSS_SELECTOR, ".digit-canvas")
        pad.find_element(By.CSS_SELECTOR, "[data-act=clear]").click()
        driver.execute_script("arguments[0].removeAttribute('data-predicted'); arguments[1].scrollIntoView({block: 'center'})", pad, canvas)
        size = canvas.size["height"]
        # A filled trouser-like shape: two vertical strokes side by side.
        actions = ActionChains(driver, duration=20)
        for x in (-0.12, 0.12):
            actions.move_to_element_with_offset(canvas, int(x * size), int(-0.35 * size)).click_and_hold()
            for _ in range(10):
                actions.move_by_offset(0, int(0.07 * size))
            actions.release()
        actions.perform()
        driver.execute_async_script("requestAnimationFrame(() => requestAnimationFrame(arguments[arguments.length - 1]))")
        state = driver.execute_script("""
            const pad = arguments[0];
            const maps = Array.from(pad.querySelectorAll('.digit-map canvas'));
            return {predicted: pad.getAttribute('data-predicted'), verdict: pad.querySelector('.digit-verdict').textContent,
                    top: Array.from(pad.querySelectorAll('.digit-bars li')).findIndex(li => li.classList.contains('top')),
                    maps: maps.length, drawn: maps.filter(c => !c.parentNode.hidden && c.width > 0).length};""", pad)
        named = state["predicted"] not in (None, "") and state["top"] == int(state["predicted"]) and classes[int(state["predicted"])] in state["verdict"]
        r.check(f"a drawn shape on the {model} pad gets a named class with its bar marked", named, str(state))
        r.check(f"the {model} pad draws the maps of every shown layer", state["maps"] >= 3 and state["drawn"] == state["maps"], str(state))
    walks = driver.execute_script("""
        return Array.from(document.querySelectorAll('[data-digit-walk]')).map(w => {
            const range = w.querySelector('input[type=range]');
            const steps = Number(w.getAttribute('data-steps'));
            range.value = String(steps); range.dispatchEvent(new Event('input'));
            const last = w.querySelector('.walk-caption').textContent;
            range.value = '2'; range.dispatchEvent(new Event('input'));
            return {model: w.getAttribute('data-model'), hidden: w.hidden, steps: steps, last: last,
                    second: w.querySelector('.walk-caption').textContent};
        });""")
    fallbacks = driver.execute_script("""
        return Array.from(document.querySelectorAll('[data-digit-walk]')).map(w => {
            const f = document.getElementById(w.getAttribute('data-fallback'));
            return f ? f.hidden : null; });""")
    r.check("each walk hides its PNG walk (the page without JavaScript) once it runs", fallbacks == [True, True], str(fallbacks))
    r.check("a walk for each model, from the input to the softmax, naming the classes",
            len(walks) == 2 and all(not w["hidden"] and w["steps"] >= 4 and "e^(" in w["last"] and any(c in w["last"] for c in classes)
                                    and "×" in w["second"] for w in walks), str(walks)[:400])
    shots = pathlib.Path(screenshots)
    shots.mkdir(parents=True, exist_ok=True)
    driver.find_element(By.CSS_SELECTOR, ".compare-pads").screenshot(str(shots / "compare-pads-1280.png"))
    korean = site / "ko" / page.name
    if korean.exists():
        load(driver, korean.as_uri())
        if r.check("the Korean comparison page's networks load", wait_ready(driver) == "ok"):
            text = driver.execute_script("""const p = document.querySelector('[data-digit-pad]');
                return JSON.parse(p.getAttribute('data-classes')).join('|') + ' ' + p.querySelector('.digit-verdict').textContent;""")
            r.check("the Korean pads name the classes in Korean", (not fashion or "앵클부츠" in text) and "판단" in text, text)


def check_comparison_without_javascript(r, make_driver, site, load):
    """Without JavaScript the in-page walks stay hidden and each model's PNG walk of the first
    test image is there instead: every step a picture with its caption, from the input to the
    softmax, naming the image's class."""
    pages = sorted(site.glob("en/compare-*.html"))
    if not pages:
        return
    driver = make_driver(javascript=False)
    try:
        load(driver, pages[0].as_uri())
        walks = driver.execute_script("""
            return Array.from(document.querySelectorAll('[data-digit-walk]')).map(w => w.getAttribute('data-fallback'));""")
        players = driver.find_elements(By.CSS_SELECTOR, ".compare-walks section.player")
        state = [{"id": p.get_attribute("id"),
                  "steps": len(p.find_elements(By.CSS_SELECTOR, ".player-steps > li.player-step")),
                  "shown": len([s for s in p.find_elements(By.CSS_SELECTOR, ".player-steps > li.player-step") if s.is_displayed()]),
                  "pictures": len(p.find_elements(By.CSS_SELECTOR, "figure img[alt]")),
                  "captions": [c.text for c in p.find_elements(By.CSS_SELECTOR, "figcaption .player-caption")]} for p in players]
        hidden = driver.execute_script("return Array.from(document.querySelectorAll('[data-digit-walk]')).every(w => !w.offsetParent)")
        r.check("without JavaScript the comparison page shows a PNG walk per model, named by its in-page walk",
                len(state) == 2 and [s["id"] for s in state] == walks and hidden, f"{[s['id'] for s in state]} {walks} hidden={hidden}")
        fashion = "fashion" in pages[0].read_text(encoding="utf-8").lower()
        r.check("without JavaScript every step of both walks is a picture with its caption, from the input to the softmax",
                len(state) == 2 and all(s["steps"] >= 4 and s["shown"] == s["steps"] == s["pictures"] == len(s["captions"])
                                        and s["captions"][0].startswith("input: test image 0")
                                        and (not fashion or "Ankle boot" in s["captions"][0])
                                        and s["captions"][-1].startswith("softmax") for s in state),
                str(state)[:600])
    finally:
        driver.quit()
