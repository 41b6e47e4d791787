#!/usr/bin/env python3
"""Real-browser tests of haven's public pages (issue 4), in headless Chromium via chromedriver.

For every page, under `/` (English) and `/es/` (Spanish):
  http        the status we expect (200, or 400 for a form with mistakes) and no Set-Cookie
  weight      the page with its CSS and JS is under 30 KB gzip-compressed
  lang        <html lang> is the page's language
  focus-*     Tab once from the top of the page focuses #quick-exit (mobile and desktop sizes)
  exit-*      #quick-exit is position: fixed, inside the viewport and topmost at its centre,
              also after scrolling to the bottom (mobile 375x667 and desktop 1280x800)
  axe-*       axe-core finds zero WCAG 2.0/2.1/2.2 A/AA violations (mobile and desktop)
  network     every request the page made went to haven's own origin (or was a data: URL)
  resources   every stylesheet, script and image the page asked for loaded (no 404, nothing blocked)
  cookies     no Set-Cookie in any response the browser saw, document.cookie empty, no cookies
  shift-exit  Shift pressed three times leaves for the exit URL; Back does not return
  click-exit  clicking the quick exit leaves for the exit URL; Back does not return
  nojs        with JavaScript disabled: <main> renders, the quick exit is a link to the exit URL
              and following it leaves
and once per language with JavaScript disabled: the find form, filled in with 10001 and
submitted with its button, shows results.

Routes another engineer is still adding (/guide, /learn and their sub-pages) are found by
following links; one that answers 404 is reported as SKIP with a note, never silently.

Usage: test_pages.py --base http://127.0.0.1:PORT --exit-url http://127.0.0.1:PORT2/ --axe PATH
Exit status 0 only when every check passed.
"""

import argparse
import gzip
import html as htmllib
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

os.environ.setdefault("SE_OFFLINE", "true")  # never let selenium fetch anything

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import TimeoutException, WebDriverException  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SIZES = [("mobile", 375, 667, True), ("desktop", 1280, 800, False)]
LANGS = [("en", ""), ("es", "/es")]
WAIT = 20


