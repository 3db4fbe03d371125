"""The site builds strictly, offline, and every runnable example is an included snippet file."""

import re

from k8sdoctest import report
from k8sdoctest.source.markdown import LEXER, language_of
from k8sdoctest.source.pages import iter_blocks

from .conftest import mkdocs_build
from .helpers import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))


def test_strict_build_has_no_warning(built):
    _, log = built
    assert not re.search(r"^WARNING", log, re.MULTILINE), log


def test_every_page_is_built_and_loads_nothing_from_other_hosts(built):
    site, _ = built
    for page in PAGES:
        html_path = site / ("index.html" if page.stem == "index" else f"{page.stem}/index.html")
        html = html_path.read_text()
        assert "fonts.googleapis" not in html and "unpkg.com" not in html, page.name
        assert re.findall(r'<script[^>]+src="https?://', html) == [], page.name
        assert "mermaid.min.js" in html


def test_every_fence_has_a_language():
    from sybil import Document

    for page in PAGES:
        doc = Document(page.read_text(), str(page))
        for region in LEXER(doc):
            line = doc.text.count("\n", 0, region.start) + 1
            assert language_of(region.lexemes["info"]), f"{page.name}:{line}: fence without a language"


def test_every_runnable_example_is_an_included_snippet():
    for block in iter_blocks([DOCS], ROOT):
        assert block.included, f"{block.ident}: inline {block.language} block: move it to snippets/ and include it"


def test_every_snippet_is_used_by_a_page():
    text = "".join(p.read_text() for p in PAGES)
    for snippet in (ROOT / "snippets").rglob("*.*"):
        rel = snippet.relative_to(ROOT / "snippets").as_posix()
        assert f'"{rel}' in text, f"snippets/{rel} is not included by any page"


def test_front_matter_on_every_page():
    for page in PAGES:
        head = page.read_text().split("---")[1]
        for key in ("title:", "description:", "k8s:"):
            assert key in head, f"{page.name}: front matter has no {key}"


def test_every_tested_block_has_a_badge_and_no_live_claim(built, fresh_report):
    site, _ = built
    data = report.read(fresh_report)
    html = "".join(p.read_text() for p in site.rglob("index.html"))
    assert html.count('class="k8sdoctest-badge"') == len(data["blocks"])
    assert "kind+" not in html  # the live tier did not run: no live badge
    assert "集群测试未运行" in html
    assert (site / "snippets" / "services" / "clusterip.yaml").read_bytes() == (ROOT / "snippets/services/clusterip.yaml").read_bytes()


def test_stale_block_fails_the_build(tmp_path, fresh_report):
    data = report.read(fresh_report)
    target = next(b for b in data["blocks"] if b["page"] == "docs/services.md")
    target["sha256"] = "0" * 64  # the page's text no longer matches what was verified
    stale = tmp_path / "stale.json"
    report.write(data, stale)
    proc = mkdocs_build(tmp_path / "site", stale)
    assert proc.returncode != 0
    assert f"docs/services.md:{target['line']}: block is stale or unverified" in proc.stderr


def test_failing_block_fails_the_build(tmp_path, fresh_report):
    data = report.read(fresh_report)
    target = next(b for b in data["blocks"] if b["page"] == "docs/dns.md")
    target["status"], target["summary"] = "failed", "spec: bad field"
    failing = tmp_path / "failing.json"
    report.write(data, failing)
    proc = mkdocs_build(tmp_path / "site", failing)
    assert proc.returncode != 0
    assert f"docs/dns.md:{target['line']}: block failed verification: spec: bad field" in proc.stderr


def test_missing_report_fails_the_build(tmp_path):
    proc = mkdocs_build(tmp_path / "site", tmp_path / "none.json")
    assert proc.returncode != 0 and "run `make verify`" in proc.stderr


def test_compatibility_matrix_is_generated_from_the_report(built, fresh_report):
    site, _ = built
    html = (site / "compatibility" / "index.html").read_text()
    assert html.count("<tr>") == len(report.read(fresh_report)["blocks"]) + 1
    assert "未运行" in html
