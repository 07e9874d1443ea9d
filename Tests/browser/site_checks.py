"""Checks of what every page has (check_site.py runs them): the search box, the language switch
keeping your place, the contents list following the section being read, and what the page
loads up front."""

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def wait_for(driver, script, timeout=5.0):
    """Polls a script until it returns something truthy; returns its last value."""
    deadline = time.time() + timeout
    value = driver.execute_script(script)
    while not value and time.time() < deadline:
        time.sleep(0.05)
        value = driver.execute_script(script)
    return value


def search(driver, query):
    """Presses / on the page, types the query and returns (focused id, result hrefs)."""
    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    focused = driver.execute_script("return document.activeElement && document.activeElement.id")
    driver.switch_to.active_element.send_keys(query)
    hrefs = wait_for(driver, "return Array.from(document.querySelectorAll('#site-search-results .search-result'))"
                             ".map(a => a.getAttribute('href'))")
    return focused, hrefs or []


def check_search(r, driver, site, load):
    """From file://: / focuses the box, a page's title finds it first, im2col finds the
    lesson about it first, and a result link leads to an existing page."""
    lessons = sorted((site / "en").glob("*.html")) if (site / "en").is_dir() else sorted(site.glob("*.html"))
    lessons = [p for p in lessons if p.name != "index.html" and 'class="page page-lesson"' in p.read_text(encoding="utf-8")]
    if not r.check("the site has lesson pages to search", bool(lessons)):
        return
    page = lessons[-1]
    load(driver, page.as_uri())
    title = driver.execute_script("return document.querySelector('.page-header h1').textContent")
    focused, hrefs = search(driver, title)
    r.check("/ focuses the search box", focused == "site-search", repr(focused))
    r.check(f"searching '{title}' lists its page first (from file://, index loaded on demand)",
            bool(hrefs) and hrefs[0].split("#")[0].endswith(page.name), str(hrefs[:3]))
    target = (page.parent / hrefs[0].split("#")[0]).resolve() if hrefs else None
    r.check("the first result's link leads to an existing page", bool(target) and target.is_file(), str(target))
    driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    r.check("↓ moves from the box to the first result",
            driver.execute_script("return document.activeElement.classList.contains('search-result')"))
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    r.check("Escape closes the results and returns to the box",
            driver.execute_script("return document.getElementById('site-search-results').hidden"
                                  " && document.activeElement.id === 'site-search'"))
    im2col = page.parent / "fast-convolution.html"
    if im2col.is_file():
        load(driver, (page.parent / "convolution.html").as_uri() if (page.parent / "convolution.html").is_file() else page.as_uri())
        _, hrefs = search(driver, "im2col")
        r.check("typing im2col lists the im2col lesson (fast-convolution) first",
                bool(hrefs) and hrefs[0].split("#")[0].endswith("fast-convolution.html"), str(hrefs[:3]))


def check_language_switch_keeps_step(r, driver, site, load):
    """en/<lesson>#<player>/step-3 → the language switch → the same lesson, same player, step 3."""
    en, ko = site / "en", site / "ko"
    pairs = [(p, ko / p.name) for p in sorted(en.glob("*.html")) if (ko / p.name).is_file()
             and 'class="player"' in p.read_text(encoding="utf-8")] if en.is_dir() and ko.is_dir() else []
    if not pairs:
        print("skip: no lesson with a player in two languages")
        return
    english, korean = pairs[0]
    load(driver, english.as_uri())
    player = driver.execute_script("var p = Array.from(document.querySelectorAll('.player'))"
                                   ".find(p => +p.getAttribute('data-step-count') >= 3); return p && p.id")
    if not r.check(f"{english.name} has a player with 3 steps", bool(player)):
        return
    load(driver, english.as_uri() + f"#{player}/step-3")
    driver.find_element(By.CSS_SELECTOR, ".lang-switch a[hreflang='ko']").click()
    wait_for(driver, "return location.pathname.endsWith('/ko/%s')" % korean.name)
    hash_ = driver.execute_script("return decodeURIComponent(location.hash)")
    read_counter = ("var p = document.getElementById(%r); var c = p && p.querySelector('.player-status .player-counter');"
                    "return c ? c.textContent : ''" % player)
    wait_for(driver, read_counter.replace("return c ? c.textContent : ''", "return c && c.textContent.includes('3단계')"))
    counter = driver.execute_script(read_counter)
    r.check("the language switch keeps the lesson, the player and the step",
            driver.execute_script("return location.pathname").endswith(f"/ko/{korean.name}")
            and hash_ == f"#{player}/step-3" and "3단계" in counter, f"{hash_!r}, counter {counter!r}")
    # Heading anchors are shared: every h2 id of the English page exists on the Korean one.
    load(driver, english.as_uri())
    ids = driver.execute_script("return Array.from(document.querySelectorAll('.prose h2[id]')).map(h => h.id)")
    load(driver, korean.as_uri())
    missing = driver.execute_script("return arguments[0].filter(id => !document.getElementById(id))", ids)
    r.check(f"{korean.name}: the English heading anchors exist on the Korean page", ids and not missing, str(missing))


