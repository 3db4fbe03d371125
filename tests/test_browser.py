"""The built site in a real browser: Debian's chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .helpers import ROOT

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = ROOT / "build" / "screenshots"
PAGES = ["", "services/", "ingress/", "cni/", "dns/", "network-policy/", "monitoring/", "operations/", "checklist/", "compatibility/",
         "troubleshooting/", "kube-proxy/", "dual-stack/", "traffic-policies/", "service-cidr/", "dns-production/",
         "gateway-api-advanced/", "leaving-ingress-nginx/", "cluster-network-policy/", "encryption/"]
# Flags this machine needs: no sandbox as root, and no background traffic to Google's hosts.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps"]
SEARCHES = {
    "金丝雀": "ingress/", "网络策略": "network-policy/", "无头服务": "services/", "会话亲和性": "services/",
    "拓扑感知": "services/", "源地址保留": "services/", "零信任": "network-policy/", "应急": "operations/",
    # the second half of a compound, a common variant of a term, Latin words beside full-width punctuation
    "亲和性": "services/", "命名空间": "network-policy/", "Headless": "", "CrashLoopBackOff": "services/",
    # one query a reader would type for each page added later (issue 13)
    "故障排查": "troubleshooting/", "双协议栈": "dual-stack/", "流量策略": "traffic-policies/", "地址段": "service-cidr/",
    "搜索路径": "dns-production/", "透传": "gateway-api-advanced/", "退役": "leaving-ingress-nginx/",
    "元数据服务": "cluster-network-policy/", "传输加密": "encryption/", "IPVS": "kube-proxy/",
}
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ("light", "dark")
DIAGRAMS = {"", "cluster-network-policy/", "cni/", "gateway-api-advanced/", "ingress/", "kube-proxy/", "leaving-ingress-nginx/",
            "network-policy/", "traffic-policies/", "troubleshooting/"}
WEIGHT_BUDGET = 500_000  # bytes transferred by a page without a diagram
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


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
    """Serves the site as GitHub Pages does: text compressed with gzip when the browser accepts it."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", "/")

    def log_message(self, *args) -> None:  # keep the test output readable
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not self.path.split("?")[0].endswith(self.COMPRESSED) \
                or not os.path.isfile(path):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("chromium is not installed: apt-get install chromium (.ci/run does)")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def new_tab(browser, viewport: dict[str, int], scheme: str = "light"):
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    # Material renders mermaid into a closed shadow root; open it so the test can see the SVG.
    context.add_init_script(
        "const attach = Element.prototype.attachShadow;"
        "Element.prototype.attachShadow = function (o) { return attach.call(this, {...o, mode: 'open'}); };"
    )
    return context, context.new_page()


@pytest.fixture
def page(browser):
    context, tab = new_tab(browser, {"width": 1280, "height": 900})
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


def search(page, server: str, term: str) -> list[str]:
    """Type a query into Material's search box; return the result links, resolved to paths of the site."""
    visit(page, server)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(term, delay=30)
    box.press("End")  # Material searches on keyup; an IME sends one, inserted text does not
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    links = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
    return [urlparse(link).path for link in links]


@pytest.mark.parametrize(("term", "expected"), SEARCHES.items())
def test_chinese_search_finds_the_page(page, server, term, expected):
    paths = search(page, server, term)
    assert "/" + expected in paths, paths


def test_search_previews_show_prose_not_badges_or_whole_code_blocks(page, server):
    search(page, server, "Service")
    previews = page.locator(".md-search-result").inner_text()
    assert "静态验证" not in previews and "集群验证" not in previews
    assert "apiVersion" not in previews and "kubectl apply" not in previews


def test_a_chinese_result_highlights_the_query_on_its_page(page, server):
    search(page, server, "零信任")
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state("networkidle")
    assert "h=" in page.url and page.locator("mark[data-md-highlight]").count() > 0, page.url


