"""The users' GitHub Actions workflow: valid against the GitHub workflow schema, and its job graph."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

from .helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "verify.yml"


def test_workflow_matches_the_github_workflow_schema():
    tool = Path(sys.executable).parent / "check-jsonschema"
    proc = subprocess.run([str(tool), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_schema_check_can_fail(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps: nope\n")
    tool = Path(sys.executable).parent / "check-jsonschema"
    proc = subprocess.run([str(tool), "--builtin-schema", "vendor.github-workflows", str(bad)], capture_output=True, text=True)
    assert proc.returncode != 0


def test_job_graph_publishes_only_after_every_verification():
    jobs = yaml.safe_load(WORKFLOW.read_text())["jobs"]
    assert set(jobs) == {"static", "live", "report", "pages"}
    assert set(jobs["pages"]["needs"]) == {"static", "live", "report"}
    assert set(jobs["report"]["needs"]) == {"static", "live"}
    matrix = jobs["live"]["strategy"]["matrix"]
    assert matrix["cni"] == ["calico", "cilium"] and matrix["node"] == ["oldest", "newest"]
    assert all("timeout-minutes" in job for job in jobs.values())


def test_workflow_make_targets_exist():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([\w-]+):", makefile, re.MULTILINE))
    used = set(re.findall(r"make ([\w-]+)", WORKFLOW.read_text()))
    assert used and used <= targets, used - targets
