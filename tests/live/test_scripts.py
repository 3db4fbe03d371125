"""Whole scripts of the guide, run on the test cluster with its kubeconfig only."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from .conftest import SNIPPETS

pytestmark = pytest.mark.live


def test_emergency_script_completes_and_reports(cluster):
    cluster.guarded()
    with tempfile.TemporaryDirectory(prefix="k8sdoctest-script-") as tmp:
        env = {**cluster.env, "HOME": tmp, "LOG_DIR": f"{tmp}/logs"}
        proc = subprocess.run(["bash", str(SNIPPETS / "operations/network-emergency-response.sh")], cwd=tmp, env=env,
                              capture_output=True, text=True, timeout=cluster.timeouts.bash * 5, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, proc.stderr[-2000:]
        report = Path(tmp, "logs", "diagnosis-report.txt").read_text()
        assert f"kind-{cluster.name}" in report and "节点数：3" in report
        # A healthy cluster has no Service without endpoints among the system ones.
        assert "kube-system/kube-dns - 无可用端点" not in Path(tmp, "logs", "service-endpoints-check.log").read_text()
