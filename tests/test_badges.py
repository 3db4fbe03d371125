from k8sdoctest import badges

BLOCK = {
    "page": "docs/p.md", "sha256": "a" * 64, "status": "verified", "summary": "",
    "checks": [
        {"name": "yaml", "status": "passed", "message": "1 document parsed"},
        {"name": "schema", "status": "passed", "message": "ok", "versions": ["1.31", "1.32"], "accepted": ["1.31", "1.32"]},
        {"name": "crd", "status": "not-run", "message": "no CRD"},
    ],
    "not_run": [{"check": "crd", "reason": "no CRD"}, {"check": "live", "reason": "no Docker engine: live tier skipped"}],
}


def test_static_only_badge_says_what_did_not_run():
    v = badges.verdict(BLOCK, "docs/p.md", 3)
    assert v.ok and "仅静态验证：严格 Schema 1.31–1.32" in v.badge and "no Docker engine" in v.badge
    assert "CRD" not in v.badge.split("title=")[0] and "kind" not in v.badge
    assert "crd: 未运行 — no CRD" in v.badge  # the tooltip lists it


def test_full_badge_only_without_a_live_gap():
    block = dict(BLOCK, not_run=[])
    assert "✅ 已验证：严格 Schema 1.31–1.32" in badges.verdict(block, "docs/p.md", 3).badge


def test_missing_and_failed_blocks_cannot_publish():
    assert "stale or unverified" in badges.verdict(None, "docs/p.md", 3).problem
    failed = dict(BLOCK, status="failed", summary="boom")
    v = badges.verdict(failed, "docs/p.md", 3)
    assert not v.ok and v.problem == "docs/p.md:3: block failed verification: boom"


def test_matrix_shows_versions_from_the_report_and_never_a_live_pass():
    block = dict(BLOCK, k8s=["1.31", "1.32"], cni=["cilium"], includes=["snippets/x.yaml"], id="docs/p.md:3", line=3)
    report = {"versions": ["1.30", "1.31", "1.32"], "tiers": {"live": "not run: no Docker engine"}, "blocks": [block]}
    row = next(line for line in badges.matrix(report).split("\n") if line.startswith("| x.yaml"))
    assert row == "| x.yaml | [p.md:3](p.md) | · | ✓ | ✓ | · | 未运行 |"
    rejected = dict(block, checks=[dict(BLOCK["checks"][1], accepted=["1.32"])])
    assert "| · | ✗ | ✓ |" in badges.matrix(dict(report, blocks=[rejected]))


def test_live_results_name_cni_and_version_and_fill_the_matrix():
    live = {"name": "live", "tier": "live", "cni": "calico", "k8s": "1.37", "status": "passed", "message": "applied"}
    block = dict(BLOCK, checks=[*BLOCK["checks"], live], not_run=[], cni=["calico", "cilium"], k8s=["1.37"],
                 includes=["snippets/x.yaml"], id="docs/p.md:3", line=3)
    assert "kind+Calico 1.37" in badges.verdict(block, "docs/p.md", 3).badge
    row = next(line for line in badges.matrix({"versions": ["1.37"], "tiers": {}, "blocks": [block]}).split("\n") if line.startswith("| x.yaml"))
    assert row.endswith("| ✓ 1.37 | 未运行 |")
