import yaml

from k8sdoctest.live import install
from k8sdoctest.live.cluster import POD_SUBNET
from k8sdoctest.live.pins import Pins, Timeouts

from ..helpers import SHARED_CRDS


def names(steps):
    return [s.name for s in steps]


def test_cni_first_then_nodes_dns_and_crds(tmp_path):
    (tmp_path / "gateway-api-v1.6.1").mkdir()
    (tmp_path / "prometheus-operator-v0.93.0").mkdir()
    (tmp_path / "cilium-v1.17.3").mkdir()
    for cni, first in (("calico", "calico operator CRDs"), ("cilium", "cilium chart repo")):
        steps = install.plan(cni, "k8sdoctest-x-1", (tmp_path,), Pins(), Timeouts())
        order = names(steps)
        assert order[0] == first
        assert order.index("nodes ready") > max(i for i, n in enumerate(order) if cni in n.lower())
        assert order[-2:] == ["CRDs gateway-api-v1.6.1", "CRDs prometheus-operator-v0.93.0"]
        assert not any("cilium-v1.17.3" in n for n in order)  # the CNI installs its own CRDs


def test_one_crd_set_per_project_across_directories(tmp_path):
    """crds and crds-next together: the standard channel only, from both directories, in one apply."""
    for root, crdset in (("crds", "gateway-api-v1.6.1"), ("next", "gateway-api-v1.6.1"), ("next", "gateway-api-v1.6.1-experimental"),
                         ("crds", "prometheus-operator-v0.93.0")):
        (tmp_path / root / crdset).mkdir(parents=True)
    steps = install.plan("calico", "n", (tmp_path / "crds", tmp_path / "next"), Pins(), Timeouts())
    gateway = next(s for s in steps if s.name.startswith("CRDs gateway-api"))
    assert gateway.name == "CRDs gateway-api-v1.6.1"
    assert gateway.args == ("apply", "--server-side", "-f", str(tmp_path / "crds/gateway-api-v1.6.1"),
                            "-f", str(tmp_path / "next/gateway-api-v1.6.1"))
    assert not any("experimental" in s.name for s in steps)


def test_versions_are_pinned_and_overridable(monkeypatch, tmp_path):
    monkeypatch.setenv("K8SDOCTEST_CILIUM_VERSION", "1.18.1")
    steps = install.cni_steps("cilium", "k8sdoctest-cilium-1", Pins(), Timeouts())
    assert "1.18.1" in steps[1].args
    calico = install.cni_steps("calico", "n", Pins(), Timeouts())
    assert "v3.32.1" in calico[0].args[-1]


def test_calico_installation_uses_the_kind_pod_subnet():
    installation, api_server = yaml.safe_load_all(install.calico_installation())
    assert installation["spec"]["calicoNetwork"]["ipPools"][0]["cidr"] == POD_SUBNET
    assert api_server["kind"] == "APIServer"


def test_every_step_is_bounded():
    steps = install.plan("calico", "n", (SHARED_CRDS,), Pins(), Timeouts())
    assert all(0 < s.timeout <= 1000 for s in steps)


def test_the_clusters_serve_every_custom_resource_the_guide_applies():
    """A live block with a custom resource needs its CRD in the cluster: the sets `plan` applies serve each one (or the CNI does)."""
    from k8sdoctest import settings
    from k8sdoctest.checks import Target, crd, crdsets
    from k8sdoctest.model import YAML
    from k8sdoctest.source.pages import read_pages

    from ..helpers import ROOT

    config = settings.from_environment(ROOT)
    steps = install.plan("calico", "n", config.crd_dirs, Pins(), Timeouts())
    applied = [s.name.removeprefix("CRDs ") for s in steps if s.name.startswith("CRDs ")]
    missing = []
    for page in read_pages([ROOT / "docs"], ROOT):
        for block in page.blocks:
            if block.language not in YAML or "live" in block.claims.skip:
                continue
            for doc in crd.custom_docs(Target(block, page, config).docs):
                group, version, kind = crd.key_of(doc)
                if group in install.CNI_GROUPS:
                    continue
                if not any(crdsets.served_kind(config.crd_dirs, group, kind).get((group, version, kind), {}).get(s) for s in applied):
                    missing.append(f"{page.path}:{block.line + 1} {group}/{version} {kind}")
    assert applied and not missing, f"no CRD applied for: {missing}"