class Report:
    """Counts and prints one line per page and check."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failures = []

    def ok(self, check, page, note=""):
        self.passed += 1
        print(f"PASS  {check:<15} {page}{('  ' + note) if note else ''}", flush=True)

    def fail(self, check, page, detail):
        self.failed += 1
        self.failures.append((check, page))
        print(f"FAIL  {check:<15} {page}", flush=True)
        for line in str(detail).splitlines():
            print(f"        {line}", flush=True)

    def skip(self, check, page, why):
        self.skipped += 1
        print(f"SKIP  {check:<15} {page}  ({why})", flush=True)

    def check(self, check, page, fn):
        """Run fn(); it returns None (pass) or a failure detail; exceptions fail the check."""
        try:
            detail = fn()
        except (WebDriverException, TimeoutException, AssertionError, OSError) as e:
            detail = f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}"
        if detail:
            self.fail(check, page, detail)
        else:
            self.ok(check, page)


def fetch_raw(url, headers):
    """GET without a browser: (status, headers as a list of pairs, body bytes as sent)."""
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.getheaders(), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.items(), e.read()


def fetch(url, accept_language="en-US,en;q=0.9"):
    """GET without a browser: (status, headers as a list of pairs, body text)."""
    status, headers, body = fetch_raw(url, {"Accept-Language": accept_language})
    return status, headers, body.decode("utf-8", "replace")


WEIGHT_BUDGET = 30 * 1024


def weight_problem(base, url):
    """The page and the /assets/ it links to, gzip-compressed as served, under the budget."""
    gz = {"Accept-Encoding": "gzip", "Accept-Language": "en-US,en;q=0.9"}
    status, headers, body = fetch_raw(url, gz)
    if dict((k.lower(), v) for k, v in headers).get("content-encoding") != "gzip":
        return "the page is not served compressed"
    html = gzip.decompress(body).decode("utf-8", "replace")
    total = len(body)
    for asset in sorted(set(re.findall(r'(?:href|src)="(/assets/[^"]+)"', html))):
        s2, _, b2 = fetch_raw(base + asset, gz)
        if s2 != 200:
            return f"{asset}: status {s2}"
        total += len(b2)
    if total >= WEIGHT_BUDGET:
        return f"{total} bytes compressed with its CSS and JS (budget {WEIGHT_BUDGET})"
    return None


def origin_of(url):
    p = urllib.parse.urlsplit(url)
    return f"{p.scheme}://{p.netloc}"


def chrome_options(js, width=1280, height=800):
    o = Options()
    o.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-features=Translate,OptimizationHints,MediaRouter",
        "--lang=en-US",
        f"--window-size={width},{height}",
    ]:
        o.add_argument(arg)
    prefs = {"intl.accept_languages": "en-US,en"}
    if not js:
        prefs["profile.managed_default_content_settings.javascript"] = 2
        o.add_argument("--blink-settings=scriptEnabled=false")
    o.add_experimental_option("prefs", prefs)
    o.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return o


def new_driver(js):
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    d = webdriver.Chrome(service=service, options=chrome_options(js))
    d.set_page_load_timeout(60)
    d.set_script_timeout(60)
    return d


def perf_events(driver):
    """Drain the performance log: the DevTools events since the last call."""
    out = []
    for entry in driver.get_log("performance"):
        try:
            msg = json.loads(entry["message"])["message"]
        except (KeyError, ValueError):
            continue
        out.append(msg)
    return out


def set_size(driver, width, height, mobile):
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def wait_loaded(driver):
    WebDriverWait(driver, WAIT).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


EXIT_GEOMETRY_JS = """
var a = document.getElementById('quick-exit');
if (!a) { return {missing: true}; }
var cs = getComputedStyle(a), r = a.getBoundingClientRect();
var cx = r.left + r.width / 2, cy = r.top + r.height / 2;
var hit = document.elementFromPoint(cx, cy);
return {
  position: cs.position, visibility: cs.visibility, display: cs.display, opacity: cs.opacity,
  left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height,
  vw: document.documentElement.clientWidth, vh: window.innerHeight,
  topmost: !!hit && (hit === a || a.contains(hit)),
  hit: hit ? (hit.tagName + (hit.id ? '#' + hit.id : '') + (hit.className ? '.' + hit.className : '')) : null
};
"""


WIDEST_JS = """
var vw = document.documentElement.clientWidth, out = [];
document.querySelectorAll('body *').forEach(function (e) {
  var r = e.getBoundingClientRect();
  if (r.right > vw + 1 && e.children.length === 0) {
    out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' (' + Math.round(r.width) + ' px)');
  }
});
return out.slice(0, 6).join(', ');
"""


def exit_geometry_problem(driver):
    g = driver.execute_script(EXIT_GEOMETRY_JS)
    if g.get("missing"):
        return "no #quick-exit on the page"
    problems = []
    if g["position"] != "fixed":
        problems.append(f"position is {g['position']}, not fixed")
    if g["display"] == "none" or g["visibility"] != "visible" or float(g["opacity"]) < 1:
        problems.append(f"not visible: display {g['display']}, visibility {g['visibility']}, opacity {g['opacity']}")
    if g["width"] < 24 or g["height"] < 24:
        problems.append(f"too small: {g['width']:.0f}x{g['height']:.0f}")
    if g["left"] < 0 or g["top"] < 0 or g["right"] > g["vw"] + 0.5 or g["bottom"] > g["vh"] + 0.5:
        problems.append(
            f"outside the {g['vw']}x{g['vh']} viewport: "
            f"({g['left']:.0f},{g['top']:.0f})-({g['right']:.0f},{g['bottom']:.0f})"
        )
    if not g["topmost"]:
        problems.append(f"covered at its centre by {g['hit']}")
    return "; ".join(problems) or None


def run_axe(driver, axe_source):
    if not driver.execute_script("return typeof window.axe !== 'undefined'"):
        driver.execute_script(axe_source)
    res = driver.execute_async_script(
        """
        var done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
          .then(function (r) {
            done({violations: r.violations.map(function (v) {
              return {id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
                      nodes: v.nodes.map(function (n) {
                        return {target: n.target, summary: n.failureSummary, html: n.html};
                      })};
            })});
          })
          .catch(function (e) { done({error: String(e)}); });
        """,
        AXE_TAGS,
    )
    if res.get("error"):
        return f"axe did not run: {res['error']}"
    if not res["violations"]:
        return None
    lines = []
    for v in res["violations"]:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}  [{v['url']}]")
        for n in v["nodes"][:8]:
            lines.append(f"  at {' '.join(map(str, n['target']))}: {n['html'][:160]}")
            for s in (n["summary"] or "").splitlines()[:4]:
                lines.append(f"     {s}")
        if len(v["nodes"]) > 8:
            lines.append(f"  ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def network_problem(events, own):
    bad = []
    for e in events:
        if e.get("method") != "Network.requestWillBeSent":
            continue
        url = e["params"]["request"]["url"]
        if url.startswith("data:") or origin_of(url) == own:
            continue
        bad.append(url)
    if bad:
        return "requests to other origins:\n" + "\n".join(sorted(set(bad)))
    return None


def failed_resources(events):
    """Stylesheets, scripts, images... the page asked for that did not load."""
    bad = []
    for e in events:
        if e.get("method") == "Network.responseReceived":
            p = e["params"]
            if p.get("type") != "Document" and p["response"]["status"] >= 400:
                bad.append(f"{p['response']['status']} {p['response']['url']}")
        elif e.get("method") == "Network.loadingFailed":
            p = e["params"]
            if p.get("type") != "Document":
                bad.append(f"failed ({p.get('errorText')}, blocked: {p.get('blockedReason')}) {p.get('type')}")
    if bad:
        return "resources that did not load:\n" + "\n".join(sorted(set(bad)))
    return None


def set_cookie_seen(events):
    seen = []
    for e in events:
        m = e.get("method")
        if m == "Network.responseReceived":
            headers = e["params"]["response"].get("headers", {})
            url = e["params"]["response"].get("url", "")
        elif m == "Network.responseReceivedExtraInfo":
            headers = e["params"].get("headers", {})
            url = "(raw headers)"
        else:
            continue
        for k in headers:
            if k.lower() == "set-cookie":
                seen.append(f"{url}: {headers[k]}")
    return seen


def tab_once_focuses_exit(driver):
    ActionChains(driver).send_keys(Keys.TAB).perform()
    got = driver.execute_script(
        "var a = document.activeElement; return a ? (a.id || a.tagName + ':' + (a.textContent || '').trim().slice(0, 40)) : null"
    )
    if got != "quick-exit":
        return f"Tab once focused {got!r}, not #quick-exit"
    return None


def leaves_and_back_does_not_return(driver, url, exit_url, how):
    """Open a neutral page, then the page; leave by `how`; Back must not come back here."""
    before = exit_url + "?before"
    driver.get(before)
    driver.get(url)
    wait_loaded(driver)
    if driver.execute_script("return document.getElementById('quick-exit') === null"):
        return "no #quick-exit on the page"
    if how == "shift":
        chain = ActionChains(driver)
        for _ in range(3):
            chain.key_down(Keys.SHIFT).key_up(Keys.SHIFT)
        chain.perform()
    else:
        driver.find_element(By.ID, "quick-exit").click()
    try:
        WebDriverWait(driver, WAIT).until(lambda d: d.current_url == exit_url)
    except TimeoutException:
        return f"did not leave: still at {driver.current_url}"
    driver.back()
    try:
        WebDriverWait(driver, WAIT).until(lambda d: d.current_url != exit_url)
    except TimeoutException:
        return f"Back did not leave the exit page ({exit_url}): nothing before it in the history?"
    wait_loaded(driver)
    now = driver.current_url
    if now == url or origin_of(now) == origin_of(url):
        return f"Back returned to {now} (the page was not replaced in the history)"
    if now != before:
        return f"Back went to {now}, expected the page before it ({before})"
    return None


def discover(base, report):
    """The pages to test, per language: (path, expected status)."""
    pages = {}
    for code, prefix in LANGS:
        lst = [
            (f"{prefix}/", 200),
            (f"{prefix}/find", 200),
            (f"{prefix}/find?near=10001", 200),
            (f"{prefix}/find?near=10001&q=hospital&radius=25", 200),
            (f"{prefix}/find?near=99999", 400),
        ]
        status, _, html = fetch(base + f"{prefix}/find?near=10001")
        m = re.search(r'href="((?:/es)?/services/[^"?#]+)"', html)
        if status == 200 and m:
            lst.append((m.group(1), 200))
        else:
            report.fail("discover", f"{prefix}/services/<id>", f"no service link on {prefix}/find?near=10001 (status {status})")
        lst += [
            (f"{prefix}/hotlines", 200),
            (f"{prefix}/hospital", 200),
            (f"{prefix}/hospital?near=77002", 200),
            (f"{prefix}/card", 200),
            (f"{prefix}/safety", 200),
            (f"{prefix}/about", 200),
            (f"{prefix}/about/trust", 200),
        ]
        for section, pattern in [
            ("guide", r'href="((?:/es)?/guide/[^"?#/]+(?:\?[^"#]*)?)"'),
            ("learn", r'href="((?:/es)?/learn/[^"?#/]+(?:\?[^"#]*)?)"'),
        ]:
            top = f"{prefix}/{section}"
            status, _, html = fetch(base + top)
            if status == 404:
                report.skip("route", top, f"{top} answers 404: not served yet, so it and its sub-pages are not tested")
                continue
            lst.append((top, 200))
            subs = [
                htmllib.unescape(h)
                for h in re.findall(pattern, html)
                if not re.search(r"\.(atom|xml|json|rss)(\?|$)", h) and h.startswith(prefix + "/")
            ]
            if not subs:
                report.fail("discover", f"{top}/<page>", f"{top} (status {status}) links to no {top}/<page>")
                continue
            sub = subs[0]
            s2, _, _ = fetch(base + sub)
            if s2 == 404:
                report.skip("route", sub, f"linked from {top} but answers 404")
                continue
            lst.append((sub, 200))
        pages[code] = lst
    return pages


def test_page_js(driver, report, base, exit_url, axe_source, code, path, want_status):
    url = base + path
    own = origin_of(base)

    def http():
        status, headers, _ = fetch(url)
        cookies = [v for k, v in headers if k.lower() == "set-cookie"]
        problems = []
        if status != want_status:
            problems.append(f"status {status}, expected {want_status}")
        if cookies:
            problems.append(f"Set-Cookie: {cookies}")
        return "; ".join(problems) or None

    report.check("http", path, http)
    report.check("weight", path, lambda: weight_problem(base, url))

    perf_events(driver)  # drop what came before
    events = []
    for size, w, h, mobile in SIZES:
        set_size(driver, w, h, mobile)
        loaded = {"ok": False}

        def load():
            driver.get(url)
            wait_loaded(driver)
            loaded["ok"] = True

        try:
            load()
        except (WebDriverException, TimeoutException) as e:
            report.fail(f"load-{size}", path, str(e).splitlines()[0])
            continue
        if size == "mobile":
            def lang():
                got = driver.execute_script("return document.documentElement.lang")
                return None if got == code else f"<html lang={got!r}>, expected {code!r}"

            report.check("lang", path, lang)
        report.check(f"focus-{size}", path, lambda: tab_once_focuses_exit(driver))

        def geometry():
            problem = exit_geometry_problem(driver)
            if problem:
                return "at the top: " + problem
            driver.execute_script("window.scrollTo(0, document.documentElement.scrollHeight)")
            time.sleep(0.05)
            problem = exit_geometry_problem(driver)
            if problem:
                return "scrolled to the bottom: " + problem
            return None

        report.check(f"exit-{size}", path, geometry)

        def reflow():
            # WCAG 1.4.10: no sideways scrolling at a phone's width (the page would zoom out and
            # push the quick exit off screen).
            dims = driver.execute_script(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth, window.innerWidth]"
            )
            if dims[0] > dims[1] or dims[2] > w:
                wide = driver.execute_script(WIDEST_JS)
                return f"the page is {dims[0]} px wide in a {w} px window; too wide: {wide}"
            return None

        report.check(f"reflow-{size}", path, reflow)
        driver.execute_script("window.scrollTo(0, 0)")
        report.check(f"axe-{size}", path, lambda: run_axe(driver, axe_source))
        events += perf_events(driver)

    report.check("network", path, lambda: network_problem(events, own))
    report.check("resources", path, lambda: failed_resources(events))

    def cookies():
        problems = []
        seen = set_cookie_seen(events)
        if seen:
            problems.append("Set-Cookie in responses: " + "; ".join(seen))
        dc = driver.execute_script("return document.cookie")
        if dc:
            problems.append(f"document.cookie = {dc!r}")
        jar = driver.get_cookies()
        if jar:
            problems.append(f"cookies stored: {jar}")
        return "; ".join(problems) or None

    report.check("cookies", path, cookies)
    set_size(driver, 1280, 800, False)
    report.check("shift-exit", path, lambda: leaves_and_back_does_not_return(driver, url, exit_url, "shift"))
    report.check("click-exit", path, lambda: leaves_and_back_does_not_return(driver, url, exit_url, "click"))


def test_page_nojs(driver, report, base, exit_url, path):
    url = base + path

    def nojs():
        driver.get(url)
        problems = []
        mains = driver.find_elements(By.CSS_SELECTOR, "main")
        if len(mains) != 1:
            return f"{len(mains)} <main> elements"
        if not mains[0].is_displayed() or not mains[0].text.strip():
            problems.append("<main> is empty or not shown")
        if not driver.find_elements(By.CSS_SELECTOR, "main h1"):
            problems.append("no <h1> in <main>")
        links = driver.find_elements(By.CSS_SELECTOR, "a#quick-exit")
        if not links:
            return "no <a id=quick-exit>"
        href = links[0].get_attribute("href")
        if href != exit_url:
            problems.append(f"quick exit goes to {href!r}, not {exit_url!r}")
        if problems:
            return "; ".join(problems)
        links[0].click()
        try:
            WebDriverWait(driver, WAIT).until(lambda d: d.current_url == exit_url)
        except TimeoutException:
            return f"following the quick exit did not leave: at {driver.current_url}"
        return None

    report.check("nojs", path, nojs)


def test_find_form_nojs(driver, report, base, prefix):
    path = f"{prefix}/find"

    def form():
        driver.get(base + path)
        # JavaScript really is off: find.js would have shown the "use my location" button.
        locate = driver.find_elements(By.CSS_SELECTOR, "button.locate")
        if locate and locate[0].is_displayed():
            return "the 'use my location' button is shown: JavaScript is not disabled in this browser"
        near = driver.find_element(By.ID, "f-near")
        near.clear()
        near.send_keys("10001")
        driver.find_element(By.CSS_SELECTOR, "form.find button[type=submit]").click()
        try:
            WebDriverWait(driver, WAIT).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, "ol.hits li")
            )
        except TimeoutException:
            return f"no results (ol.hits li) after submitting: at {driver.current_url}"
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(driver.current_url).query)
        if q.get("near") != ["10001"]:
            return f"the form did not submit near=10001: {driver.current_url}"
        if not urllib.parse.urlsplit(driver.current_url).path == path:
            return f"the form went to {driver.current_url}, not {path}"
        return None

    report.check("nojs-find-form", path, form)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True, help="haven's origin, e.g. http://127.0.0.1:8080")
    ap.add_argument("--exit-url", required=True, help="the --exit-url haven was started with")
    ap.add_argument("--axe", required=True, help="path to axe-core's axe.min.js")
    args = ap.parse_args()
    base = args.base.rstrip("/")
    with open(args.axe, encoding="utf-8") as f:
        axe_source = f.read()

    report = Report()
    pages = discover(base, report)
    js = new_driver(js=True)
    try:
        for code, _ in LANGS:
            for path, status in pages.get(code, []):
                test_page_js(js, report, base, args.exit_url, axe_source, code, path, status)
    finally:
        js.quit()
    nojs = new_driver(js=False)
    try:
        for code, prefix in LANGS:
            for path, _ in pages.get(code, []):
                test_page_nojs(nojs, report, base, args.exit_url, path)
            test_find_form_nojs(nojs, report, base, prefix)
    finally:
        nojs.quit()

    n_pages = sum(len(v) for v in pages.values())
    print(f"browser: {n_pages} pages ({', '.join(f'{k}: {len(v)}' for k, v in pages.items())}), "
          f"{report.skipped} skipped")
    if report.failures:
        print("browser: failed: " + ", ".join(f"{c} {p}" for c, p in report.failures))
    print(f"browser: {report.passed} passed, {report.failed} failed")
    verdict = "ok" if report.failed == 0 else "FAILED"
    print(f"test result: {verdict}. {report.passed} passed; {report.failed} failed; "
          f"{report.skipped} ignored; 0 measured; 0 filtered out")
    return 0 if report.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
