"""`kubectl debug` / `kubectl run` whose output is wanted but never shown: no `-i` and no `--attach`.

Without `-i` (or an explicit `--attach`) kubectl debug and kubectl run create the Pod, print
"Creating debugging pod …" or "pod/x created", and return: the container's output never reaches
the script (kubectl pkg/cmd/debug/debug.go and pkg/cmd/run/run.go: `if !attachFlag.Changed &&
o.Interactive { o.Attach = true }`). So a command whose output is captured (`$( )`), piped,
redirected to a file (its own `>` or an enclosing `{ …; } > log`), or that runs a program whose
only purpose is to print (`cat`, `nft list`, `iptables-save`, `nslookup` …) without a later
`kubectl logs`, is an error. `kubectl run --rm` without attaching is refused by kubectl itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model import SHELL, CheckResult, Finding
from . import Check, Target
from .kubectl import logical_lines, parse_errors
from .kubectl_args import CommandLine, read

NAME = "attach"
SOURCE = "https://github.com/kubernetes/kubectl/blob/master/pkg/cmd/debug/debug.go"
RUN_SOURCE = "https://github.com/kubernetes/kubectl/blob/master/pkg/cmd/run/run.go"
# Programs run only for what they print.
PRINTERS = frozenset(
    "cat nft iptables iptables-save ip6tables-save ipvsadm ip ss netstat conntrack nslookup dig host curl wget ping ls ps sysctl "
    "printenv env echo df uname hostname tcpdump cilium-dbg cilium calicoctl ethtool mtr traceroute head tail grep".split()
)
WRAPPERS = frozenset({"timeout", "chroot", "nsenter", "sudo", "env"})


@dataclass(frozen=True)
class Call:
    args: tuple[str, ...]
    line: int
    used: str | None  # how its stdout is used: "captured by $( )", "piped", "redirected to log"


def _stdout_redirect(redirects: list[Any]) -> str | None:
    for r in redirects:
        target = getattr(getattr(r, "output", None), "word", None)
        if r.type in (">", ">>", ">|", "&>") and getattr(r, "input", None) in (None, 1) and target and target != "/dev/null":
            return f"redirected to {target}"
    return None


def calls(text: str) -> list[Call]:
    """kubectl calls with what happens to their standard output."""
    errors = parse_errors()
    try:
        return _calls(text, 0)
    except errors:
        found: list[Call] = []
        for start, line in logical_lines(text):
            try:
                found += _calls(line, start)
            except errors:
                continue
        return found


def _calls(text: str, offset: int) -> list[Call]:
    found: list[Call] = []

    def visit(node: Any, used: str | None) -> None:
        kind = node.kind
        if kind in ("commandsubstitution", "processsubstitution"):
            visit(node.command, "captured by $( )" if kind == "commandsubstitution" else "read by <( )")
            return
        if kind == "pipeline":
            commands = [p for p in node.parts if p.kind != "pipe"]
            for i, part in enumerate(commands):
                visit(part, used if i == len(commands) - 1 else "piped into the next command")
            return
        if kind == "compound":
            used = _stdout_redirect(getattr(node, "redirects", [])) or used
        if kind == "function":
            used = None  # a function's body: its callers decide, and they are not followed
        if kind == "command":
            used = _stdout_redirect([p for p in node.parts if p.kind == "redirect"]) or used
            words = [p for p in node.parts if p.kind == "word"]
            names = [w.word for w in words]
            if "kubectl" in names:
                start = names.index("kubectl")
                found.append(Call(tuple(names[start + 1:]), offset + text.count("\n", 0, words[start].pos[0]), used))
        for child in [*getattr(node, "parts", []), *getattr(node, "list", [])]:
            if hasattr(child, "kind"):
                visit(child, used)
        if kind == "function" and hasattr(node, "body"):
            visit(node.body, None)

    import bashlex  # builds its parser tables on import: only runs with shell blocks pay it

    for tree in bashlex.parse(text):
        visit(tree, None)
    return found


def attached(cl: CommandLine) -> bool:
    return cl.has("-i", "--stdin", "--attach")


def printer(command: tuple[str, ...]) -> str | None:
    """The program the container runs, if it is run only to print something."""
    words = list(command)
    while words and (words[0] in WRAPPERS or re.fullmatch(r"\d+[smh]?|/host|-\S+", words[0])):
        words.pop(0)
    if len(words) >= 3 and words[0] in ("sh", "bash") and words[1] == "-c":
        words = words[2].split()
    if not words:
        return None
    program = words[0].rsplit("/", 1)[-1]
    if program == "tcpdump" and "-w" in words:
        return None  # writes a file, prints nothing worth keeping
    return program if program in PRINTERS else None


def findings_for(text: str) -> tuple[list[Finding], int]:
    found: list[Finding] = []
    relevant = 0
    every = calls(text)
    for call in every:
        cl = read(call.args)
        if cl.verb not in ("debug", "run"):
            continue
        relevant += 1
        if attached(cl):
            continue
        if cl.verb == "run" and cl.has("--rm"):
            found.append(Finding("error", NAME, f"kubectl run --rm without -i or --attach: kubectl refuses it (\"--rm should only be used "
                                                f"for attached containers\"): add -i ({RUN_SOURCE})", call.line))
            continue
        if not cl.command:
            continue
        logs_later = any(read(c.args).verb in ("logs", "attach", "wait") and c.line > call.line for c in every)
        program = printer(cl.command)
        why = f"its output is {call.used}" if call.used else (f"it runs {program}, which only prints" if program and not logs_later else None)
        if why:
            shown = "Creating debugging pod …" if cl.verb == "debug" else "pod/… created"
            found.append(Finding("error", NAME, (
                f"kubectl {cl.verb} without -i or --attach: kubectl prints only \"{shown}\" and returns, so the output of "
                f"`{' '.join(cl.command)}` never appears, yet {why}: add --attach=true (or -i; </dev/null in a loop) ({SOURCE})"), call.line))
    return found, relevant


def run(target: Target) -> CheckResult | None:
    script = target.script
    if not re.search(r"\bkubectl\b[^\n]*\b(debug|run)\b", script.text):
        return None
    found, relevant = findings_for(script.text)
    if not relevant:
        return None
    return CheckResult.from_findings(NAME, found, f"{relevant} kubectl debug/run command(s) attach or do not need their output")


CHECK = Check(NAME, "kubectl 附加输出", SHELL, run, after=("bash-syntax",), needs=())
