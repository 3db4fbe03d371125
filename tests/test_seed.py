"""The unfixed source guide must fail with the review's statically visible problems."""

from pathlib import Path

import pytest

from k8sdoctest.source.pages import read_pages
from k8sdoctest.verify import verify_page

from .helpers import ROOT, config

SEED = Path(__file__).parent / "fixtures" / "seed-guide.md"


@pytest.fixture(scope="module")
def failures() -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for page in read_pages([SEED], ROOT):
        for result in verify_page(page, config()):
            if result.status == "failed":
                found[result.block.line] = [f"{f.check}: {f.message}" for f in result.findings if f.level == "error"]
    return found


def test_topology_keys_service_fails_schema(failures):
    (messages,) = [m for m in failures.values() if any("topologyKeys" in x for x in m)]
    assert messages[0].startswith("schema:") and "1.25–1.37" in messages[0]


def test_both_configmaps_with_comments_in_json_fail(failures):
    bad_json = [m for m in failures.values() if any(x.startswith("embedded:") and "invalid JSON" in x for x in m)]
    assert len(bad_json) == 2
    assert any("eni_conf" in x for m in bad_json for x in m)
    assert any("cni-ha-config" in x for m in bad_json for x in m)


def test_helm_block_labelled_yaml_fails(failures):
    assert any("use a ```bash fence" in x for m in failures.values() for x in m)


@pytest.fixture(scope="module")
def others() -> list[str]:
    """Warnings and info: what the guide shows that is not wrong, but is said."""
    return [f"{f.check}: {f.level}: {f.message}" for page in read_pages([SEED], ROOT) for result in verify_page(page, config())
            for f in result.findings if f.level != "error"]


def test_dns_listing_labelled_bash_is_a_warning_that_suggests_text(others):
    # Output in a shell fence holds no command: said (use ```text), not a shellcheck error (issue 16).
    assert any(x.startswith("bash-syntax: warning:") and "```text" in x for x in others)


def test_kubectl_exec_with_label_selector_and_tty_in_scripts_fail(failures, others):
    flat = [x for m in failures.values() for x in m]
    assert any("kubectl exec: unknown shorthand flag '-l'" in x for x in flat)
    assert any("-it allocates a TTY" in x for x in flat)
    # `<KUBE_API_SERVER_IP>` in a block shown to a person is a placeholder the reader fills in (issue 16).
    assert any("placeholders: info: placeholder <KUBE_API_SERVER_IP>" in x for x in others)


def test_health_check_node_port_on_nodeport_fails(failures):
    assert any(x.startswith("apiserver:") and "healthCheckNodePort" in x for m in failures.values() for x in m)


def test_mysql_policy_in_the_wrong_namespace_fails(failures):
    assert any(x.startswith("consistency:") and "runs those Pods in database" in x for m in failures.values() for x in m)
