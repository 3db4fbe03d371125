"""Command lines read with kubectl's own grammar: which flags take a value is the binary's answer, per command."""

import pytest

from k8sdoctest.checks import kubectl_grammar
from k8sdoctest.checks.kubectl_args import read


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ("--context kind-x -n kube-system delete pod a", ("delete", "pod", "a")),  # global flags before the verb
        ("logs -p web", ("logs", "web")),  # logs -p is --previous: no value
        ("patch deploy web -p {}", ("patch", "deploy", "web")),  # patch -p is --patch: a value
        ("get pods --sort-by .metadata.name", ("get", "pods")),  # a command flag no list had
        ("cp ./x web:/tmp/x -c box", ("cp", "./x", "web:/tmp/x")),
        ("create deploy web --image nginx --replicas 2", ("create", "deploy", "web")),  # an alias, resolved
    ],
)
def test_words_are_what_kubectl_reads_as_words(args, words):
    assert read(args.split()).words == words


def test_values_and_the_container_command():
    line = read("debug -it node/n1 --image=busybox -n kube-system -- chroot /host cat /etc/resolv.conf".split())
    assert line.value("-n", "--namespace") == "kube-system"
    assert line.value("--image") == "busybox"
    assert line.has("-i") and line.command == ("chroot", "/host", "cat", "/etc/resolv.conf")
    assert read("apply -f x.yaml --dry-run=server".split()).value("--dry-run") == "server"


def test_without_kubectl_the_recorded_grammar_reads(monkeypatch):
    from k8sdoctest.checks import bash_syntax

    monkeypatch.setattr(bash_syntax, "tool", lambda name: None)
    assert isinstance(kubectl_grammar.current(), kubectl_grammar.Recorded)
    assert read("-n kube-system logs -p web".split()).words == ("logs", "web")


def test_helm_lines_use_helm_flags():
    line = read("-n cilium upgrade --install cilium cilium/cilium --version 1.19.4".split(), "helm")
    assert line.words == ("upgrade", "cilium", "cilium/cilium") and line.value("--version") == "1.19.4"
