"""The API server's own test tables, rewritten as manifests: every invalid case is
rejected at its field, no valid case is.

Each case in tests/apiserver_corpus/{invalid,valid}/*.yaml is one YAML document
with a header comment naming the upstream test (`# upstream: …`) and, for the
invalid ones, the field path the API server reports (`# expect: …`). Every case
goes through the schema check and the offline API server on Kubernetes 1.34.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from k8sdoctest.model import BlockResult

from .helpers import verify, yaml_block

CORPUS = Path(__file__).parent / "apiserver_corpus"
VERSION = ("1.34",)
TARGET = 0.95


@dataclass
class Case:
    file: str
    upstream: str
    expect: str | None
    text: str

    @property
    def ident(self) -> str:
        return f"{self.file}: {self.upstream}"


def cases(kind: str) -> list[Case]:
    found = []
    for path in sorted((CORPUS / kind).glob("*.yaml")):
        for text in re.split(r"^---\n", path.read_text(encoding="utf-8"), flags=re.MULTILINE):
            upstream = re.search(r"^# upstream: (.+)$", text, re.MULTILINE)
            expect = re.search(r"^# expect: (.+)$", text, re.MULTILINE)
            if upstream:
                found.append(Case(path.name, upstream.group(1), expect.group(1) if expect else None, text))
    return found


def normalise(path: str) -> str:
    """`spec.ports[0].port` and the schema's `spec.ports.0.port` compare equal."""
    return re.sub(r"\[([^\]]*)\]", r".\1", path)


def errors(case: Case) -> tuple[BlockResult, list[str]]:
    result = verify(yaml_block(case.text, VERSION))
    return result, [f.message for f in result.findings if f.level == "error"]


def rejected_at(case: Case) -> bool:
    _, messages = errors(case)
    want = "" if case.expect == "(root)" else normalise(case.expect or "")  # (root): upstream's field.NewPath("")
    return any(normalise(m).startswith(want + ":") or normalise(m).startswith(want + " ") for m in messages)


INVALID = cases("invalid")
VALID = cases("valid")


def test_corpus_is_big_enough_and_every_invalid_case_names_its_field():
    assert len(INVALID) >= 250 and len(VALID) >= 60, (len(INVALID), len(VALID))
    assert all(c.expect for c in INVALID)


def test_invalid_cases_are_caught_at_the_expected_field(capsys):
    missed = [c for c in INVALID if not rejected_at(c)]
    caught = len(INVALID) - len(missed)
    with capsys.disabled():
        print(f"\napiserver corpus: invalid caught {caught}/{len(INVALID)} ({caught / len(INVALID):.1%})")
        for case in missed:
            print(f"  missed: {case.ident} (expected {case.expect}): {errors(case)[1][:2]}")
    assert caught / len(INVALID) >= TARGET


def test_valid_cases_pass(capsys):
    rejected = [(c, errors(c)[1]) for c in VALID if errors(c)[1]]
    with capsys.disabled():
        print(f"\napiserver corpus: valid accepted {len(VALID) - len(rejected)}/{len(VALID)} (false positives: {len(rejected)})")
        for case, messages in rejected:
            print(f"  rejected: {case.ident}: {messages[:2]}")
    assert not rejected


@pytest.mark.parametrize("case", INVALID[:1], ids=lambda c: c.upstream)
def test_a_case_that_is_not_rejected_fails_the_check(case):
    """The check can fail: the same manifest with the bad field path expected elsewhere is not a hit."""
    assert rejected_at(case)
    assert not rejected_at(Case(case.file, case.upstream, "spec.nonexistent", case.text))
