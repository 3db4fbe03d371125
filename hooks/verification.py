"""MkDocs hook: wires the publish gate and the badges into the build (the logic lives in k8sdoctest.site and badges).

The build fails when a rendered code block is not a text verified in this build (the gate recomputes the static
verdict; the report only supplies live results), or when a block failed. Badges never say more than the report holds.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from k8sdoctest import badges, report, settings
from k8sdoctest.site import publish
from k8sdoctest.site.gate import Gate, too_large
from k8sdoctest.source import markdown as page_source

ROOT = Path(__file__).resolve().parent.parent
_index: dict = {}
_report: dict = {}
_problems: list[str] = []
_gate: list[Gate] = []  # the publish gate of this build (k8sdoctest/site/gate.py)
# Raw HTML is a block only at the top level: inside an admonition or a content tab Markdown would wrap
# a badge in <p> and run abbreviations and emoji over its text. So the Markdown gets an empty marker
# and the finished HTML gets the badge.
_slots: dict[str, list[str]] = {}
_SLOT = re.compile(r'(?:<p>)?<span class="k8sdoctest-slot" data-slot="(\d+)"(?: id="[^"]*")?></span>(?:</p>)?')


def report_path() -> Path:
    found = settings.from_environment(ROOT).report
    return found if found is not None else ROOT / "build" / "verification.json"


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
    _slots.clear()
    _gate[:] = [Gate(settings.from_environment(ROOT), _report)]
    return config


def on_page_read_source(page, config):
    if problem := too_large(Path(page.file.abs_src_path or ""), f"docs/{page.file.src_uri}"):
        raise PluginError(problem)


def on_files(files, config):
    """The compatibility matrix is generated from the report, never written by hand."""
    sections, titles = page_facts(Path(config["docs_dir"]))
    files.append(File.generated(config, "compatibility.md", content=badges.matrix(_report, sections, titles)))
    return files


def page_facts(docs: Path) -> tuple[dict[tuple[str, int], str], dict[str, str]]:
    """What the matrix needs from the pages: the section each block includes, and the page titles."""
    sections: dict[tuple[str, int], str] = {}
    titles: dict[str, str] = {}
    for block in _report.get("blocks", []):
        path = docs / block["page"].removeprefix("docs/")
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if section := badges.section_at(text, block["line"]):
            sections[(block["page"], block["line"])] = section
        if found := re.search(r"^title:\s*(.+)$", text, re.MULTILINE):
            titles[path.name] = found.group(1).strip()
    return sections, titles


def live_tier() -> str | None:
    return _report.get("tiers", {}).get("live")


def on_page_markdown(markdown, page, config, files):
    rel = f"docs/{page.file.src_uri}"
    # MkDocs hands us the page without its front matter: shift lines back to the file's.
    source = page.file.content_string
    offset = source.count("\n") - markdown.count("\n")
    up = "../" * page.url.count("/")
    insert: list[tuple[int, str, int]] = []
    verified: list[dict] = []
    parsed, regions = page_source.read(markdown, rel, ROOT)
    for region, block in zip(regions, parsed.blocks, strict=True):
        path = _gate[0].download(rel, source, block.line + offset)
        download = f"{up}{path}" if path else None
        record = _index.get((rel, block.sha256))
        result = badges.verdict(record, rel, block.line + offset, download, live_tier())
        if not result.ok:
            _problems.append(result.problem)
            continue
        verified.append(record)
        insert.append((region.start, slot(page, result.badge, badges.anchor(record)), region.lexemes["indent"]))
    # One pass from the end: the offsets of earlier blocks stay valid.
    parts, end = [], len(markdown)
    for start, marker, indent in sorted(insert, reverse=True):
        line_start = markdown.rfind("\n", 0, start) + 1
        parts.append(markdown[line_start:end])
        parts.append(f"{' ' * indent}{marker}\n\n")
        end = line_start
    parts.append(markdown[:end])
    markdown = "".join(reversed(parts))
    summary = badges.page_summary(verified, live_tier(), f"{up}compatibility/")
    return with_summary(markdown, slot(page, summary) if summary else "")


def slot(page, html: str, anchor: str | None = None) -> str:
    """An empty marker for `html`; it carries the badge's id so MkDocs' anchor check sees the matrix's links land."""
    held = _slots.setdefault(page.file.src_uri, [])
    held.append(html)
    ident = f' id="{anchor}"' if anchor else ""
    return f'<span class="k8sdoctest-slot" data-slot="{len(held) - 1}"{ident}></span>'


def with_summary(markdown: str, summary: str) -> str:
    """The page's verification summary goes right under its H1, where a reader starts."""
    if not summary:
        return markdown
    h1 = re.search(r"^# .*$", markdown, re.MULTILINE)
    at = h1.end() if h1 else 0
    return f"{markdown[:at]}\n\n{summary}\n\n{markdown[at:].lstrip(chr(10))}"


def on_page_content(html, page, config, files):
    """The gate checks what MkDocs rendered (every code block a verified text); then the badges fill their markers."""
    _gate[0].content(f"docs/{page.file.src_uri}", page.file.content_string, html, page.url)
    held = _slots.pop(page.file.src_uri, [])
    return _SLOT.sub(lambda m: held[int(m.group(1))], html)


def on_post_build(config):
    problems = list(dict.fromkeys([*_problems, *_gate[0].problems]))
    if problems:
        raise PluginError("refusing to publish unverified blocks:\n  " + "\n  ".join(problems))
    # Each badge links to the exact text it verified (a section's link serves only that section).
    publish.write(Path(config["site_dir"]), _gate[0].downloads)
