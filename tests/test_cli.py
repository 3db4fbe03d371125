import json

import pytest

from k8sdoctest.cli import main

from .helpers import ROOT


def run(capsys, *args):
    code = main(["verify", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_docs_verify_and_exit_zero(capsys):
    code, _, err = run(capsys, ROOT / "docs", "--root", ROOT)
    assert code == 0, err


def test_usage_errors_exit_two(capsys, tmp_path):
    assert main(["verify", str(tmp_path / "missing.md")]) == 2
    assert main(["verify", str(tmp_path), "--k8s", "1.99"]) == 2
    assert main(["verify"]) == 2
    assert main(["verify", str(tmp_path), "--crds", str(tmp_path / "nope")]) == 2


def test_text_output_is_file_line_level_message(capsys, tmp_path):
    page = tmp_path / "p.md"
    page.write_text("# t\n\n```yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  topologyKeys: ['*']\n  ports: [{port: 80}]\n```\n")
    code, out, _ = run(capsys, page, "--root", tmp_path, "--k8s", "1.32")
    assert code == 1
    schema_line, deprecation_line = out.splitlines()
    assert schema_line == "p.md:9: error: [schema] spec: Additional properties are not allowed ('topologyKeys' was unexpected) [Kubernetes 1.32]"
    assert deprecation_line.startswith("p.md:9: error: [deprecations] Service field spec.topologyKeys is removed in 1.22")


def test_json_output_has_the_report_structure(capsys, tmp_path):
    (tmp_path / "s.yaml").write_text("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns1\n")
    code, out, _ = run(capsys, tmp_path / "s.yaml", "--root", tmp_path, "--format", "json", "--k8s", "1.30-1.31")
    report = json.loads(out)
    (block,) = report["blocks"]
    assert code == 0 and block["status"] == "verified" and block["k8s"] == ["1.30", "1.31"]
    assert {"check": "live", "reason": block["not_run"][0]["reason"]} in block["not_run"]
    assert len(block["sha256"]) == 64


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("latin1.md", "caf\xe9\n".encode("latin-1"), "not UTF-8"),
        ("empty.yaml", b"", "empty file"),
        ("big.yaml", b"a: b\n" * (3 * 1024 * 1024 // 5), "MB limit"),
        ("open.md", b"```yaml\na: 1\n", "never closed"),
        ("inc.md", b'```yaml\n--8<-- "missing.yaml"\n```\n', "does not exist"),
        ("tab.yaml", b"apiVersion: v1\nkind: A\nmetadata:\n\tname: x\n", "tab"),
        ("list.yaml", b"- 1\n- 2\n", "is a list"),
        ("nometa.yaml", b"apiVersion: v1\nkind: Service\nspec: {}\n", "no metadata.name"),
    ],
)
def test_bad_input_is_a_finding_not_a_traceback(capsys, tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.yaml").write_text("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns1\n")
    code, out, _ = run(capsys, tmp_path, "--root", tmp_path)
    assert code == 1
    line = next(line for line in out.splitlines() if message in line)
    assert line.startswith(name + ":")
    assert "good.yaml" not in out  # the rest of the run went on and passed


def test_snippet_files_carry_no_directives():
    """What a reader copies or downloads is the verified text: claims live in the pages (issue 12 item 2)."""
    from k8sdoctest.source.claims import FILE_DIRECTIVE

    for path in (ROOT / "snippets").rglob("*.*"):
        assert not FILE_DIRECTIVE.search(path.read_text()), f"{path}: move the # k8sdoctest: line into the page"
