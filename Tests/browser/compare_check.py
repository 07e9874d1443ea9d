"""The page comparing two networks trained alike (resnet-mini against plain-mini by default):
both models in its table with an accuracy, the three charts drawn and described, one measured
start gradient per convolution for each model, readable at 390 px, in both languages."""

import re

from selenium.webdriver.common.by import By


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
    r.check("the comparison draws accuracy, loss and start-gradient charts", names == ["accuracy.png", "loss.png", "gradients.png"], str(names))
    loaded = driver.execute_script("""
        return Promise.all(Array.from(document.querySelectorAll('main figure img')).map(i => i.decode().then(() => i.naturalWidth, () => 0)));""")
    r.check("every comparison chart loads", loaded and all(w > 0 for w in loaded), str(loaded))
    r.check("every comparison chart has alt text naming both models",
            all(rows and rows[0][0] in alt and rows[1][0] in alt for _, alt in images), str([alt[:60] for _, alt in images]))
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
