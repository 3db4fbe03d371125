import pytest

from k8sdoctest.checks import Target, kubectl
from k8sdoctest.model import Claims
from k8sdoctest.source.pages import from_file

from .helpers import config


def run(text, interactive=False):
    page = from_file("x.sh", text, "bash", Claims(("1.33",), interactive=interactive))
    return kubectl.run(Target(page.blocks[0], page, config()))


def messages(text, **kw):
    return [f.message for f in run(text, **kw).findings]


def test_grammar_comes_from_the_real_binary():
    root = kubectl.command(())
    assert {"get", "apply", "exec", "debug"} <= root.subcommands
    assert kubectl.command(("exec",)).shorts["i"].boolean
    assert not kubectl.command(("get",)).flags["selector"].boolean
    assert "namespace" in {f.name for f in kubectl.global_flags()}


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("kubectl exec -n kube-system -l app=x -- ls", "unknown shorthand flag '-l'"),
        ("kubectl get pods --no-such-flag", "unknown flag '--no-such-flag'"),
        ("kubectl gett pods", "unknown command 'gett'"),
        ("kubectl run -it --rm x --image=busybox -- sh", "-it allocates a TTY"),
        ("kubectl exec pod --tty -- sh", "--tty needs a terminal"),
        ("helm instal x y", "helm: unknown command 'instal'"),
        ("helm repo ad x y", "helm repo: unknown command 'ad'"),
        ("helm install c cilium/cilium --set host=<API_IP> \\\n  --set x=y", "shell redirection"),
    ],
)
def test_bad_invocations_are_findings(script, expected):
    assert any(expected in m for m in messages(script)), messages(script)


def test_invocations_are_found_in_pipelines_substitutions_loops_functions_and_wrappers():
    script = """
f() { kubectl get nodes -o name; }
for n in $(kubectl get nodes -o name); do echo "$n"; done
kubectl get pods -A | grep x
x=$(kubectl get svc -n a -o jsonpath='{.items}')
echo | xargs -r kubectl delete --wait=false
"""
    found, unread = kubectl.invocations(script)
    assert unread == 0 and len(found) == 5
    assert found[0].line == 1 and found[-1].line == 5


def test_valid_script_passes_and_interactive_allows_tty():
    assert run("kubectl -n kube-system get pods -l k8s-app=kube-dns -o wide\nkubectl rollout status ds/x --timeout=5m").status == "passed"
    assert messages("kubectl run -it x --image=busybox -- sh", interactive=True) == []


def test_lines_bashlex_cannot_read_fall_back_to_line_by_line():
    script = 'echo "n: $(grep -c "x" f || echo 0)"\nkubectl exec -l a=b pod -- ls\n'
    result = run(script)
    assert "unknown shorthand flag '-l'" in result.findings[0].message and result.findings[0].line == 1


def test_block_without_kubectl_is_not_run_with_reason():
    result = run("echo hello")
    assert result.status == "not-run" and "no kubectl" in result.message


def test_kubectl_hidden_in_a_parameter_default_is_said_not_checked():
    result = run('NAME="${NAME:-$(kubectl config current-context)}"\necho "$NAME"\n')
    assert result.status == "not-run" and "bashlex does not look" in result.message
