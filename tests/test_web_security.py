"""The web view under attack: script URLs, headers and policy, DNS rebinding, a busy database, bad parameters,
ids with a slash. A real uvicorn server on 127.0.0.1, real DuckDB files, a real Chromium."""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # real uvicorn servers, `communique serve` processes and a real Chromium

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SLASHED = "feed/2024/05/a1"
ODD = "desk/2024?issue=3#lead%20story"
ARTICLES = [  # (id, date, source, url, text)
    (SLASHED, "2024-05-14", "Harbour Gazette", "https://gazette.example/2024/05/a1",
     "Norway praised Iceland for the joint rescue operation."),
    (ODD, "2024-05-16", "Harbour Gazette", "http://gazette.example/lead",
     "Norway praised Iceland again after the second rescue."),
    ("js-link", "2024-05-15", "Odd Wire", "javascript:window.__clicked=1;document.title='taken'",
     "Finland accused Sweden of ignoring the fishing quota."),
    ("js-spaced", "2024-05-15", "Odd Wire", "  JaVaScRiPt:window.__clicked=2",
     "Finland criticised Sweden over the ferry dispute."),
    ("data-link", "2024-05-17", "Odd Wire", "data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19jbGlja2VkPTM8L3NjcmlwdD4=",
     "Sweden accused Finland of delaying the bridge talks."),
    ("no-host", "2024-05-18", "Odd Wire", "https:window.__clicked=4",
     "Iceland thanked Norway for the fuel shipment."),
]
SECURITY = {"content-security-policy", "x-content-type-options", "x-frame-options"}


def write_articles(path: Path) -> Path:
    """A JSON-lines corpus of ARTICLES."""
    with path.open("w", encoding="utf-8") as f:
        for aid, date, source, url, text in ARTICLES:
            f.write(json.dumps({"id": aid, "date": date, "source": source, "url": url, "text": text}) + "\n")
    return path


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db: Path, **kw):
    """A real uvicorn server over db on 127.0.0.1, in a thread; yields its base URL."""
    import uvicorn

    from communique.web import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db, **kw), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def communique_serve(db: Path, *args: str):
    """`communique serve` in its own process on 127.0.0.1; yields its base URL once it accepts connections."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "communique.cli", "serve", str(db), "--port", str(port), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)


def fetch(url: str, timeout: float = 20) -> tuple[int, dict[str, str], str]:
    """Status, lower-cased headers and body of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read().decode()


def with_host(base: str, path: str, host: str | None) -> tuple[int, dict[str, str], str]:
    """A GET sending the given Host header (None: no Host header at all)."""
    netloc = urllib.parse.urlsplit(base).netloc
    con = http.client.HTTPConnection(netloc, timeout=20)
    try:
        con.putrequest("GET", path, skip_host=True)
        if host is not None:
            con.putheader("Host", host)
        con.endheaders()
        r = con.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode()
    finally:
        con.close()


def ok_json(base: str, path: str) -> dict:
    """The JSON body of a GET that must answer 200."""
    status, _, body = fetch(base + path)
    assert status == 200, (path, body)
    return json.loads(body)


@pytest.fixture(scope="module")
def db(tmp_path_factory, run_cli) -> Path:
    folder = tmp_path_factory.mktemp("websec")
    path = folder / "hostile.duckdb"
    p = run_cli("code", str(write_articles(folder / "news.jsonl")), "--db", str(path))
    assert p.returncode == 0, p.stderr
    return path


@pytest.fixture(scope="module")
def base(db):
    with serving(db, wait=1.0) as url:
        yield url


@pytest.fixture(scope="module")
def page():
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        pg = browser.new_page(viewport={"width": 1200, "height": 800})
        pg.add_init_script("window.__violations = [];"
                           "document.addEventListener('securitypolicyviolation', function (e) {"
                           " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI); });")
        yield pg
        browser.close()


def hrefs(page) -> list[str]:
    """Every link target on the page, as written in the markup."""
    return page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")


# ---- 1. links, headers, policy, Host ------------------------------------------------------------------------

def test_only_web_addresses_become_links(base, page):
    page.goto(base + "/articles/" + urllib.parse.quote(SLASHED, safe=""))
    assert page.get_attribute("#source-link", "href") == "https://gazette.example/2024/05/a1"
    for aid in ("js-link", "js-spaced", "data-link", "no-host"):
        url = next(a[3] for a in ARTICLES if a[0] == aid)
        response = page.goto(base + "/articles/" + aid)
        assert response.status == 200
        assert page.locator("#source-link").count() == 0, aid
        assert page.inner_text("#source-text") == url.strip(), "shown as text, not linked"
        page.click("#source-text")
        page.wait_for_timeout(100)
        assert page.evaluate("window.__clicked") is None and page.title() != "taken"
        for href in hrefs(page):
            assert href.startswith(("/", "http://", "https://")), (aid, href)
        events = ok_json(base, "/api/articles/" + aid)["mentions"]
        assert events, f"{aid} has a coded event"
        page.goto(base + "/events/" + events[0]["event_id"])
        for href in hrefs(page):
            assert href.startswith(("/", "http://", "https://")), (aid, href)
        assert page.evaluate("window.__clicked") is None


