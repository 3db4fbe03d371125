from k8sdoctest import report

from .helpers import verify, yaml_block


def test_report_records_checks_versions_and_what_did_not_run(tmp_path):
    result = verify(yaml_block("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n", ("1.30", "1.31")))
    data = report.build([result], {"live": "no Docker engine: live tier skipped"})
    report.write(data, tmp_path / "r.json")
    (block,) = report.read(tmp_path / "r.json")["blocks"]
    schema = next(c for c in block["checks"] if c["name"] == "schema")
    assert schema["versions"] == ["1.30", "1.31"] and schema["accepted"] == ["1.30", "1.31"]
    assert {"check": "live", "reason": "no Docker engine: live tier skipped"} in block["not_run"]
    assert data["tiers"]["live"].startswith("not run")


def test_expected_invalid_passes_only_for_its_reason():
    text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  topologyKeys: ['*']\n"
    block = yaml_block(text)
    block.meta.expect, block.meta.match, block.meta.reason = "invalid", "topologyKeys", "removed in 1.22"
    assert verify(block).status == "expected-invalid"
    block.meta.match = "somethingElse"
    failed = verify(block)
    assert failed.status == "failed" and "expected a finding containing" in failed.summary


def test_expected_invalid_fails_when_the_block_is_valid():
    block = yaml_block("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n")
    block.meta.expect, block.meta.match, block.meta.reason = "invalid", "x", "y"
    assert verify(block).status == "failed"
