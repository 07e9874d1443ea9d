"""Weighs a built convwalk site: total size on disk, and for chosen pages the bytes a reader's
browser transfers before the page is interactive and how long that takes on a slow link.

Run through scripts/site-weight.sh (which sets up the Selenium venv). The site is served on
127.0.0.1 by Python's http.server; headless Chromium loads each page with an empty cache under
Chromium's own network emulation (default: the slow-4G profile of issue 20, 1.6 Mbit/s down,
750 kbit/s up, 150 ms latency).

"Interactive" is the page's load event: the HTML parsed, every script run and every image the
page asks for up front fetched (images with loading="lazy" below the fold are not part of it).
"Bytes before interactive" are the transfer sizes (headers included) of the document and of
every resource that finished by then; "bytes after" adds what arrives in the next two seconds
without scrolling (lazy images near the viewport). Prints a table and, with --json, writes the
figures for comparisons.
"""

import argparse
import functools
import http.server
import json
import pathlib
import sys
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

# The pages weighed by default: the course front page, the convolution lesson, both demos and
# the atlas, in both languages where they exist.
DEFAULT_PAGES = [
    "en/index.html",
    "en/convolution.html",
    "ko/convolution.html",
    "en/fast-convolution.html",
    "en/demo-lenet5.html",
    "en/demo-alexnet-mini.html",
    "en/output-size-atlas.html",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site):
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def make_driver(width):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},900"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


MEASURE_JS = """
const nav = performance.getEntriesByType('navigation')[0];
const end = nav.loadEventEnd;
let before = nav.transferSize, after = nav.transferSize, requestsBefore = 1, requests = 1;
for (const r of performance.getEntriesByType('resource')) {
  after += r.transferSize; requests += 1;
  if (r.responseEnd <= end) { before += r.transferSize; requestsBefore += 1; }
}
return {interactive_ms: end, bytes_before: before, requests_before: requestsBefore,
        bytes_after: after, requests: requests, dom_content_loaded_ms: nav.domContentLoadedEventEnd};
"""


def weigh(driver, url, profile, settle):
    driver.get("about:blank")
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": False,
        "latency": profile["latency_ms"],
        "downloadThroughput": profile["down_kbit"] * 1000 / 8,
        "uploadThroughput": profile["up_kbit"] * 1000 / 8,
    })
    driver.execute_script("performance.setResourceTimingBufferSize(2000)")
    driver.get(url)  # returns after the load event
    deadline = time.time() + 600
    while driver.execute_script("return performance.getEntriesByType('navigation')[0].loadEventEnd") == 0:
        if time.time() > deadline:
            raise RuntimeError(f"{url} did not finish loading in 10 minutes")
        time.sleep(0.1)
    time.sleep(settle)
    driver.execute_script("performance.setResourceTimingBufferSize(2000)")
    figures = driver.execute_script(MEASURE_JS)
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    return figures


def site_size(site):
    total, count, by_kind = 0, 0, {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        count += 1
        kind = path.suffix.lstrip(".") or "(none)"
        if ".cache" in path.relative_to(site).parts:
            kind = ".cache"
        entry = by_kind.setdefault(kind, [0, 0])
        entry[0] += size
        entry[1] += 1
    return total, count, by_kind


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=pathlib.Path)
    parser.add_argument("--page", action="append", help="site-relative page (repeat); default: a fixed set")
    parser.add_argument("--all", action="store_true", help="weigh every HTML page (slow)")
    parser.add_argument("--down-kbit", type=float, default=1600)
    parser.add_argument("--up-kbit", type=float, default=750)
    parser.add_argument("--latency-ms", type=float, default=150)
    parser.add_argument("--width", type=int, default=1280, help="window width in CSS px")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds to wait after the load event")
    parser.add_argument("--json", type=pathlib.Path, help="also write the figures here")
    args = parser.parse_args()

    site = args.site.resolve()
    if not (site / "index.html").is_file():
        sys.exit(f"no site at {site} (no index.html); build one with convwalk build")
    profile = {"down_kbit": args.down_kbit, "up_kbit": args.up_kbit, "latency_ms": args.latency_ms}

    total, count, by_kind = site_size(site)
    print(f"site {site}: {total / 1e6:.1f} MB in {count} files")
    for kind, (size, n) in sorted(by_kind.items(), key=lambda item: -item[1][0]):
        print(f"  {kind:8} {size / 1e6:7.2f} MB  {n:5} files")

    if args.all:
        pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if ".cache" not in p.parts)
    else:
        pages = [p for p in (args.page or DEFAULT_PAGES) if (site / p).is_file()]
        missing = [p for p in (args.page or []) if not (site / p).is_file()]
        if missing:
            sys.exit(f"no such page in {site}: {', '.join(missing)}")

    server = serve(site)
    port = server.server_address[1]
    driver = make_driver(args.width)
    results = []
    print(f"\npages at {args.down_kbit:g} kbit/s down, {args.up_kbit:g} kbit/s up, {args.latency_ms:g} ms latency, "
          f"{args.width} px wide, empty cache:")
    print(f"{'page':34} {'interactive':>11} {'before':>10} {'req':>4} {'after 2 s':>10} {'req':>4}")
    try:
        for page in pages:
            figures = weigh(driver, f"http://127.0.0.1:{port}/{page}", profile, args.settle)
            figures["page"] = page
            results.append(figures)
            print(f"{page:34} {figures['interactive_ms'] / 1000:10.2f}s {figures['bytes_before'] / 1000:8.0f}KB "
                  f"{figures['requests_before']:4} {figures['bytes_after'] / 1000:8.0f}KB {figures['requests']:4}",
                  flush=True)
    finally:
        driver.quit()
        server.shutdown()

    if args.json:
        report = {"site_bytes": total, "site_files": count,
                  "by_kind": {k: {"bytes": v[0], "files": v[1]} for k, v in by_kind.items()},
                  "profile": profile, "width": args.width, "pages": results}
        args.json.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