def test_every_response_carries_the_security_headers(base):
    for path in ("/", "/events", "/network", "/dyads/NOR-ISL", "/api/events", "/api/overview", "/static/style.css",
                 "/static/charts.js", "/static/bokeh/bokeh.min.js", "/static/secret.txt", "/no/such/page",
                 "/api/events?quad=7", "/articles/not-there"):
        status, headers, _ = fetch(base + path)
        assert status in (200, 400, 404), path
        assert set(headers) >= SECURITY, (path, headers)
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0], "no inline script allowed"


def test_pages_draw_their_charts_under_the_policy_without_inline_script(base, page):
    for path, chart in (("/", "#chart-overview"), ("/dyads/NOR-ISL", "#chart-dyad"), ("/network", "#chart-network")):
        page.goto(base + path)
        page.wait_for_selector(f"{chart}[data-drawn='1']", timeout=20000)
        assert page.locator(f"{chart} canvas").count() >= 1, path
        assert page.locator("script:not([src])").count() == 0, path
        assert page.evaluate("window.__violations") == [], path


def test_a_foreign_host_name_is_refused(base):
    port = urllib.parse.urlsplit(base).port
    for host in (f"rebind.attacker.example:{port}", "rebind.attacker.example", f"localhost.attacker.example:{port}",
                 f"127.0.0.1.attacker.example:{port}", f"10.1.2.3:{port}", f"evil@localhost:{port}", "::1",
                 f"localhost:{port}/x", ""):
        status, headers, body = with_host(base, "/api/events", host)
        assert status == 400, (host, body)
        assert json.loads(body)["error"] == "Bad host" and "Host" in json.loads(body)["detail"]
        assert set(headers) >= SECURITY
        status, headers, body = with_host(base, "/", host)
        assert status == 400 and "DNS rebinding" in body and headers["content-type"].startswith("text/plain")
        assert "events" not in body.lower()
    assert with_host(base, "/api/events", None)[0] == 400, "no Host header at all"
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"LocalHost:{port}", "localhost", f"[::1]:{port}"):
        status, _, body = with_host(base, "/api/overview", host)
        assert status == 200, (host, body)
        assert json.loads(body)["articles"] == len(ARTICLES)


def test_allowed_hosts_open_the_view_to_other_names(db):
    with serving(db, allowed_hosts=["events.lab.example"]) as url:
        assert with_host(url, "/api/overview", "events.lab.example:8443")[0] == 200
        assert with_host(url, "/api/overview", "Events.Lab.Example.")[0] == 200
        assert with_host(url, "/api/overview", "lab.example")[0] == 400
    with serving(db, allowed_hosts=["*"]) as url:
        assert with_host(url, "/api/overview", "anything.example")[0] == 200


def test_bound_hosts_add_this_machines_names_on_every_interface():
    from communique.web import bound_hosts

    assert bound_hosts("127.0.0.1") == ["127.0.0.1"]
    everywhere = bound_hosts("0.0.0.0")
    assert "0.0.0.0" in everywhere and socket.gethostname() in everywhere


def test_communique_serve_checks_the_host(db):
    with communique_serve(db) as base:
        port = urllib.parse.urlsplit(base).port
        assert with_host(base, "/api/overview", f"localhost:{port}")[0] == 200
        status, headers, _ = with_host(base, "/api/overview", f"rebind.attacker.example:{port}")
        assert status == 400 and set(headers) >= SECURITY


# ---- 2. a busy database never holds anyone up ---------------------------------------------------------------

WAIT = 10.0  # the server's --wait: far longer than any answer that does not wait may take on a loaded machine
QUICK = WAIT / 2


def test_a_busy_database_answers_at_once_and_static_files_never_wait(db, tmp_path):
    own = tmp_path / "busy.duckdb"
    shutil.copy(db, own)
    writer = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from communique.store import EventStore; s = EventStore(sys.argv[1]); "
        "print('holding', flush=True); time.sleep(60)"), str(own)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "holding"
        with communique_serve(own, "--wait", str(WAIT)) as url:
            paths = ["/api/events", "/events", "/static/style.css", "/api/overview", "/static/bokeh/bokeh.min.js",
                     "/"] * 9

            def timed(path: str) -> tuple[str, int, dict[str, str], str, float]:
                start = time.monotonic()
                status, headers, body = fetch(url + path, timeout=15)
                return path, status, headers, body, time.monotonic() - start

            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=len(paths)) as pool:
                results = list(pool.map(timed, paths, timeout=30))
            total = time.monotonic() - started
            assert len(results) == 54 and total < WAIT + QUICK, total
            slow = [(p, round(t, 2)) for p, _, _, _, t in results if t > QUICK]
            assert len(slow) <= 1, f"only the one request that waits for the lock may take long: {slow}"
            for path, status, headers, body, took in results:
                if path.startswith("/static/"):
                    assert status == 200 and took < QUICK, (path, status, took)
                elif path.startswith("/api/"):
                    assert status == 503 and json.loads(body)["error"] == "The database is busy", (path, body)
                    assert headers.get("retry-after")
                else:
                    assert status == 503 and "busy" in body and "coding run" in body, path
            status, _, _ = fetch(url + "/api/events", timeout=15)
            assert status == 503
            again = time.monotonic()
            assert fetch(url + "/events", timeout=15)[0] == 503 and time.monotonic() - again < QUICK
            writer.kill()
            writer.wait()
            deadline = time.monotonic() + 20
            status = 503
            while status == 503 and time.monotonic() < deadline:
                status, _, body = fetch(url + "/api/events", timeout=15)
                time.sleep(0.1)
            assert status == 200 and json.loads(body)["total"] > 0, "the view recovers once the writer is gone"
    finally:
        writer.kill()
        writer.wait()


