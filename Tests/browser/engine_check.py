"""Browser checks of the in-page engine (window.convwalk.compute): the convolution lesson's
example with an edited bias, and an invalid stride, computed in the page from file:// with the
network off, against `convwalk compute` of the same YAML."""
import contextlib
import json
import math
import pathlib
import subprocess
import time

CONV = {"op": "conv2d", "input": [[1, 2, 0, 1], [0, 1, 3, 2], [2, 1, 0, 1], [1, 0, 2, 3]],
        "kernel": [[1, 0, -1], [2, 1, 0], [0, 1, 1]], "bias": -5, "stride": 1}


@contextlib.contextmanager
def offline(driver):
    """The browser with its network off (the pages must work from file:// alone), then on again."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                               {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def cli(repo):
    for build in ("release", "debug"):
        exe = repo / ".build" / build / "convwalk"
        if exe.exists():
            return exe
    return None


def cli_compute(exe, example):
    """`convwalk compute` of the example as YAML (JSON is YAML): (output, message)."""
    run = subprocess.run([str(exe), "compute", "-"], input=json.dumps(example), capture_output=True, text=True)
    if run.returncode == 0:
        return json.loads(run.stdout), None
    # `<stdin>:line:column: message` (no id: the example has none).
    first = run.stderr.strip().splitlines()[0]
    return None, first.split(": ", 1)[1]


def same(a, b, path="$"):
    """The first difference between two JSON values, numbers to 1e-5 relative; None when equal."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        ok = a == b or math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-6)
        return None if ok else f"{path}: {a} vs {b}"
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return f"{path}: keys {sorted(set(a) ^ set(b))}"
        for k in a:
            d = same(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} vs {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            d = same(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} vs {b!r}"


def check_engine(r, driver, site, repo):
    lesson = next((p for p in (site / "en" / "convolution.html", site / "convolution.html") if p.exists()), None)
    exe = cli(repo)
    if not r.check("engine: the site has the convolution lesson and a convwalk binary", lesson is not None and exe is not None,
                   f"{lesson} {exe}"):
        return
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
    try:
        driver.get(lesson.as_uri())
        driver.execute_script("return document.readyState")
        has = driver.execute_async_script("""
            var done = arguments[arguments.length - 1];
            if (!window.convwalk) return done("no window.convwalk");
            window.convwalk.ready.then(function () { done(typeof window.convwalk.compute); }, function (e) { done(String(e)); });""")
        if not r.check("engine: window.convwalk.compute exists on the lesson page (file://, offline)", has == "function", has):
            return
        page = driver.execute_script("return window.convwalk.compute(arguments[0])", CONV)
        want, _ = cli_compute(exe, CONV)
        r.check("engine: the conv example with bias −5 gives convwalk compute's JSON (result, shape, trace)",
                want is not None and same(page, want) is None, same(page, want) if want else "CLI failed")
        bad = dict(CONV, stride=0)
        page_error = driver.execute_script("return window.convwalk.compute(arguments[0])", bad)
        _, message = cli_compute(exe, bad)
        r.check("engine: stride 0 gives the CLI's message word for word",
                isinstance(page_error, dict) and page_error.get("error") == message, f"{page_error!r} vs {message!r}")
        # The ops that ran only in the command until 4 December: the page gives the CLI's JSON too.
        for example in ({"op": "conv-matrix", "input": [[1, 2, 3], [4, 5, 6], [7, 8, 9]], "kernel": [[1, 2], [3, 4]], "stride": [1, 2]},
                        {"op": "conv-matrix", "input_shape": [3, 4], "kernel": [[1, -1, 0.5]], "padding": "same"},
                        {"op": "arithmetic", "expression": "floor(60000 / 64) + 2 ^ 0.5 - ln(3)"}):
            page = driver.execute_script("return window.convwalk.compute(arguments[0])", example)
            want, message = cli_compute(exe, example)
            r.check(f"engine: {example['op']} {list(example)[1]} gives convwalk compute's JSON",
                    want is not None and same(page, want) is None, same(page, want) if want else message)
        bad = {"op": "arithmetic", "expression": "sqrt(2 - 3)"}
        page_error = driver.execute_script("return window.convwalk.compute(arguments[0])", bad)
        _, message = cli_compute(exe, bad)
        r.check("engine: arithmetic sqrt of a negative number gives the CLI's message word for word",
                isinstance(page_error, dict) and message and page_error.get("error") == message, f"{page_error!r} vs {message!r}")
        big = dict(CONV, input=[[(i * j) % 7 - 3 for j in range(16)] for i in range(16)])
        driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 4})
        start = time.perf_counter()
        ms = driver.execute_script("""
            var t = performance.now(), n = 10;
            for (var i = 0; i < n; i++) window.convwalk.compute(arguments[0]);
            return (performance.now() - t) / n;""", big)
        driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 1})
        r.check(f"engine: a 16x16 conv2d computes in {ms:.1f} ms per call at 4x CPU throttling (under 250 ms)", ms < 250,
                f"{time.perf_counter() - start:.1f} s in all")
        check_engine_on_demand(r, driver, site, exe)
    finally:
        driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                               {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def check_engine_on_demand(r, driver, site, exe):
    """A lesson page with no block that runs the engine (network-costs: layer tables only)
    still has window.convwalk.compute; it does not download the module until asked, then an
    architecture example by model name gives `convwalk compute`'s JSON."""
    page = site / "en" / "network-costs.html"
    if not r.check("engine: the site has the network-costs lesson", page.exists(), str(page)):
        return
    driver.get(page.as_uri())
    driver.execute_async_script("var done = arguments[arguments.length - 1]; "
                                "if (document.readyState === 'complete') done(); else window.addEventListener('load', function () { done(); });")
    before = driver.execute_script("""return {compute: typeof (window.convwalk && window.convwalk.compute),
        module: !!window.convwalkEngineWasm, players: document.querySelectorAll('.player, .formula-live').length,
        loads: performance.getEntriesByType('resource').filter(function (e) { return /engine-wasm/.test(e.name); }).length};""")
    r.check("engine: a lesson page without players has window.convwalk.compute but has not downloaded the module",
            before == {"compute": "function", "module": False, "players": 0, "loads": 0}, before)
    example = {"op": "architecture", "model": "lenet5", "cost": True}
    got = driver.execute_async_script("""var done = arguments[arguments.length - 1], ex = arguments[0];
        window.convwalk.ready.then(function () { done(window.convwalk.compute(ex)); }, function (e) { done(String(e)); });""", example)
    want, message = cli_compute(exe, example)
    r.check("engine: after convwalk.ready there, model lenet5 with its cost gives convwalk compute's JSON",
            want is not None and isinstance(got, dict) and same(got, want) is None,
            (same(got, want) if isinstance(got, dict) else got) if want else message)

