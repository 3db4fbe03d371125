from k8sdoctest import versions
from k8sdoctest.checks import deprecations

from .helpers import run_check, yaml_block


def run(text, k8s=versions.ALL):
    return yaml_block(text, k8s), run_check("deprecations", text, k8s)


def test_every_rule_has_a_source_and_a_replacement():
    for group in deprecations.rules().values():
        for rule in group:
            assert rule["source"].startswith("https://") and rule["replacement"]


def test_annotation_warning_points_at_its_line():
    text = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\n  annotations:\n    kubernetes.io/ingress.class: nginx\n"
    block, result = run(text)
    (finding,) = result.findings
    assert finding.level == "warning" and "spec.ingressClassName" in finding.message
    assert block.where(finding.line) == "x.yaml:6"


def test_claimed_range_decides_warning_or_nothing():
    endpoints = "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: e\n"
    _, old = run(endpoints, versions.parse_range("1.25-1.32"))
    _, new = run(endpoints, versions.parse_range("1.25-1.33"))
    assert old.findings == () and new.findings[0].level == "warning" and "EndpointSlice" in new.findings[0].message


def test_removed_field_is_an_error():
    _, result = run("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  topologyKeys: ['*']\n")
    assert result.status == "failed" and "removed in 1.22" in result.message


def test_kube_proxy_ipvs_inside_a_configmap():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kube-proxy\ndata:\n  config.conf: |\n    kind: KubeProxyConfiguration\n    mode: ipvs\n"
    _, result = run(text, versions.parse_range("1.30-1.36"))
    assert "nftables" in result.findings[0].message
    _, older = run(text, versions.parse_range("1.30-1.34"))
    assert older.findings == ()