def test_a_parquet_dataset_serves_concurrent_requests(db, tmp_path, run_cli):
    p = run_cli("export", str(db), "--format", "parquet", "-o", str(tmp_path / "pq"))
    assert p.returncode == 0, p.stderr
    with serving(tmp_path / "pq") as url:
        expected = ok_json(url, "/api/events")["total"]
        with ThreadPoolExecutor(max_workers=16) as pool:
            results = list(pool.map(lambda path: fetch(url + path), ["/api/events", "/api/overview", "/"] * 8,
                                    timeout=60))
        assert all(status == 200 for status, _, _ in results)
        assert {json.loads(body)["total"] for status, _, body in results[::3]} == {expected}


# ---- 3. bad parameters are 400s, never 500s -----------------------------------------------------------------

BAD = [
    ("/events", {"since": "20240101"}, "since"),
    ("/events", {"since": "2024-W01-1"}, "since"),
    ("/events", {"until": "2024-02-30"}, "until"),
    ("/events", {"since": "2024-13-01"}, "since"),
    ("/events", {"since": "2024-06-01", "until": "2024-01-31"}, "since"),
    ("/events", {"page": "99999999999999999999"}, "page"),
    ("/events", {"page": str(2**62 // 50 + 7)}, "page"),
    ("/events", {"page": "-3"}, "page"),
    ("/events", {"page": "0"}, "page"),
    ("/events", {"page": "two"}, "page"),
    ("/events", {"page": "1.5"}, "page"),
    ("/events", {"quad": "9"}, "quad"),
    ("/events", {"quad": "cooperation"}, "quad"),
    ("/events", {"dyad": "NORISL"}, "dyad"),
    ("/events", {"root": "42"}, "root"),
    ("/dyads/NOR-ISL", {"by": "century"}, "by"),
    ("/dyads/NOR", {}, "dyad"),
]


@pytest.mark.parametrize(("path", "params", "name"), BAD)
def test_a_bad_parameter_is_a_400_naming_it(base, path, params, name):
    query = "?" + urllib.parse.urlencode(params) if params else ""
    status, headers, body = fetch(base + "/api" + path + query)
    assert status == 400, body
    error = json.loads(body)
    assert error["error"] == "Bad request" and name in error["detail"]
    status, headers, body = fetch(base + path + query)
    assert status == 400 and headers["content-type"].startswith("text/html")
    assert "<h1>Bad request</h1>" in body and name in body and "Internal Server Error" not in body
    if path.startswith("/dyads/NOR-ISL"):
        status, _, body = fetch(base + "/api/charts/dyad?" + urllib.parse.urlencode({"dyad": "NOR-ISL", **params}))
        assert status == 400 and name in json.loads(body)["detail"]


def test_good_pages_past_the_end_are_empty_not_errors(base):
    data = ok_json(base, "/api/events?page=1000")
    assert data["page"] == 1000 and data["events"] == [] and data["total"] > 0
    assert fetch(base + "/events?page=")[0] == 200


# ---- 4. ids with a slash (or ? and #) open ----------------------------------------------------------------

@pytest.mark.parametrize("aid", [SLASHED, ODD])
def test_an_article_id_with_a_slash_opens_in_page_and_api(base, page, aid):
    quoted = urllib.parse.quote(aid, safe="")
    data = ok_json(base, "/api/articles/" + quoted)
    assert data["article"]["article_id"] == aid and data["mentions"]
    if "?" not in aid:
        assert ok_json(base, "/api/articles/" + aid)["article"]["article_id"] == aid
    response = page.goto(base + "/articles/" + quoted)
    assert response.status == 200 and page.inner_text("h1") == aid
    event_id = data["mentions"][0]["event_id"]
    assert ok_json(base, "/api/events/" + urllib.parse.quote(event_id, safe=""))["event"]["event_id"] == event_id
    page.goto(base + "/events/" + urllib.parse.quote(event_id, safe=""))
    link = page.locator("#mentions a").filter(has_text=aid)
    assert link.count() == 1
    link.click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == aid
    assert "Norway praised Iceland" in page.inner_text("#article-text")
    page.locator("#mentions a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/events/" + urllib.parse.quote(event_id, safe=""))
