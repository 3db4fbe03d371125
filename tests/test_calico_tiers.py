from pathlib import Path

from .helpers import run_check

ROOT = Path(__file__).resolve().parent.parent

# The audit's H2: the guide's GlobalNetworkPolicy before the fix (no tier, so `default`; order 100; egress Pass).
ORIGINAL = """apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: deny-cloud-metadata
spec:
  order: 100
  selector: all()
  types:
    - Egress
  egress:
    - action: Deny
      protocol: TCP
      destination:
        nets:
          - 169.254.169.254/32
    - action: Pass
"""


def test_pass_in_the_default_tier_is_the_audits_bypass():
    result = run_check("calico-tiers", ORIGINAL)
    (finding,) = result.findings
    assert result.status == "failed" and finding.line == 15
    assert "egress[1]" in finding.message and "order 1000" in finding.message and "conversion.go" in finding.message


def test_tier_default_written_out_and_the_crd_group_are_the_same_policy():
    text = ORIGINAL.replace("projectcalico.org/v3", "crd.projectcalico.org/v1").replace("  order: 100\n", "  tier: default\n")
    result = run_check("calico-tiers", text)
    assert result.status == "failed" and "end-of-tier deny" in result.findings[0].message


def test_pass_in_its_own_tier_passes():
    text = ORIGINAL.replace("  order: 100\n", "  tier: security\n  order: 100\n").replace("name: deny", "name: security.deny")
    assert run_check("calico-tiers", text).status == "passed"


def test_the_guides_fixed_policy_passes():
    text = (ROOT / "snippets/cni/calico-global-policy.yaml").read_text()
    assert run_check("calico-tiers", text).status == "passed"


def test_deny_and_allow_in_the_default_tier_are_fine():
    assert run_check("calico-tiers", ORIGINAL.replace("action: Pass", "action: Allow")).status == "passed"
