"""Security review of 2026-11-27 (/work/shared/reviews/security-review.md): where each case is tested.

 1 symlinks published ............ test_gate_site: test_symlinks_under_snippets_are_never_published, test_a_symlinked_snippet_does_not_render;
                                   test_includes: test_symlinks_at_any_depth_are_refused, test_a_fifo_is_not_read
 2 unverified text published ..... test_includes: single quotes, block form, nested, escaped, trailing blank, outside a block;
                                   test_gate_site: test_include_forms_the_verifier_once_missed_are_verified, test_top_level_include_of_markdown_is_refused,
                                   test_edited_nested_include_fails_the_build, test_stale_snippet_fails_the_build
 3 live guard checks names only .. tests/live/test_guard.py (loopback, pinned CA/server, exec users, refused_args);
                                   tests/live/test_runner_fake.py (each escape refused before running; hidden ones by the wrapper)
 4 alias bomb .................... test_manifests: test_alias_bomb_is_refused_quickly_and_small
 5 includes read host files ...... test_includes: test_includes_never_leave_snippets; test_gate_site: test_a_text_block_cannot_publish_a_file_outside_snippets,
                                   test_trailing_blank_include_cannot_leak_through_expect_invalid
 6 crashes on valid input ........ test_manifests: timestamps, binary, sets, non-string keys, 300 levels of nesting
 7 identical blocks .............. test_gate_site: test_identical_block_with_a_skip_does_not_publish_the_failing_one
 8 report trusted ................ test_gate_site: test_hand_edited_report_cannot_publish_a_failed_block, test_a_corrupt_report_fails_with_one_line
 9 quadratic cost ................ test_includes: test_many_unclosed_fences_are_linear, test_many_small_blocks_on_one_page_are_linear;
                                   test_gate_site: test_a_page_over_the_size_limit_is_refused_quickly (CEL cost: another engineer)
10 YAML read unlike kubectl ...... test_manifests: booleans, floats, base 60, base-0 integers, duplicate keys
11 report writes not atomic ...... here: test_concurrent_report_writes_never_collide_or_show_partial_json
12 section download .............. test_gate_site: test_a_section_download_serves_only_the_section
13 low ........................... test_registry: every check skipped; test_claims: BOM, 1.30, lines, malformed directives;
                                   here: suffixes, unwritable report, corrupt merge input, the 4-backtick fence
14 design review claims .......... test_claims: live: bogus, cni as a string, cni=calcio
"""

from __future__ import annotations

import threading
from pathlib import Path

from k8sdoctest import report
from k8sdoctest.cli import main

from .helpers import md_blocks

NAMESPACE = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n"


def test_concurrent_report_writes_never_collide_or_show_partial_json(tmp_path):
    """11: both writers used one temporary name: a run crashed 1 time in 25, readers saw partial JSON."""
    target = tmp_path / "verification.json"
    data = report.build([], {})
    data["blocks"] = []
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for _ in range(30):
                report.write(data, target)
        except BaseException as exc:  # noqa: BLE001 — any failure of a writer is the finding
            errors.append(exc)

    def reader() -> None:
        for _ in range(200):
            if target.exists():
                try:
                    report.read(target)
                except report.ReportError as exc:
                    errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(6)] + [threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [p.name for p in tmp_path.iterdir()] == ["verification.json"]  # no temporary file left behind


def test_upper_case_yaml_suffix_is_read_as_yaml_and_txt_is_a_finding(tmp_path, capsys):
    """13: `.YAML` and `.txt` were read as Markdown: 0 blocks, exit 0 (a false all-clear)."""
    (tmp_path / "x.YAML").write_text(NAMESPACE.replace("name: a", "name: A_bad"))
    (tmp_path / "n.txt").write_text("hello\n")
    assert main(["verify", str(tmp_path / "x.YAML"), "--root", str(tmp_path)]) == 1
    assert main(["verify", str(tmp_path / "n.txt"), "--root", str(tmp_path)]) == 1
    assert "not a file the verifier reads" in capsys.readouterr().out


def test_unwritable_report_and_corrupt_merge_input_are_one_line_errors(tmp_path, capsys):
    """13: an unwritable --report and a corrupt `merge` input gave a traceback."""
    (tmp_path / "x.yaml").write_text(NAMESPACE)
    assert main(["verify", str(tmp_path / "x.yaml"), "--root", str(tmp_path), "--report", "/proc/nope/r.json"]) == 2
    (tmp_path / "bad.json").write_text('{"schema": 2, "blo')
    assert main(["merge", str(tmp_path / "bad.json"), "--output", str(tmp_path / "o.json")]) == 2
    err = capsys.readouterr().err
    assert "cannot write the report" in err and "not valid JSON" in err and "Traceback" not in err


def test_the_example_inside_a_four_backtick_fence_is_not_a_block():
    """13: a ```` fence showing a ``` example: the inner example was verified as if it were real."""
    blocks = md_blocks("````markdown\n```yaml\nkind: A\n```\n````\n\n```yaml\nkind: B\n```\n")
    assert [b.text for b in blocks] == ["kind: B"]


def test_security_review_index_names_real_tests():
    """The index above stays true: every test it names exists."""
    import re

    here = Path(__file__).parent
    text = "\n".join(p.read_text() for p in [*here.glob("test_*.py"), *here.glob("live/test_*.py")])
    for name in re.findall(r"\btest_\w+", __doc__ or ""):
        assert f"def {name}" in text or (here / f"{name}.py").exists() or (here / "live" / f"{name}.py").exists(), name
