"""Random Markdown and YAML never crash the extractor or the checks."""

import copy
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from k8sdoctest import apiserver

from .helpers import md_page, verify, yaml_block

FRAGMENTS = st.sampled_from(
    ["```yaml\n", "```bash\n", "```\n", "~~~yaml\n", "    ```json\n", '--8<-- "x.yaml"\n', "<!-- k8sdoctest: k8s=1.30 -->\n",
     "---\n", "k8s: 1.2\n", "apiVersion: v1\n", "kind: Service\n", "metadata:\n  name: a\n", "\t- x\n", "- [\n", ": :\n",
     "spec: {ports: [{port: '80'}]}\n", "data:\n  a: '{\"x\": }'\n", "!!python/object:os.system\n", "&a [*a]\n",
     "apiVersion: gateway.networking.k8s.io/v1\n", "kind: HTTPRoute\n", "kind: ConfigMap\n", "kind: NetworkPolicy\n",
     "spec:\n  rules: [{matches: [{path: {type: PathPrefix, value: x}}]}]\n", "  Corefile: |\n    .:53 {\n", "kind: Deployment\n",
     "spec:\n  selector: {matchLabels: {a: b}}\n  template: {}\n", "spec:\n  podSelector: {}\n  ingress: [{from: [{}]}]\n"]
)
SHELL = st.sampled_from(
    ["kubectl ", "get ", "-n ", "x ", "--", "-it ", "$(", ")", "\"", "'", "| ", "helm ", "install ", "<X> ", "\\\n", "for i in 1; do ",
     "done\n", "if true; then ", "fi\n", "{ ", "}\n", "exec -l a=b ", "--selector=", "\n", "# comment\n", "xargs kubectl "]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=30)), max_size=25))
def test_random_markdown_never_crashes(parts):
    page = md_page("".join(parts))
    for block in page.blocks:
        verify(block, page)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=40)), max_size=20))
def test_random_yaml_never_crashes(parts):
    result = verify(yaml_block("".join(parts)))
    assert result.status in {"verified", "failed"}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(SHELL, st.text(max_size=10)), max_size=25))
def test_random_shell_never_crashes(parts):
    page = md_page("```bash\n" + "".join(parts).replace("```", "") + "\n```\n")
    for block in page.blocks:
        assert verify(block, page).status in {"verified", "failed"}


CORPUS_OBJECTS = [
    doc for path in sorted((Path(__file__).parent / "apiserver_corpus").glob("*/*.yaml"))
    for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if isinstance(doc, dict)
]
ODD_VALUES = st.sampled_from([None, True, 0, -1, 70000, 2**40, 3.5, "", "x", "..", "*", "1e999999999", "-5%", "None", [], {}, [None], {"a": None}])


def _paths(node, path=()):
    if path:
        yield path
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield from _paths(child, (*path, key))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(CORPUS_OBJECTS), st.lists(st.tuples(st.integers(min_value=0), ODD_VALUES), min_size=1, max_size=3))
def test_offline_api_server_never_crashes_on_mutated_manifests(obj, mutations):
    """A corpus object with a few fields swapped for values of the wrong type or range."""
    obj = copy.deepcopy(obj)
    for index, value in mutations:
        paths = [p for p in _paths(obj) if p[0] not in ("apiVersion", "kind")]
        if paths:
            *parent, last = paths[index % len(paths)]
            target = obj
            for step in parent:
                target = target[step]
            target[last] = copy.deepcopy(value)  # a shared [] or {} would otherwise nest inside itself
    for err in apiserver.validate(obj, ("1.25", "1.30", "1.34")):
        assert str(err).startswith(err.field)
