"""The site builds strictly, offline, and every runnable example is an included snippet file."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from k8sdoctest.blocks import LEXER, language_of
from k8sdoctest.collect import iter_blocks

from .helpers import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    if not (DOCS / "javascripts" / "mermaid.min.js").is_file():
        pytest.fail("docs/javascripts/mermaid.min.js is missing: run `make assets`")
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return out, proc.stderr


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
            assert language_of(region.lexemes["info"])[0], f"{page.name}:{line}: fence without a language"


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
