import pytest
import yaml

from k8sdoctest.live import guard
from k8sdoctest.live.cluster import ZONES, cluster_name, kind_config

from ..helpers import verify, yaml_block


@pytest.mark.parametrize("cni", ["calico", "cilium"])
def test_kind_config_is_valid_and_has_zoned_workers(cni):
    text = kind_config(cni)
    result = verify(yaml_block(text))
    assert result.status == "verified", result.summary  # our own kind schema accepts it
    config = yaml.safe_load(text)
    assert [n["role"] for n in config["nodes"]] == ["control-plane", "worker", "worker"]
    assert [n["labels"]["topology.kubernetes.io/zone"] for n in config["nodes"][1:]] == list(ZONES)
    assert config["networking"]["disableDefaultCNI"] is True


def test_kube_proxy_only_removed_for_cilium():
    assert yaml.safe_load(kind_config("cilium"))["networking"]["kubeProxyMode"] == "none"
    assert "kubeProxyMode" not in yaml.safe_load(kind_config("calico"))["networking"]


def test_cluster_names_carry_the_guard_prefix_and_are_unique():
    a, b = cluster_name("calico"), cluster_name("calico")
    assert a.startswith(guard.PREFIX + "calico-") and a != b
    assert cluster_name("cilium", "abc123") == "k8sdoctest-cilium-abc123"
    with pytest.raises(ValueError):
        cluster_name("flannel")
