"""The built site in a real browser: Debian's chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from .helpers import ROOT

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = ROOT / "build" / "screenshots"
PAGES = ["", "services/", "ingress/", "cni/", "dns/", "network-policy/", "monitoring/", "operations/", "checklist/", "compatibility/"]
# Flags this machine needs: no sandbox as root, and no background traffic to Google's hosts.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps"]
SEARCHES = {
    "金丝雀": "ingress/", "网络策略": "network-policy/", "无头服务": "services/", "会话亲和性": "services/",
    "拓扑感知": "services/", "源地址保留": "services/", "零信任": "network-policy/", "应急": "operations/",
}


@pytest.fixture(scope="module")
def server(built) -> Iterator[str]:
    site, _ = built
    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output readable
        pass


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("chromium is not installed: apt-get install chromium (.ci/run does)")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    # Material renders mermaid into a closed shadow root; open it so the test can see the SVG.
    context.add_init_script(
        "const attach = Element.prototype.attachShadow;"
        "Element.prototype.attachShadow = function (o) { return attach.call(this, {...o, mode: 'open'}); };"
    )
    tab = context.new_page()
    yield tab
    context.close()


def visit(page, url: str) -> tuple[list[str], list[str]]:
    """Open a page; return console errors and requests to any host but 127.0.0.1."""
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None) else None)
    page.goto(url, wait_until="networkidle")
    return errors, foreign


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_console_error_no_foreign_request_and_a_copy_button_per_block(page, server, path):
    errors, foreign = visit(page, server + path)
    assert errors == [] and foreign == []
    blocks = page.locator(".highlight pre > code").count()
    assert page.locator("button.md-code__button[data-md-type=copy]").count() == blocks
    if path not in ("", "compatibility/", "checklist/"):
        assert page.locator(".k8sdoctest-badge").count() > 0


@pytest.mark.parametrize("path", ["", "ingress/", "cni/", "network-policy/"])
def test_mermaid_diagrams_render_to_svg(page, server, path):
    visit(page, server + path)
    diagrams = page.locator(".mermaid")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.mermaid')].every(d => d.querySelector('svg') || d.shadowRoot?.querySelector('svg'))",
        timeout=15000,
    )
    assert diagrams.count() >= 1


@pytest.mark.parametrize(("term", "expected"), SEARCHES.items())
def test_chinese_search_finds_the_page(page, server, term, expected):
    visit(page, server)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(term, delay=30)
    box.press("End")  # Material searches on keyup; an IME sends one, inserted text does not
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    links = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(expected in (href or "") for href in links), links


@pytest.mark.parametrize("page_name", ["services", "operations"])
def test_copy_buttons_copy_exactly_the_tested_text(page, server, page_name):
    from k8sdoctest.source.pages import iter_blocks

    visit(page, server + f"{page_name}/")
    copied = []
    for button in page.locator("button.md-code__button[data-md-type=copy]").all():
        button.click()
        copied.append(page.evaluate("() => navigator.clipboard.readText()").rstrip("\n"))
    tested = [b.text for b in iter_blocks([ROOT / "docs" / f"{page_name}.md"], ROOT)]
    assert tested and all(text in copied for text in tested)


def test_screenshots(page, server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in (("home", ""), ("services", "services/")):
        visit(page, server + path)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000


def test_link_check_of_the_built_site(built):
    """Every internal link and anchor of the built site resolves (external links are not fetched)."""
    import re

    site, _ = built
    base = "/k8s-network-guide/"  # the path of site_url: 404.html links absolutely
    problems = []
    for html_file in site.rglob("*.html"):
        text = html_file.read_text()
        for href in re.findall(r'href="([^"]+)"', text):
            if href.startswith(("http://", "https://", "mailto:", "javascript:")) or href == "#":
                continue
            target, _, anchor = href.partition("#")
            if target.startswith(base):
                dest = site / target.removeprefix(base)
            else:
                dest = (html_file.parent / target).resolve() if target else html_file
            if dest.is_dir():
                dest = dest / "index.html"
            if not dest.exists():
                problems.append(f"{html_file.relative_to(site)}: broken link {href}")
            elif anchor and dest.suffix == ".html" and f'id="{anchor}"' not in dest.read_text():
                problems.append(f"{html_file.relative_to(site)}: missing anchor {href}")
    assert not problems, "\n".join(problems[:20])