@pytest.mark.parametrize("page_name", ["services", "cni", "operations"])
def test_copy_buttons_copy_exactly_the_tested_text(page, server, page_name):
    from k8sdoctest.source.pages import iter_blocks

    visit(page, server + f"{page_name}/")
    copied = []
    for button in page.locator("button.md-code__button[data-md-type=copy]").all():
        if not button.is_visible():  # in an inactive content tab: open the tab first, as a reader would
            button.evaluate("""b => {
                const block = b.closest('.tabbed-block'), set = block.closest('.tabbed-set');
                set.querySelectorAll(':scope > input')[[...block.parentElement.children].indexOf(block)].click();
            }""")
        button.click()
        copied.append(page.evaluate("() => navigator.clipboard.readText()").rstrip("\n"))
    tested = [b.text for b in iter_blocks([ROOT / "docs" / f"{page_name}.md"], ROOT)]
    assert tested and all(text in copied for text in tested)


def wait_for_diagrams(page) -> None:
    page.wait_for_function(
        "() => [...document.querySelectorAll('.mermaid')].every(d => d.querySelector('svg') || d.shadowRoot?.querySelector('svg'))",
        timeout=15000,
    )


def axe_violations(page) -> list[str]:
    """Serious and critical axe-core findings on the page, one line each (rule, count, first targets)."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
              .map(v => `${v.id} (${v.impact}, ${v.nodes.length}): ` + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }""",
        AXE_TAGS,
    )


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("path", [*PAGES, "404.html"])
def test_every_page_is_accessible_and_screenshotted(browser, server, path, size, scheme):
    """axe-core on every page at desktop and phone size, light and dark; the screenshots land in build/screenshots/."""
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (make assets does)")
    context, tab = new_tab(browser, VIEWPORTS[size], scheme)
    try:
        errors, foreign = visit(tab, server + path)
        if path in DIAGRAMS:
            wait_for_diagrams(tab)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"{path.strip('/').removesuffix('.html') or 'index'}-{size}-{scheme}.png"
        tab.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 10_000
        assert foreign == []
        found = axe_violations(tab)
        assert not found, "\n".join(found)
    finally:
        context.close()


def test_the_palette_toggle_switches_to_dark_and_back(page, server):
    visit(page, server + "services/")
    before = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    for _ in range(2):  # system → light → dark
        page.locator("form[data-md-component=palette] label:visible").first.click()
    assert before == "default"
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"


@pytest.mark.parametrize("path", PAGES)
def test_page_weight_and_mermaid_only_where_there_is_a_diagram(page, server, path):
    """Bytes on the wire per page (gzip, as GitHub Pages serves text): under budget without a diagram; mermaid loads only with one."""
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    visit(page, server + path)
    if path in DIAGRAMS:
        wait_for_diagrams(page)
    page.wait_for_load_state("networkidle")
    urls = [r.url for r in requests]
    total = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in requests)
    assert any(u.endswith("/mermaid.min.js") for u in urls) == (path in DIAGRAMS), urls
    if path not in DIAGRAMS:
        assert total < WEIGHT_BUDGET, f"{path}: {total} bytes: " + ", ".join(urls)


def test_diagrams_keep_readable_labels_on_a_phone(browser, server):
    """At 390 px a diagram keeps its natural size (it scrolls sideways) instead of shrinking its labels to ~5 px."""
    context, tab = new_tab(browser, VIEWPORTS["phone"])
    try:
        visit(tab, server)
        wait_for_diagrams(tab)
        size = tab.evaluate(
            """() => { const root = document.querySelector('.mermaid').shadowRoot;
                       const label = root.querySelector('.nodeLabel, text');
                       return parseFloat(getComputedStyle(label).fontSize) * (root.querySelector('svg').getBoundingClientRect().width
                              / root.querySelector('svg').viewBox.baseVal.width); }"""
        )
        assert size >= 12, f"diagram labels render at {size:.1f} CSS px"
    finally:
        context.close()


def test_diagrams_have_an_accessible_title_and_description(page, server):
    for path in sorted(DIAGRAMS):
        visit(page, server + path)
        wait_for_diagrams(page)
        names = page.evaluate(
            "() => [...document.querySelectorAll('.mermaid')].map(d => [d.shadowRoot.querySelector('svg title')?.textContent,"
            " d.shadowRoot.querySelector('svg desc')?.textContent])"
        )
        assert names and all(title and desc for title, desc in names), (path, names)


