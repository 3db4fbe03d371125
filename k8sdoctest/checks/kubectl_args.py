"""What a kubectl (or helm) command line does, read from its words: the verb, its flags and their values, the container command.

Not a check: `attach`, `read_only` and `consistency` share it. A kubectl line is read with the
grammar of the kubectl binary (`kubectl_grammar.read`: which flags of the command take a value,
so that `kubectl -n kube-system delete pod x` reads as `delete`); with no kubectl installed, with
the grammar recorded from the pinned one. helm has no binary here: its global flags that take a
value are listed (helm 3, `helm --help`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import kubectl_grammar

# helm's global flags that take a value (https://helm.sh/docs/helm/helm/), and the commands' most common ones.
HELM_VALUE_FLAGS = frozenset({
    "-n", "--namespace", "--kube-context", "--kubeconfig", "--kube-apiserver", "--kube-as-group", "--kube-as-user",
    "--kube-ca-file", "--kube-token", "--kube-tls-server-name", "--registry-config", "--repository-cache",
    "--repository-config", "--burst-limit", "--qps", "--content-cache",
    "-f", "--values", "--set", "--set-string", "--set-file", "--set-json", "--version", "--timeout", "-o", "--output",
})


@dataclass(frozen=True)
class CommandLine:
    words: tuple[str, ...]  # positional words before `--`: the verb, its subverb, resource names
    options: tuple[tuple[str, str | None], ...]  # every flag before `--` as written (`-it`, `--attach=true`), with its value
    command: tuple[str, ...]  # the container command after `--`

    @property
    def verb(self) -> str:
        return self.words[0] if self.words else ""

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(written for written, _ in self.options)

    def has(self, *names: str) -> bool:
        """A long flag given (and not `=false`), or a short flag inside a cluster (`-it` has `-i`)."""
        for flag in self.flags:
            name, _, value = flag.partition("=")
            if value.lower() == "false":
                continue
            if name in names:
                return True
            if not flag.startswith("--") and any(len(n) == 2 and n[1] in flag[1:] for n in names if not n.startswith("--")):
                if flag[1:].isalpha():
                    return True
        return False

    def value(self, *names: str) -> str | None:
        """The value of the first of these flags given (`--dry-run=client`, `-n kube-system`), "" if it has none, else None."""
        for written, value in self.options:
            if written.partition("=")[0] in names:
                return value or ""
        return None


def read(args: Sequence[str], program: str = "kubectl") -> CommandLine:
    if program == "kubectl":
        line = kubectl_grammar.read(kubectl_grammar.current(), args)
        return CommandLine(line.words, line.options, line.after)
    words: list[str] = []
    options: list[tuple[str, str | None]] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return CommandLine(tuple(words), tuple(options), tuple(args[i + 1:]))
        if arg.startswith("-") and len(arg) > 1:
            takes = "=" not in arg and arg in HELM_VALUE_FLAGS and i + 1 < len(args)
            options.append((arg, args[i + 1] if takes else arg.partition("=")[2] or None))
            i += takes
        else:
            words.append(arg)
        i += 1
    return CommandLine(tuple(words), tuple(options), ())
