import json
from dataclasses import replace

from k8sdoctest import report

from .helpers import verify, yaml_block


def test_report_records_checks_versions_and_what_did_not_run(tmp_path):
    result = verify(yaml_block("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns1\n", ("1.30", "1.31")))
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
    block = replace(block, claims=replace(block.claims, expect="invalid", match="topologyKeys", reason="removed in 1.22"))
    assert verify(block).status == "expected-invalid"
    failed = verify(replace(block, claims=replace(block.claims, match="somethingElse")))
    assert failed.status == "failed" and "expected a finding containing" in failed.summary


def test_expected_invalid_fails_when_the_block_is_valid():
    block = yaml_block("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns1\n")
    block = replace(block, claims=replace(block.claims, expect="invalid", match="x", reason="y"))
    assert verify(block).status == "failed"


def test_merge_adds_live_results_by_sha_and_drops_the_live_gap():
    result = verify(yaml_block("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns1\n", ("1.37",)))
    static = report.build([result], {"live": "not selected"})
    live = json.loads(json.dumps(static))
    live["blocks"][0]["checks"].append({"name": "live", "tier": "live", "cni": "calico", "k8s": "1.37", "status": "passed", "message": "applied"})
    live["tiers"] = {"live:calico:1.37": "run"}
    merged = report.merge([static, live])
    (block,) = merged["blocks"]
    assert [(c["tier"], c["cni"], c["k8s"]) for c in block["checks"]][-1] == ("live", "calico", "1.37")
    assert all(n["check"] != "live" for n in block["not_run"]) and merged["tiers"]["live:calico:1.37"] == "run"
    stale = json.loads(json.dumps(live))
    stale["blocks"][0]["sha256"] = "0" * 64  # the live run saw another text: nothing is merged
    assert report.merge([static, stale])["blocks"][0]["checks"] == static["blocks"][0]["checks"]


def test_merge_marks_a_live_failure():
    result = verify(yaml_block("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns1\n", ("1.37",)))
    static = report.build([result], {})
    live = json.loads(json.dumps(static))
    live["blocks"][0]["checks"].append({"name": "live", "tier": "live", "cni": "cilium", "k8s": "1.34", "status": "failed", "message": "dry-run rejected it"})
    merged = report.merge([static, live])
    assert merged["blocks"][0]["status"] == "failed" and merged["counts"] == {"failed": 1}


def test_a_report_of_the_old_schema_is_refused_not_half_read():
    """Schema 1 packed live results into names (`live:calico:1.37`); nothing reads that form any more."""
    import pytest

    old = {"schema": 1, "blocks": [{"page": "p.md", "sha256": "0" * 64, "status": "verified", "line": 1, "checks": [], "not_run": []}]}
    with pytest.raises(report.ReportError, match="schema 2"):
        report.validate(old)
