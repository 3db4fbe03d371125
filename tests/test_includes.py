"""The include grammar the verifier and MkDocs agree on, and where includes may read (security review 1, 2, 5, 12)."""

from __future__ import annotations

import os
import time

import pytest

from .helpers import md_blocks, md_page


@pytest.fixture
def root(tmp_path):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "x.sh").write_text("echo x\n")
    return tmp_path


def test_single_quoted_include_is_expanded(root):
    (block,) = md_blocks("```bash\n--8<-- 'x.sh'\n```\n", root=root)
    assert block.text == "echo x" and block.included == ["snippets/x.sh"]


def test_block_form_is_expanded(root):
    (root / "snippets" / "y.sh").write_text("echo y\n")
    (block,) = md_blocks("```bash\n--8<--\nx.sh\ny.sh\n--8<--\n```\n", root=root)
    assert block.text == "echo x\n\necho y" and block.included == ["snippets/x.sh", "snippets/y.sh"]


def test_nested_include_is_expanded_and_tracked(root):
    (root / "snippets" / "outer.sh").write_text('cat <<EOF\n--8<-- "x.sh"\nEOF\n')
    (block,) = md_blocks('```bash\n--8<-- "outer.sh"\n```\n', root=root)
    assert block.text == "cat <<EOF\necho x\n\nEOF"  # the nested file's final newline stays, as pymdownx keeps it
    assert block.included == ["snippets/outer.sh", "snippets/x.sh"]  # editing x.sh makes the block stale


def test_trailing_blank_after_include_is_refused_not_left_as_text(root):
    # pymdownx does not expand it; it would publish the include line itself as unverified text
    (block,) = md_blocks('```yaml\n--8<-- "x.sh" \n```\n', root=root)
    assert any("looks like an include" in p.message for p in block.problems)


def test_escaped_include_is_text(root):
    (block,) = md_blocks('```bash\n;--8<-- "x.sh"\n```\n', root=root)
    assert block.text == '--8<-- "x.sh"' and not block.problems


def test_include_outside_a_tested_block_is_a_page_finding(root):
    page = md_page('# t\n\n--8<-- "x.sh"\n\n```text\n--8<-- "x.sh"\n```\n', root=root)
    assert [p.line for p in page.problems] == [3, 6]


@pytest.mark.parametrize("spec", ["/etc/passwd", "../secret.sh", "a/../../secret.sh", "~/.kube/config", "https://example.invalid/x.sh"])
def test_includes_never_leave_snippets(root, spec):
    (root / "secret.sh").write_text("TOKEN=abc\n")
    (block,) = md_blocks(f'```bash\n--8<-- "{spec}"\n```\n', root=root)
    assert block.problems and "TOKEN" not in block.text and "root:" not in block.text


@pytest.mark.parametrize("link", ["leak.sh", "dir/leak.sh"])
def test_symlinks_at_any_depth_are_refused(root, link):
    (root / "secret.sh").write_text("TOKEN=abc\n")
    (root / "outside").mkdir()
    (root / "outside" / "leak.sh").write_text("TOKEN=abc\n")
    if link == "leak.sh":
        os.symlink(root / "secret.sh", root / "snippets" / "leak.sh")
    else:
        os.symlink(root / "outside", root / "snippets" / "dir")
    (block,) = md_blocks(f'```bash\n--8<-- "{link}"\n```\n', root=root)
    assert "symlink" in block.problems[0].message and "TOKEN" not in block.text


def test_a_fifo_is_not_read(root):
    os.mkfifo(root / "snippets" / "pipe.sh")
    (block,) = md_blocks('```bash\n--8<-- "pipe.sh"\n```\n', root=root)
    assert "not a regular file" in block.problems[0].message


def test_an_include_loop_is_a_finding(root):
    (root / "snippets" / "loop.sh").write_text('--8<-- "loop.sh"\n')
    (block,) = md_blocks('```bash\n--8<-- "loop.sh"\n```\n', root=root)
    assert "includes itself" in block.problems[0].message


def test_section_markers_never_reach_the_text(root):
    (root / "snippets" / "s.yaml").write_text("a: 1\n# --8<-- [start:one]\nb: 2\n# --8<-- [end:one]\n")
    whole, part = md_blocks('```yaml\n--8<-- "s.yaml"\n```\n\n```yaml\n--8<-- "s.yaml:one"\n```\n', root=root)
    assert whole.text == "a: 1" + "\nb: 2" and part.text == "b: 2"


def test_many_unclosed_fences_are_linear():
    """Security review 9: 20k unclosed fences took 95 s (sybil rescans every open fence)."""
    text = "```yaml\n" * 20_000
    start = time.monotonic()
    md_page(text)
    assert time.monotonic() - start < 5


def test_many_small_blocks_on_one_page_are_linear():
    """Security review 9: 30k tiny JSON blocks took 96 s and 7.3 GB (the page was copied per block)."""
    text = "para\n\n```json\n{}\n```\n\n" * 30_000
    start = time.monotonic()
    page = md_page(text)
    assert len(page.blocks) == 30_000 and time.monotonic() - start < 10


def test_a_tab_is_a_finding_because_the_site_would_show_spaces(root):
    (root / "snippets" / "t.sh").write_text("cat <<-EOF\n\thello\n\tEOF\n")
    (block,) = md_blocks('```bash\n--8<-- "t.sh"\n```\n', root=root)
    assert block.problems[0].check == "tab" and block.where(block.problems[0].line) == "page.md:2 (snippets/t.sh:2)"