def check_contents_follow(r, driver, site, load):
    """Scrolling a lesson marks the section being read in the contents list."""
    lessons = [p for p in sorted(site.rglob("*.html")) if 'class="toc"' in p.read_text(encoding="utf-8")]
    if not lessons:
        print("skip: no page with a contents list")
        return
    load(driver, lessons[0].as_uri())
    last = driver.execute_script("var a = document.querySelectorAll('.toc a'); return a[a.length - 1].getAttribute('href')")
    driver.execute_script("document.getElementById(decodeURIComponent(arguments[0].slice(1))).scrollIntoView()", last)
    read = "var a = document.querySelector('.toc a[aria-current]'); return a && a.getAttribute('href')"
    wait_for(driver, read.replace("return a && a.getAttribute('href')", "return a && a.getAttribute('href') === %r" % last))
    current = driver.execute_script(read)
    r.check("the contents list marks the section scrolled to", current == last, f"{current!r}, wanted {last!r}")


def check_up_front(r, driver, site, load):
    """A page with players loads no hidden step frame and no overview before they are shown."""
    pages = [p for p in sorted(site.rglob("*.html")) if p.read_text(encoding="utf-8").count('class="player-step"') >= 8]
    if not pages:
        print("skip: no page with 8 or more player steps")
        return
    page = pages[0]
    load(driver, page.as_uri())
    time.sleep(0.5)
    # Fetched = in the resource timeline; the frame each player shows (step 1) does not count.
    fetched = driver.execute_script(
        "var shown = new Set(Array.from(document.querySelectorAll('.player-frame')).map(i => i.src));"
        "var got = new Set(performance.getEntriesByType('resource').map(e => e.name));"
        "return Array.from(document.querySelectorAll('.player-steps img')).map(i => i.src)"
        ".filter(src => got.has(src) && !shown.has(src))")
    total = driver.execute_script("return document.querySelectorAll('.player-steps img').length")
    r.check(f"{page.relative_to(site)}: none of the {total} hidden step images is fetched", not fetched, str(fetched[:3]))
    sized = driver.execute_script(
        "return Array.from(document.images).filter(i => !(i.getAttribute('width') && i.getAttribute('height')) "
        "&& !i.classList.contains('player-frame')).map(i => i.getAttribute('src'))")
    lazy = driver.execute_script(
        "return Array.from(document.images).filter(i => !i.classList.contains('player-frame') && i.loading !== 'lazy').length")
    r.check(f"{page.relative_to(site)}: every image has a width and height and loads lazily",
            not sized and lazy == 0, f"no size: {sized[:3]}, not lazy: {lazy}")


def check_focus_at_ends(r, driver, site, load):
    """Clicking Next up to the last step (and Previous back to the first) keeps the focus on
    the player, so ← and → go on working."""
    pages = [p for p in sorted(site.rglob("*.html")) if 'class="player"' in p.read_text(encoding="utf-8")]
    if not pages:
        print("skip: no page with a player")
        return
    load(driver, pages[0].as_uri())
    root = driver.find_element(By.CSS_SELECTOR, ".player.player-enhanced")
    total = int(root.get_attribute("data-step-count"))
    driver.execute_script("arguments[0].scrollIntoView()", root)
    next_button = root.find_element(By.CSS_SELECTOR, "button[data-action='next']")
    for _ in range(total - 1):
        next_button.click()
    inside = driver.execute_script("return arguments[0].contains(document.activeElement)", root)
    driver.switch_to.active_element.send_keys(Keys.ARROW_LEFT)
    counter = lambda: driver.execute_script("return arguments[0].querySelector('.player-status .player-counter').textContent", root)
    step_of = lambda n: driver.execute_script(
        "return JSON.parse(document.getElementById('convwalk-strings').textContent).stepOf"
        ".replace('{n}', arguments[0]).replace('{total}', arguments[1])", str(n), str(total))
    at_end = counter()
    r.check("Next up to the last step keeps the focus on the player; ← then steps back",
            inside and at_end == step_of(total - 1), f"focus inside: {inside}, counter {at_end!r}")
    previous = root.find_element(By.CSS_SELECTOR, "button[data-action='previous']")
    for _ in range(total):
        if previous.is_enabled():
            previous.click()
    inside = driver.execute_script("return arguments[0].contains(document.activeElement)", root)
    driver.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    r.check("Previous back to the first step keeps the focus; → then steps on",
            inside and counter() == step_of(2), f"focus inside: {inside}, counter {counter()!r}")


