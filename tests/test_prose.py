"""Chinese typography, glossary and Markdown lint of the guide (docs/, snippets/, README)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .helpers import ROOT

autocorrect = pytest.importorskip("autocorrect_py", reason="autocorrect-py is not installed (pip install -e '.[test]')")

FILES = sorted([*ROOT.glob("docs/*.md"), *ROOT.glob("snippets/*/*"), ROOT / "README.md"])
FENCE = re.compile(r"^\s*(```|~~~)")


def prose_lines(path: Path):
    """(line number, text) of the lines outside fenced code and inline code."""
    inside = False
    for number, line in enumerate(path.read_text().split("\n"), start=1):
        if FENCE.match(line):
            inside = not inside
            continue
        if not inside:
            yield number, re.sub(r"`[^`]*`", "", line)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_cjk_spacing_and_full_width_punctuation(path):
    kind = {"md": "md", "yaml": "yaml", "sh": "sh"}[path.suffix.lstrip(".")]
    result = autocorrect.lint_for(path.read_text(), kind)
    problems = [f"{path.relative_to(ROOT)}:{r.line}: {r.old.strip()!r} -> {r.new.strip()!r}" for r in result.lines]
    assert not problems, "\n".join(problems)


def test_glossary_terms_as_kubernetes_io_zh_cn_uses_them():
    glossary = yaml.safe_load((ROOT / "glossary.yaml").read_text())
    problems = [
        f"{path.relative_to(ROOT)}:{number}: {wrong!r} -> {right!r}"
        for path in FILES if path.suffix == ".md"
        for number, line in prose_lines(path)
        for wrong, right in glossary.items() if wrong in line
    ]
    assert not problems, "\n".join(problems)


def test_glossary_check_can_fail(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("在命名空间中\n\n```yaml\n命名空间: x\n```\n")
    assert [text for _, text in prose_lines(page) if "命名空间" in text] == ["在命名空间中"]


def test_markdownlint():
    tool = ROOT / "node_modules" / ".bin" / "markdownlint-cli2"
    if not tool.exists() and shutil.which("markdownlint-cli2") is None:
        pytest.fail("markdownlint-cli2 is missing: run `npm ci` (make assets does)")
    proc = subprocess.run([str(tool)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