def test_code_blocks_are_focusable_and_code_block_landmarks_are_named(page, server):
    visit(page, server + "services/")
    assert page.locator(".highlight pre:not([tabindex='0'])").count() == 0
    navs = page.locator(".md-code__nav").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert navs and all(navs) and len(set(navs)) == len(navs)
    assert page.locator(".md-search[role=dialog]").get_attribute("aria-label") == "搜索"


def test_badge_details_open_with_the_keyboard(page, server):
    visit(page, server + "services/")
    summary = page.locator(".k8sdoctest-badge summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(".k8sdoctest-badge details").first.evaluate("d => d.open")
    assert "严格 Schema" in page.locator(".k8sdoctest-badge details").first.inner_text()


def test_the_404_page_is_chinese_and_styled_when_served_from_a_sub_path(built, tmp_path):
    """Served under another path than site_url's, 404.html still finds its stylesheet (relative asset paths)."""
    site, _ = built
    html = (site / "404.html").read_text()
    assert "404：页面不存在" in html and "Not found" not in html
    assets = re.findall(r'(?:href|src)="([^"#]+)"', html)
    assert assets and not [a for a in assets if a.startswith("/")], assets


def test_link_check_of_the_built_site(built):
    """Every internal link and anchor of the built site resolves (external links are not fetched)."""
    site, _ = built
    problems = []
    for html_file in site.rglob("*.html"):
        text = html_file.read_text()
        for href in re.findall(r'href="([^"]+)"', text):
            if href.startswith(("http://", "https://", "mailto:", "javascript:")) or href == "#":
                continue
            target, _, anchor = href.partition("#")
            if target.startswith("/"):
                problems.append(f"{html_file.relative_to(site)}: absolute link {href}")
                continue
            dest = (html_file.parent / target).resolve() if target else html_file
            if dest.is_dir():
                dest = dest / "index.html"
            if not dest.exists():
                problems.append(f"{html_file.relative_to(site)}: broken link {href}")
            elif anchor and dest.suffix == ".html" and f'id="{anchor}"' not in dest.read_text():
                problems.append(f"{html_file.relative_to(site)}: missing anchor {href}")
    assert not problems, "\n".join(problems[:20])




def test_matrix_fits_a_desktop_and_keeps_its_first_column_on_a_phone(browser, server):
    context, tab = new_tab(browser, VIEWPORTS["desktop"])
    try:
        visit(tab, server + "compatibility/")
        overflow = tab.evaluate(
            "() => [document.documentElement.scrollWidth - innerWidth,"
            " ...[...document.querySelectorAll('.k8sdoctest-matrix .md-typeset__scrollwrap')].map(e => e.scrollWidth - e.clientWidth)]"
        )
        assert set(overflow) == {0}, overflow
    finally:
        context.close()
    context, tab = new_tab(browser, VIEWPORTS["phone"])
    try:
        visit(tab, server + "compatibility/")
        wrap = tab.locator(".k8sdoctest-matrix .md-typeset__scrollwrap").first
        wrap.scroll_into_view_if_needed()
        wrap.evaluate("e => e.scrollLeft = e.scrollWidth")
        left = tab.locator(".k8sdoctest-matrix td:first-child").first.evaluate("td => td.getBoundingClientRect().left")
        assert left >= 0, f"the example column scrolled away ({left} px)"
    finally:
        context.close()


def test_the_404_page_is_styled_when_the_site_is_served_under_another_path(browser, built, tmp_path):
    """The reviewer's case: the site under /guide/ of some host, a missing page answered with 404.html."""
    site, _ = built
    (tmp_path / "guide").symlink_to(site, target_is_directory=True)
    handler = functools.partial(Quiet, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    context, tab = new_tab(browser, VIEWPORTS["desktop"])
    try:
        visit(tab, f"http://127.0.0.1:{httpd.server_address[1]}/guide/404.html")
        header = tab.evaluate("() => getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        assert header not in ("rgba(0, 0, 0, 0)", "transparent"), "404.html is unstyled: its stylesheet did not load"
        assert tab.locator("h1").inner_text() == "404：页面不存在"
    finally:
        context.close()
        httpd.shutdown()
