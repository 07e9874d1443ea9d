"""Every test digit a demo page carries, through the page's WebAssembly network: for each demo
page of a built site, window.convwalk.classify runs on every test digit whose prediction the
build wrote into the page (all 10,000 after `bash scripts/setup.sh`; 1,000 in the CI build) and
must give that prediction (the host network on the same checkpoint, what `convwalk evaluate`
computes). Slower than the browser tests' 500/100 sample, so run on its own:

    bash scripts/check-all-digits.sh [SITE]

Prints one line per model (digits, agreements, ms per digit) and exits 1 on any disagreement."""

import pathlib
import sys
import time

from check_site import load, make_driver
from digit_check import agreement, test_digits, wait_ready


def main():
    site = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "output").resolve()
    repo = pathlib.Path(__file__).resolve().parents[2]
    pages = sorted(site.glob("en/demo-*.html"))
    if not pages:
        print(f"{site}: no demo pages (built with --no-demos?)")
        return 1
    driver = make_driver()
    failed = 0
    try:
        for page in pages:
            model = page.stem[len("demo-"):]
            load(driver, page.as_uri())
            if wait_ready(driver) != "ok":
                print(f"FAIL {model}: the network did not load")
                failed += 1
                continue
            count = driver.execute_script(f"return window.convwalkNetworks['{model}'].predictions.length")
            digits = test_digits(repo, count)
            start = time.monotonic()
            n, wrong = agreement(driver, model, digits)
            ms = 1000 * (time.monotonic() - start) / max(n, 1)
            ok = n == count and not wrong
            failed += 0 if ok else 1
            print(f"{'PASS' if ok else 'FAIL'} {model}: classify gave the build's prediction on {n - len(wrong):,} of "
                  f"{count:,} test digits ({ms:.1f} ms per digit through WebDriver)"
                  + (f"; first disagreements (digit, page, build): {wrong[:5]}" if wrong else ""))
    finally:
        driver.quit()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
