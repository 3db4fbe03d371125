"""Front matter and directives: every claim validated, every silent case a finding with its line."""

import pytest

from k8sdoctest.model import Claims
from k8sdoctest.source import claims

from .helpers import md_blocks

BASE = Claims(("1.30",))


def directive_errors(args: str) -> list[str]:
    return [f.message for f in claims.directive(args, BASE, -1)[1]]


def test_bad_directives_are_reported():
    assert "match=" in directive_errors("expect=invalid")[0]
    assert len(directive_errors("k8s=1.2 color=red skip=crd")) == 3
    assert "no such check" in directive_errors('skip="schemas: typo"')[0]


def test_a_misspelt_cni_in_a_directive_is_a_finding():
    assert "unknown CNI 'calcio'" in directive_errors("cni=calcio")[0]


@pytest.mark.parametrize(
    ("front", "expected", "line"),
    [
        ("live: bogus\n", "live: 'bogus'", 2),
        ("cni: calcio\n", "unknown CNI 'calcio'", 2),
        ("title: x\ncni: [calico, nope]\n", "unknown CNI 'nope'", 3),
        ("k8s: 1.30\n", "quote it", 2),
        ("k8s: \"1.99\"\n", "outside the supported", 2),
    ],
)
def test_front_matter_claims_are_validated_with_their_line(front, expected, line):
    (block,) = md_blocks(f"---\n{front}---\n\n```yaml\na: 1\n```\n")
    (problem,) = [p for p in block.problems if p.check == "front-matter"]
    assert expected in problem.message and problem.line == line


def test_a_cni_written_as_a_string_is_one_cni():
    (block,) = md_blocks("---\ncni: calico\n---\n\n```yaml\na: 1\n```\n")
    assert block.claims.cni == ("calico",) and not block.problems


def test_front_matter_after_a_bom_is_read():
    (block,) = md_blocks("\ufeff---\nk8s: \"1.99\"\n---\n\n```yaml\na: 1\n```\n")
    assert any("outside the supported" in p.message for p in block.problems)


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("<!-- k8sdoctest k8s=1.30 -->", "a colon after k8sdoctest"),
        ("<!-- k8sdoctest: k8s=1.30", "never closed"),
    ],
)
def test_malformed_directives_are_findings_with_their_line(comment, expected):
    (block,) = md_blocks(f"text\n\n{comment}\n```yaml\na: 1\n```\n")
    (problem,) = block.problems
    assert problem.check == "directive" and expected in problem.message and "line 3" in problem.message


def test_a_directive_further_up_belongs_to_another_block():
    first, second = md_blocks("<!-- k8sdoctest: k8s=1.31 -->\n```yaml\na: 1\n```\n\ntext\n\n```yaml\nb: 2\n```\n")
    assert first.claims.k8s == ("1.31",) and second.claims.k8s[0] == "1.25" and not second.problems


def test_crd_sets_are_claimed_in_front_matter_and_directives():
    page = "---\ncrds: [gateway-api-experimental]\n---\n\n```yaml\na: 1\n```\n\n<!-- k8sdoctest: crds=cilium-v1.17.3,gateway-api -->\n```yaml\nb: 2\n```\n"
    first, second = md_blocks(page)
    assert first.claims.crds == ("gateway-api-experimental",) and not first.problems
    assert second.claims.crds == ("cilium-v1.17.3", "gateway-api")  # the block's claim replaces the page's
    (plain,) = md_blocks("```yaml\na: 1\n```\n")
    assert plain.claims.crds == ()


@pytest.mark.parametrize("args", ["crds=Bad_Name", "crds=", "crds=gateway-api,,x_y"])
def test_a_malformed_crd_set_claim_is_a_finding(args):
    (message,) = directive_errors(args)
    assert message.startswith("crds: ") and "project[-vX.Y.Z][-channel]" in message


def test_a_malformed_crd_set_in_front_matter_has_its_line():
    (block,) = md_blocks("---\ntitle: x\ncrds: [Gateway_API]\n---\n\n```yaml\na: 1\n```\n")
    (problem,) = [p for p in block.problems if p.check == "front-matter"]
    assert "'Gateway_API'" in problem.message and problem.line == 3
