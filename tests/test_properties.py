"""Random Markdown and YAML never crash the extractor or the checks."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
