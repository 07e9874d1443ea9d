"""Every test digit a demo page carries, through the page's WebAssembly network: for each demo
page of a built site (and each network of the comparison page, on the Fashion-MNIST test images), window.convwalk.classify runs on every test digit whose prediction the
build wrote into the page (all 10,000 after `bash scripts/setup.sh`; 1,000 in the CI build) and
must give that prediction (the host network on the same checkpoint, what `convwalk evaluate`
computes). Slower than the browser tests' 500/100 sample, so run on its own:

    bash scripts/check-all-digits.sh [SITE] [PAGE-PREFIX]     (e.g. compare: only the comparison page)

Prints one line per model (digits, agreements, ms per digit) and exits 1 on any disagreement."""

import pathlib
import sys
import time

from check_site import load, make_driver
from compare_check import fashion_images
from digit_check import agreement, test_digits, wait_ready


def main():
    site = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "output").resolve()
    repo = pathlib.Path(__file__).resolve().parents[2]
    only = sys.argv[2] if len(sys.argv) > 2 else ""  # e.g. "compare": only the pages whose name starts so
    pages = [p for p in sorted(site.glob("en/demo-*.html")) + sorted(site.glob("en/compare-*.html")) if p.name.startswith(only)]
    if not pages:
        print(f"{site}: no demo pages (built with --no-demos?)")
        return 1
    driver = make_driver()
    failed = 0
    try:
        for page in pages:
            load(driver, page.as_uri())
            models = driver.execute_script("return Array.from(document.querySelectorAll('[data-digit-pad]')).map(p => p.getAttribute('data-model'))")
            if not models:
                print(f"FAIL {page.name}: no drawing pad")
                failed += 1
                continue
            if wait_ready(driver) != "ok":
                print(f"FAIL {page.name}: the network did not load")
                failed += 1
                continue
            fashion = page.stem.startswith("compare-") and "fashion" in page.read_text(encoding="utf-8").lower()
            for model in models:
                failed += check(driver, repo, model, fashion)
    finally:
        driver.quit()
    return 1 if failed else 0


def check(driver, repo, model, fashion):
    """1 when the page's `model` disagrees with the build on any test image it carries."""
    count = driver.execute_script(f"return window.convwalkNetworks['{model}'].predictions.length")
    digits = fashion_images(repo, count) if fashion else test_digits(repo, count)
    if digits is None:
        print(f"FAIL {model}: no Fashion-MNIST test images on this machine")
        return 1
    start = time.monotonic()
    n, wrong = agreement(driver, model, digits)
    ms = 1000 * (time.monotonic() - start) / max(n, 1)
    ok = n == count and not wrong
    what = "Fashion-MNIST test images" if fashion else "test digits"
    print(f"{'PASS' if ok else 'FAIL'} {model}: classify gave the build's prediction on {n - len(wrong):,} of "
          f"{count:,} {what} ({ms:.1f} ms per image through WebDriver)"
          + (f"; first disagreements (image, page, build): {wrong[:5]}" if wrong else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
