from pathlib import Path

from k8sdoctest.checks import attach

from .helpers import run_check

ROOT = Path(__file__).resolve().parent.parent

# The audit's H5: step 7 of the emergency script before the fix, its output redirected to a log.
EMERGENCY = """#!/usr/bin/env bash
step() { "$@"; }
{
  kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name}{"\\n"}{end}' |
    while read -r node; do
      step "conntrack" kubectl debug "node/${node}" --profile=sysadmin --image=nicolaka/netshoot:v0.13 \\
        -- cat /proc/sys/net/netfilter/nf_conntrack_count </dev/null
    done
} > "/tmp/performance-metrics.log" 2>&1
"""
# The audit's H6: node-capture.sh before the fix, nothing redirected but `nft list` is run only to print.
CAPTURE = """NODE="${NODE:?}"
kubectl debug "node/${NODE}" --profile=sysadmin --image=nicolaka/netshoot:v0.13 -- \\
  nft list table ip kube-proxy
"""


def test_unattached_debug_whose_output_goes_to_a_log_is_the_audits_h5():
    result = run_check("attach", EMERGENCY, language="bash")
    (finding,) = result.findings
    assert result.status == "failed" and finding.line == 5
    assert "redirected to /tmp/performance-metrics.log" in finding.message and "debug.go" in finding.message


def test_unattached_debug_that_only_prints_is_the_audits_h6():
    (finding,) = run_check("attach", CAPTURE, language="bash").findings
    assert "nft list table ip kube-proxy" in finding.message and "only prints" in finding.message


def test_attach_or_stdin_fixes_it():
    for flag in ("--attach=true", "--attach", "-i", "-it", "--stdin"):
        text = EMERGENCY.replace("--profile=sysadmin", f"{flag} --profile=sysadmin")
        assert run_check("attach", text, language="bash").status == "passed", flag
    assert run_check("attach", EMERGENCY.replace("--profile", "--attach=false --profile"), language="bash").status == "failed"


def test_captured_and_piped_output():
    (captured,) = attach.findings_for('x=$(kubectl run t --image=busybox --restart=Never -- sleep 1)')[0]
    assert "captured" in captured.message
    (piped,) = attach.findings_for("kubectl debug node/a --image=busybox -- sleep 1 | grep x")[0]
    assert "piped" in piped.message


def test_rm_without_attach_is_refused_by_kubectl():
    (finding,) = attach.findings_for("kubectl run t --rm --restart=Never --image=busybox -- nslookup kubernetes")[0]
    assert "--rm should only be used for attached containers" in finding.message


def test_background_pods_and_a_later_logs_are_fine():
    assert attach.findings_for("kubectl run web --image=nginx")[0] == []
    assert attach.findings_for("kubectl debug node/a --image=busybox -- tcpdump -w /host/tmp/x.pcap")[0] == []
    assert attach.findings_for("kubectl run t --restart=Never --image=busybox -- cat /etc/resolv.conf\nkubectl logs t")[0] == []


def test_the_guides_fixed_scripts_pass():
    for name in ("operations/network-emergency-response.sh", "monitoring/node-capture.sh", "monitoring/diagnose.sh"):
        result = run_check("attach", (ROOT / "snippets" / name).read_text(), language="bash")
        assert result is not None and result.status == "passed", name
