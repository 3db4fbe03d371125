"""Gateway API's own examples against the v1.6.1 standard CRDs: every invalid one rejected, every valid one accepted."""

from pathlib import Path

import pytest

from k8sdoctest.checks import crdsets

from .helpers import crd_dir, verify, yaml_block

CORPUS = Path(__file__).parent / "gateway_api_examples"
INVALID = sorted((CORPUS / "invalid").rglob("*.yaml"))
VALID = sorted((CORPUS / "valid").rglob("*.yaml"))
# The API server refuses it too: controllerName must be a domain-prefixed path (see the README beside the data).
REFUSED_UPSTREAM_EXAMPLES = {"clusterip-gateway/clusterip-gatewayclass.yaml": "spec.controllerName"}

pytestmark = pytest.mark.skipif(
    crd_dir() is None or "gateway-api-v1.6.1" not in crdsets.files_by_set(crd_dir() or ()),
    reason="no gateway-api-v1.6.1 CRD set",
)


def claimed(text: str):
    block = yaml_block(text, crds=("gateway-api-v1.6.1",))  # the standard channel, whatever else the directories hold
    return verify(block)


def test_corpus_counts():
    assert (len(INVALID), len(VALID)) == (32, 84)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: str(p.relative_to(CORPUS / "invalid")))
def test_invalid_examples_are_rejected(path):
    result = claimed(path.read_text())
    errors = [f for f in result.findings if f.level == "error" and f.check in ("crd", "cel")]
    assert result.status == "failed" and errors, path


@pytest.mark.parametrize("path", VALID, ids=lambda p: str(p.relative_to(CORPUS / "valid")))
def test_valid_examples_are_accepted(path):
    result = claimed(path.read_text())
    rel = str(path.relative_to(CORPUS / "valid"))
    if rel in REFUSED_UPSTREAM_EXAMPLES:
        assert result.status == "failed" and REFUSED_UPSTREAM_EXAMPLES[rel] in result.findings[0].message
        return
    errors = [f"{f.check}: {f.message}" for f in result.findings if f.level == "error"]
    assert result.status == "verified", errors