def check_narrow_pages(r, driver, site, load):
    """At 390 px every kind of page (index, lesson, demo, atlas, About) has no sideways
    scrolling of the page itself; wide tables and code scroll inside their own box."""
    folder = site / "en" if (site / "en").is_dir() else site
    names = ["index.html", "convolution.html", "demo-lenet5.html", "demo-alexnet-mini.html",
             "output-size-atlas.html", "about.html", "fast-convolution.html"]
    pages = [folder / n for n in names if (folder / n).is_file()]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    try:
        wide = []
        for page in pages:
            load(driver, page.as_uri())
            overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                wide.append(f"{page.name} +{overflow}px")
        r.check(f"390 px: none of {len(pages)} page kinds scrolls sideways", pages and not wide, ", ".join(wide))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def check_figure_text(r, driver, site, load):
    """At 390 px no text in any picture is under 11 CSS px: each image carries the size of its
    smallest text at its natural width (data-text-px, measured by the build), and its shown
    width times that over its natural width must be at least 11 (collapsed overviews opened,
    image players' frames included). A picture kept that wide scrolls inside its figure, not
    the page."""
    folder = site / "en" if (site / "en").is_dir() else site
    pages = [p for p in sorted(folder.glob("*.html")) if "data-text-px" in p.read_text(encoding="utf-8")]
    if not r.check("some page has pictures with a measured text size", bool(pages), str(folder)):
        return
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    measure = """
        document.querySelectorAll('details').forEach(d => { d.open = true; });
        return Array.from(document.querySelectorAll('img[data-text-px]')).filter(i => i.getClientRects().length)
          .map(i => [i.getAttribute('src'), +i.getAttribute('data-text-px') * i.getBoundingClientRect().width / +i.getAttribute('width')]);"""
    try:
        small, wide, seen = [], [], 0
        for page in pages:
            load(driver, page.as_uri())
            for src, px in driver.execute_script(measure):
                seen += 1
                if px < 10.95:
                    small.append(f"{page.name}: {src.split('/')[-1]} {px:.1f}px")
            overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                wide.append(f"{page.name} +{overflow}px")
        r.check(f"390 px: the text of all {seen} pictures on {len(pages)} pages is at least 11 px", seen and not small,
                f"{len(small)} too small: {small[:5]}")
        r.check(f"390 px: pictures kept legible scroll in their figure, not the page ({len(pages)} pages)", not wide, ", ".join(wide[:5]))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def check_overview_collapsed(r, driver, site, load):
    """Every player's overview (all the answers at once) is collapsed and not fetched until the
    reader opens it; a live player's steps are text for readers without JavaScript (no PNG per
    step) and an image player's frames are PNGs."""
    pages = [p for p in sorted(site.rglob("*.html")) if 'class="player-overview"' in p.read_text(encoding="utf-8")]
    if not pages:
        print("skip: no player with an overview")
        return
    load(driver, pages[0].as_uri())
    state = driver.execute_script("""
        var o = Array.from(document.querySelectorAll('.player-overview'));
        var got = new Set(performance.getEntriesByType('resource').map(e => e.name));
        return {count: o.length, closed: o.filter(d => d.tagName === 'DETAILS' && !d.open).length,
                fetched: o.map(d => d.querySelector('img').src).filter(s => got.has(s))};""")
    r.check(f"{pages[0].name}: all {state['count']} overviews are collapsed and none is fetched",
            state["count"] and state["closed"] == state["count"] and not state["fetched"], str(state))
    summary = driver.find_element(By.CSS_SELECTOR, ".player-overview > summary")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
    summary.click()
    shown = wait_for(driver, "var i = document.querySelector('.player-overview img'); return i.complete && i.naturalWidth > 0"
                             " && i.getBoundingClientRect().height > 0")
    r.check("opening an overview shows its picture", shown)
    text_steps = driver.execute_script("""
        var live = Array.from(document.querySelectorAll('.player-live .player-step'));
        return {steps: live.length, images: live.filter(s => s.querySelector('img')).length,
                captions: live.filter(s => s.querySelector('.player-caption').textContent.trim()).length};""")
    if text_steps["steps"]:
        r.check(f"a live player's {text_steps['steps']} steps are text with their arithmetic (no PNG per step)",
                text_steps["images"] == 0 and text_steps["captions"] == text_steps["steps"], str(text_steps))
