"""The publish gate on real builds: small sites in temp dirs, verified, then built with the project's mkdocs.yml and hook.

Security review 1, 2, 5, 7, 8, 9 (hook size), 12: each build here must fail with a one-line reason,
or publish exactly the verified text.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from k8sdoctest.cli import main

from .helpers import ROOT

FRONT = '---\ntitle: T\ndescription: d\nk8s: "1.31-1.37"\n---\n\n# T\n\n'
GOOD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n"
BAD_FIELD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nbogus: 1\n"


def project(tmp_path: Path, page: str, snippets: dict[str, str]) -> Path:
    """A one-page copy of the project: the real mkdocs.yml (nav trimmed) and hook, the given page and snippets."""
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "jieba-user-dict.txt", root)
    shutil.copy(ROOT / "search-synonyms.yaml", root)
    shutil.copytree(ROOT / "overrides", root / "overrides")
    (root / "snippets").mkdir()
    shutil.copy(ROOT / "snippets" / "_glossary.md", root / "snippets")
    nav = "nav:\n  - 页面: index.md\n  - 兼容性矩阵: compatibility.md\n"
    config = re.sub(r"^nav:\n(?:  - .*\n)+", nav, (ROOT / "mkdocs.yml").read_text(), flags=re.MULTILINE)
    (root / "mkdocs.yml").write_text(config)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(FRONT + page)
    for name, text in snippets.items():
        (root / "snippets" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "snippets" / name).write_text(text)
    return root


def verify(root: Path) -> Path:
    report = root / "build" / "verification.json"
    main(["verify", str(root / "docs"), "--root", str(root), "--report", str(report)])
    return report


def build(root: Path, report: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", K8SDOCTEST_REPORT=str(report or root / "build" / "verification.json"),
               PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "site")],
                          cwd=root, capture_output=True, text=True, env=env, timeout=300)


def refused(proc: subprocess.CompletedProcess[str], reason: str) -> None:
    assert proc.returncode != 0, proc.stderr
    assert reason in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr


def edit_report(report: Path, change) -> None:
    data = json.loads(report.read_text())
    change(data["blocks"])
    report.write_text(json.dumps(data))


def test_a_verified_page_builds_and_its_download_is_the_verified_text(tmp_path):
    root = project(tmp_path, '```yaml\n--8<-- "a.yaml"\n```\n', {"a.yaml": GOOD})
    proc = build(root, verify(root))
    assert proc.returncode == 0, proc.stderr
    assert (root / "site" / "snippets" / "a.yaml").read_text() == GOOD


def test_hand_edited_report_cannot_publish_a_failed_block(tmp_path):
    root = project(tmp_path, '```yaml\n--8<-- "a.yaml"\n```\n', {"a.yaml": BAD_FIELD})
    report = verify(root)
    edit_report(report, lambda blocks: [b.update(status="verified", summary="ok") for b in blocks])
    refused(build(root, report), "docs/index.md:9: block failed verification")


def test_stale_snippet_fails_the_build(tmp_path):
    root = project(tmp_path, '```yaml\n--8<-- "a.yaml"\n```\n', {"a.yaml": GOOD})
    report = verify(root)
    (root / "snippets" / "a.yaml").write_text(GOOD.replace("k: v", "k: w"))
    refused(build(root, report), "docs/index.md:9: block is stale or unverified")


def test_edited_nested_include_fails_the_build(tmp_path):
    root = project(tmp_path, '```bash\n--8<-- "outer.sh"\n```\n', {"outer.sh": 'cat <<EOF\n--8<-- "inner.txt"\nEOF\n', "inner.txt": "hello\n"})
    report = verify(root)
    assert build(root, report).returncode == 0
    (root / "snippets" / "inner.txt").write_text("hello $(rm -rf ~)\n")
    refused(build(root, report), "docs/index.md:9: block is stale or unverified")


def test_identical_block_with_a_skip_does_not_publish_the_failing_one(tmp_path):
    page = '```yaml\n--8<-- "a.yaml"\n```\n\n<!-- k8sdoctest: skip="schema: x" -->\n```yaml\n--8<-- "a.yaml"\n```\n'
    root = project(tmp_path, page, {"a.yaml": BAD_FIELD})
    refused(build(root, verify(root)), "docs/index.md:9: block failed verification")


@pytest.mark.parametrize("include", ["--8<-- 'bad.sh'", "--8<--\nbad.sh\n--8<--"])
def test_include_forms_the_verifier_once_missed_are_verified(tmp_path, include):
    """Security review 2: single quotes and the block form were left as text by the verifier but expanded by MkDocs."""
    root = project(tmp_path, f"```bash\n{include}\n```\n", {"bad.sh": "if then fi\n"})
    report = verify(root)
    data = json.loads(report.read_text())
    assert data["blocks"][0]["includes"] == ["snippets/bad.sh"] and data["blocks"][0]["status"] == "failed"
    edit_report(report, lambda blocks: [b.update(status="verified") for b in blocks])
    refused(build(root, report), "docs/index.md:9: block failed verification")


def test_top_level_include_of_markdown_is_refused(tmp_path):
    root = project(tmp_path, 'text\n\n--8<-- "frag.md"\n', {"frag.md": "```bash\nrm -rf /\n```\n"})
    refused(build(root, verify(root)), "an include outside a yaml/bash/json code block is not verified")


def test_a_text_block_cannot_publish_a_file_outside_snippets(tmp_path):
    """Security review 5: `base_path: [snippets, .]` let an untested text block publish .git/config (the CI token)."""
    root = project(tmp_path, '```yaml\n--8<-- "a.yaml"\n```\n\n```text\n--8<-- ".git/config"\n```\n', {"a.yaml": GOOD})
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[http]\n  extraheader = AUTHORIZATION: basic TOKEN-123\n")
    proc = build(root, verify(root))
    assert proc.returncode != 0
    assert not any("TOKEN-123" in p.read_text(errors="replace") for p in (root / "site").rglob("*") if p.is_file())


def test_symlinks_under_snippets_are_never_published(tmp_path):
    root = project(tmp_path, '```yaml\n--8<-- "a.yaml"\n```\n', {"a.yaml": GOOD})
    (root / "secret.txt").write_text("TOKEN-123\n")
    os.symlink(root / "secret.txt", root / "snippets" / "env")
    os.symlink(root, root / "snippets" / "all")
    proc = build(root, verify(root))
    assert proc.returncode == 0, proc.stderr
    published = sorted(p.relative_to(root / "site" / "snippets").as_posix() for p in (root / "site" / "snippets").rglob("*"))
    assert published == ["a.yaml"]


def test_a_symlinked_snippet_does_not_render(tmp_path):
    root = project(tmp_path, '```yaml\n--8<-- "leak.yaml"\n```\n', {})
    (root / "secret.yaml").write_text(GOOD)
    (root / "snippets").mkdir(exist_ok=True)
    os.symlink(root / "secret.yaml", root / "snippets" / "leak.yaml")
    refused(build(root, verify(root)), "symlinks are never followed")


def test_a_section_download_serves_only_the_section(tmp_path):
    snippet = "# --8<-- [start:one]\n" + GOOD + "# --8<-- [end:one]\n---\nunverified: true\n"
    root = project(tmp_path, '```yaml\n--8<-- "a.yaml:one"\n```\n', {"a.yaml": snippet})
    proc = build(root, verify(root))
    assert proc.returncode == 0, proc.stderr
    assert (root / "site" / "snippets" / "a.one.yaml").read_text() == GOOD
    assert not (root / "site" / "snippets" / "a.yaml").exists()
    assert 'href="snippets/a.one.yaml" download' in (root / "site" / "index.html").read_text()


def test_trailing_blank_include_cannot_leak_through_expect_invalid(tmp_path):
    """Security review 5: the verifier read a host file MkDocs left as text; its first characters reached the badge."""
    secret = tmp_path / "token.txt"
    secret.write_text("TOKEN-123\n")
    page = f'<!-- k8sdoctest: expect=invalid match="scalar" reason="x" -->\n```yaml\n--8<-- "{secret}" \n```\n'
    root = project(tmp_path, page, {"a.yaml": GOOD})
    proc = build(root, verify(root))
    refused(proc, "looks like an include")
    assert "TOKEN-123" not in (root / "build" / "verification.json").read_text()


@pytest.mark.parametrize(("content", "reason"), [
    ('{"schema": 2, "blocks": [{"page": "docs/index.md", "sha256": "x", "status": "bogus", "line": 9, "checks": [], "not_run": []}]}',
     "unknown status 'bogus'"),
    ('{"schema": 2, "blo', "not valid JSON"),
    ("", "not valid JSON"),
    ("\udcff\udcfe{}", "not valid JSON"),
])
def test_a_corrupt_report_fails_with_one_line(tmp_path, content, reason):
    root = project(tmp_path, '```yaml\n--8<-- "a.yaml"\n```\n', {"a.yaml": GOOD})
    report = tmp_path / "r.json"
    report.write_bytes(content.encode("utf-8", "surrogateescape"))
    refused(build(root, report), reason)


def test_a_page_over_the_size_limit_is_refused_quickly(tmp_path):
    root = project(tmp_path, "x\n" * 1_200_000, {})
    (root / "build").mkdir()
    (root / "build" / "verification.json").write_text('{"schema": 2, "blocks": []}')
    proc = build(root)
    refused(proc, "over the 2 MB limit")


def test_a_text_the_renderer_changes_fails_the_build(tmp_path):
    """By construction: Markdown expands tabs, so a `<<-` heredoc a reader copies is not the verified script."""
    root = project(tmp_path, '```bash\n--8<-- "t.sh"\n```\n', {"t.sh": "cat <<-EOF\n\thello\n\tEOF\n"})
    refused(build(root, verify(root)), "docs/index.md:9: the rendered bash block is not the text that was verified: line 2 is '    hello'")


def test_a_code_block_the_verifier_did_not_see_fails_the_build(tmp_path):
    """An indented code block (or any block an extension adds) has no verified text."""
    root = project(tmp_path, '```yaml\n--8<-- "a.yaml"\n```\n\ntext\n\n    kubectl delete ns --all\n', {"a.yaml": GOOD})
    refused(build(root, verify(root)), "docs/index.md: 2 code blocks rendered but 1 fences in the source")
