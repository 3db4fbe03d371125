"""MkDocs hook: a badge beside each tested code block, from build/verification.json.

The build fails when a block is missing from the report (unverified or edited since:
stale) or failed. Badges never say more than the report holds.
"""

from __future__ import annotations

import os
from pathlib import Path

from k8sdoctest.site import publish
from k8sdoctest.site.gate import Gate, too_large
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from k8sdoctest import badges, report, settings
from k8sdoctest.source import markdown as page_source

ROOT = Path(__file__).resolve().parent.parent
_index: dict = {}
_report: dict = {}
_problems: list[str] = []
_gate: list[Gate] = []  # the publish gate of this build (k8sdoctest/site/gate.py)


def report_path() -> Path:
    return Path(os.environ.get("K8SDOCTEST_REPORT", ROOT / "build" / "verification.json"))


def on_config(config):
    path = report_path()
    if not path.is_file():
        raise PluginError(f"no verification report at {path}: run `make verify` before building the site")
    _report.clear()
    try:
        _report.update(report.read(path))
    except report.ReportError as exc:
        raise PluginError(str(exc)) from None
    _index.clear()
    _index.update(badges.index(_report))
    _problems.clear()
    _gate[:] = [Gate(settings.from_environment(ROOT), _report)]
    return config


def on_page_read_source(page, config):
    if problem := too_large(Path(page.file.abs_src_path or ""), f"docs/{page.file.src_uri}"):
        raise PluginError(problem)


def on_files(files, config):
    """The compatibility matrix is generated from the report, never written by hand."""
    files.append(File.generated(config, "compatibility.md", content=badges.matrix(_report)))
    return files


def on_page_markdown(markdown, page, config, files):
    rel = f"docs/{page.file.src_uri}"
    # MkDocs hands us the page without its front matter: shift lines back to the file's.
    source = page.file.content_string
    offset = source.count("\n") - markdown.count("\n")
    up = "../" * page.url.count("/")
    insert: list[tuple[int, str, int]] = []
    parsed, regions = page_source.read(markdown, rel, ROOT)
    for region, block in zip(regions, parsed.blocks, strict=True):
        path = _gate[0].download(rel, source, block.line + offset)
        download = f"{up}{path}" if path else None
        result = badges.verdict(_index.get((rel, block.sha256)), rel, block.line + offset, download)
        if not result.ok:
            _problems.append(result.problem)
            continue
        insert.append((region.start, result.badge, region.lexemes["indent"]))
    for start, badge, indent in sorted(insert, reverse=True):
        line_start = markdown.rfind("\n", 0, start) + 1
        markdown = f"{markdown[:line_start]}{' ' * indent}{badge}\n\n{markdown[line_start:]}"
    return markdown


def on_page_content(html, page, config, files):
    """The gate checks what MkDocs rendered: every code block must be a text verified in this build."""
    _gate[0].content(f"docs/{page.file.src_uri}", page.file.content_string, html, page.url)
    return html


def on_post_build(config):
    problems = list(dict.fromkeys([*_problems, *_gate[0].problems]))
    if problems:
        raise PluginError("refusing to publish unverified blocks:\n  " + "\n  ".join(problems))
    # Each badge links to the exact text it verified (a section's link serves only that section).
    publish.write(Path(config["site_dir"]), _gate[0].downloads)
