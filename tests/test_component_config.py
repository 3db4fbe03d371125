from .helpers import verify, yaml_block

PROXY = "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: {mode}\nnftables:\n  syncPeriod: {period}\n"
KIND = """apiVersion: kind.x-k8s.io/v1alpha4
kind: Cluster
networking:
  disableDefaultCNI: true
  kubeProxyMode: {proxy}
nodes:
  - role: control-plane
  - role: {role}
"""


def component(result):
    return next(c for c in result.checks if c.name == "component-config")


def test_valid_kube_proxy_and_kind_configs():
    assert component(verify(yaml_block(PROXY.format(mode="nftables", period="30s")))).status == "passed"
    assert component(verify(yaml_block(KIND.format(proxy="none", role="worker")))).status == "passed"


def test_bad_mode_duration_and_unknown_field_point_at_their_lines():
    block = yaml_block(PROXY.format(mode="userspace", period="30 seconds") + "colour: red\n")
    found = {block.where(f.line): f.message for f in component(verify(block)).findings}
    assert "userspace" in found["x.yaml:3"] and "30 seconds" in found["x.yaml:5"]
    assert any("colour" in m for m in found.values())


def test_kind_roles_and_proxy_modes():
    messages = [f.message for f in component(verify(yaml_block(KIND.format(proxy="userspace", role="master")))).findings]
    assert any("userspace" in m for m in messages) and any("master" in m for m in messages)


def test_kube_proxy_config_inside_a_configmap():
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kube-proxy\ndata:\n  config.conf: |\n"
        "    apiVersion: kubeproxy.config.k8s.io/v1alpha1\n    kind: KubeProxyConfiguration\n    mode: bogus\n"
    )
    block = yaml_block(text)
    (finding,) = component(verify(block)).findings
    assert finding.message.startswith("data.config.conf: KubeProxyConfiguration mode") and block.where(finding.line) == "x.yaml:6"


def test_cni_conflist_needs_its_fields():
    text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  10-net.conflist: \'{"cniVersion": "0.3.1", "plugins": [{"ipam": {}}]}\'\n'
    result = verify(yaml_block(text))
    message = next(f.message for f in result.findings if f.check == "embedded")
    assert "missing 'name'" in message and "plugins[0] has no 'type'" in message


def test_a_component_config_without_a_schema_is_not_verified():
    """design review item 6: a KubeletConfiguration with a misspelt field came out verified."""
    from .helpers import verify, yaml_block

    result = verify(yaml_block("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nclusterDNSS: [10.96.0.10]\n"))
    assert result.status == "failed" and any("no schema for kubelet.config.k8s.io/v1beta1/KubeletConfiguration" in f.message for f in result.findings)
