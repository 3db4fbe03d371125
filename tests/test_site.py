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
        # mermaid is never a <script> of the page: the loader fetches it only where a diagram is
        assert "mermaid-loader.js" in html and 'src="javascripts/mermaid.min.js"' not in html, page.name


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
        if rel.startswith("_"):
            continue  # site furniture (the glossary auto-appended to every page), not an example
        assert f'"{rel}' in text, f"snippets/{rel} is not included by any page"


def test_front_matter_on_every_page():
    for page in PAGES:
        head = page.read_text().split("---")[1]
        for key in ("title:", "description:", "k8s:"):
            assert key in head, f"{page.name}: front matter has no {key}"


def test_h1_and_front_matter_title_match_the_nav_title():
    """A reader who clicks a nav entry lands on a page with the same name (issue 12)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, tag, node: None)  # !ENV, !!python/name: not needed here
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader)["nav"]
    titles = {path: title for entry in nav for title, path in entry.items()}
    for page in PAGES:
        text = page.read_text()
        h1 = re.search(r"^# (.+?)(?: \{#[^}]+\})?$", text, re.MULTILINE).group(1)
        title = re.search(r"^title: (.+)$", text, re.MULTILINE).group(1)
        assert h1 == title == titles[page.name], f"{page.name}: H1 {h1!r}, title {title!r}, nav {titles[page.name]!r}"


def test_every_tested_block_has_a_badge_and_no_live_claim(built, fresh_report):
    site, _ = built
    data = report.read(fresh_report)
    html = "".join(p.read_text() for p in site.rglob("index.html"))
    assert html.count('class="k8sdoctest-badge"') == len(data["blocks"])
    assert "集群验证：通过" not in html  # the live tier did not run: no live claim
    assert "集群验证：未在集群中运行（本次构建没有 Docker）" in html
    assert "no Docker engine" not in html  # internal reasons never reach the page
    assert (site / "snippets" / "services" / "clusterip.yaml").read_bytes() == (ROOT / "snippets/services/clusterip.yaml").read_bytes()


def test_badges_are_whole_blocks_untouched_by_markdown(built):
    """Badges replace empty markers in the finished HTML: never wrapped in <p>, never given abbreviations."""
    site, _ = built
    html = "".join(p.read_text() for p in site.rglob("index.html"))
    assert "k8sdoctest-slot" not in html
    assert "<p><div class=\"k8sdoctest-badge\"" not in html
    for badge in re.findall(r'<div class="k8sdoctest-badge".*?</details>', html):
        assert "<abbr" not in badge


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
    blocks = report.read(fresh_report)["blocks"]
    links = re.findall(r'<td><a href="\.\./([\w-]+)/#(example-\d+)">', html)
    assert len(links) == len(blocks)
    assert sorted(links) == sorted((b["page"].removeprefix("docs/").removesuffix(".md"), f"example-{b['line']}") for b in blocks)
    assert "production.yaml（default-deny）" in html and "production.yaml（dns）" in html  # sections of one file told apart
    assert "未运行" in html


EMOJI = re.compile("[\u2600-\u26ff\u2705\u274c\u2b50\ufe0f\U0001f300-\U0001faff]")


def test_badges_and_matrix_use_no_emoji(built):
    site, _ = built
    badges_html = "".join(re.findall(r'<div class="k8sdoctest-badge".*?</div>', "".join(p.read_text() for p in site.rglob("index.html"))))
    assert badges_html and not EMOJI.search(badges_html)
    assert not EMOJI.search((site / "compatibility" / "index.html").read_text().split('<div class="md-content"')[1])


def test_pages_show_icons_and_words_not_emoji(built):
    """✅/❌ in the Markdown become Material SVG icons with 是/否: readable without a colour emoji font."""
    site, _ = built
    for html_file in site.rglob("index.html"):
        assert not re.search("[✅❌]", html_file.read_text()), html_file
    table = (site / "network-policy" / "index.html").read_text()
    assert '<span class="twemoji k8s-icon k8s-icon--no"><svg' in table and '<span class="k8s-icon__word">否</span>' in table


def test_every_page_has_a_summary_prerequisites_and_whats_next(built):
    site, _ = built
    for page in PAGES:
        html = (site / ("index.html" if page.stem == "index" else f"{page.stem}/index.html")).read_text()
        body = html.split('<article class="md-content__inner md-typeset">')[1]
        assert '<p class="admonition-title">准备开始</p>' in body[:6000], page.name
        assert re.search(r"Kubernetes[^<]{0,20}1\.\d+", body.split("准备开始")[1][:800]), page.name
        assert 'id="whats-next"' in body, page.name
        if page.stem not in ("index", "checklist"):
            assert '<p class="k8sdoctest-summary"' in body[:3000], page.name


def test_material_conventions(built):
    """Palette toggle, previous/next footer, last-updated date from git, no placeholder site_url."""
    site, _ = built
    html = (site / "services" / "index.html").read_text()
    assert 'data-md-component="palette"' in html and 'data-md-color-scheme="slate"' in html
    assert "md-footer__link--prev" in html and "md-footer__link--next" in html
    assert "git-revision-date-localized-plugin-date" in html
    assert "example.invalid" not in "".join(p.read_text() for p in site.rglob("*.html"))


def test_edit_link_when_a_repository_is_configured(tmp_path, fresh_report, monkeypatch):
    monkeypatch.setenv("REPO_URL", "https://git.example.org/guide/")
    monkeypatch.setenv("EDIT_URI", "edit/main/docs/")
    proc = mkdocs_build(tmp_path / "site", fresh_report)
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "site" / "services" / "index.html").read_text()
    assert 'href="https://git.example.org/guide/edit/main/docs/services.md"' in html


def test_glossary_tooltips_leave_code_blocks_alone(built):
    site, _ = built
    html = (site / "cni" / "index.html").read_text()
    assert '<abbr title="容器网络接口' in html
    for code in re.findall(r"<code>.*?</code>", html, re.DOTALL):
        assert "<abbr" not in code


def test_emoji_become_icons_in_prose_but_not_in_code():
    from hooks import reader

    html = reader.emoji_as_icons("<li>✅ 启用</li><td>❌</td><pre><code>echo ✅</code></pre>")
    assert html.count("<svg") == 2 and "echo ✅" in html
    assert '<li><span class="twemoji k8s-icon k8s-icon--yes" aria-hidden="true">' in html  # a bullet: icon only
    assert '<span class="k8s-icon__word">否</span>' in html


def test_search_synonyms_add_one_entry_per_page_that_uses_the_term():
    from hooks import reader

    z = reader.ZWSP
    docs = [{"location": "np/", "title": "网络策略", "text": ""},
            {"location": "np/#a", "title": "A", "text": f"名字{z}空间 与 名字空间"},
            {"location": "np/#b", "title": "B", "text": "名字空间"},
            {"location": "svc/", "title": "Service", "text": "无关"}]
    extra = reader.synonym_docs(docs, {"命名空间": "名字空间"})
    assert [d["location"] for d in extra] == ["np/?q=命名空间"]
    assert f"{z}命名空间{z}" in extra[0]["title"] and extra[0]["title"].endswith("：网络策略")
