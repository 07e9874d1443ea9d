"""Opens every page of a site built from Tests/HardeningTests/Inputs/hostile/lessons in headless
Chromium (with JavaScript on) and checks that no hostile string ran: no alert opened, no
injected element exists, no javascript:/data: link is clickable, and each hostile string is
shown as text. Run through run.sh --hostile, which builds the site. Prints "N passed, M failed"."""

import argparse
import pathlib
import sys

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By

from check_site import Results, load, make_driver

# Strings of the hostile lesson that must appear literally in the page text.
LITERAL = {
    "index.html": ["</title><script>alert('title')</script><b data-pwned>T \"q\" 'a' <x>",
                   "<img src=x onerror=alert('summary') data-pwned> & \"S\""],
    "hostile.html": ["</title><script>alert('title')</script><b data-pwned>T \"q\" 'a' <x>",
                     "<script>alert('prose')</script>",
                     "<img src=x onerror=\"alert('img')\" data-pwned>",
                     "1 < 2 > 0, \"double\", 'single', & ampersand",
                     "<a href=\"javascript:alert('raw')\" data-pwned>raw anchor</a>",
                     "<script>alert('example title')</script>\"T'",
                     "<iframe src=\"javascript:alert('json')\"></iframe>"],
}


def no_alert(driver):
    try:
        text = driver.switch_to.alert.text
        driver.switch_to.alert.dismiss()
        return False, text
    except NoAlertPresentException:
        return True, ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=pathlib.Path)
    args = parser.parse_args()
    site = args.site.resolve()
    results = Results()
    driver = make_driver()
    # Record alerts instead of letting them block: a page that calls alert() leaves a trace.
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source":
        "window.__alerts = []; for (const f of ['alert', 'confirm', 'prompt']) "
        "{ const orig = window[f]; window[f] = (m) => { window.__alerts.push(String(m)); }; }"})
    try:
        for name, strings in LITERAL.items():
            page = site / name
            if not results.check(f"{name} exists", page.is_file(), str(page)):
                continue
            load(driver, page.as_uri())
            ok, text = no_alert(driver)
            results.check(f"{name}: no alert dialog", ok, text)
            alerts = driver.execute_script("return window.__alerts")
            results.check(f"{name}: no alert/confirm/prompt called", alerts == [], repr(alerts))
            injected = driver.find_elements(By.CSS_SELECTOR, "[data-pwned], iframe, img[onerror], script:not([src]):not([type='application/json'])")
            inline = [e.get_attribute("outerHTML")[:80] for e in injected]
            results.check(f"{name}: no injected element", not inline, repr(inline))
            bad = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a[href]")
                   if a.get_attribute("href").lower().startswith(("javascript:", "data:", "vbscript:"))]
            results.check(f"{name}: no script or data link", not bad, repr(bad))
            for link in driver.find_elements(By.LINK_TEXT, "javascript link") + driver.find_elements(By.LINK_TEXT, "data link"):
                link.click()
                ok, text = no_alert(driver)
                results.check(f"{name}: clicking '{link.text}' runs nothing", ok and driver.execute_script("return window.__alerts") == [], text)
            body = driver.find_element(By.TAG_NAME, "body").get_attribute("textContent")
            title = driver.title
            for s in strings:
                results.check(f"{name}: shows {s[:40]!r} literally", s in body or s in title, "")
    finally:
        driver.quit()
    print(f"{results.passed} passed, {results.failed} failed")
    sys.exit(1 if results.failed else 0)


if __name__ == "__main__":
    main()
