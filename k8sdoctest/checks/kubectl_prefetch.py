"""The kubectl grammar a batch of shell blocks needs, read concurrently before the blocks are checked.

When the kubectl binary is not the one `data/kubectl-grammar.json` was recorded from, and the
persistent cache does not have its help, each command path costs one `kubectl <path> --help`
process (~50 ms; 22 for the guide). They do not depend on each other within a level of the command tree, so a
level's processes run side by side; `kubectl.command` then finds them in its cache. This is
best effort: a path it does not foresee is read when the check asks for it, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from . import Target
from .bash_syntax import tool
from .kubectl_grammar import Recorded, grammar


def prefetch(targets: Sequence[Target]) -> None:
    from . import kubectl  # this module is imported by kubectl's CHECK: import it back only when called

    kubectl_binary = tool("kubectl")
    if kubectl_binary is None or isinstance(grammar(kubectl_binary), Recorded):
        return  # no kubectl, or its tree is recorded: nothing to read
    words = [
        [a for a in inv.args if not a.startswith("-")]
        for t in targets
        for inv in kubectl.invocations(t.block.text)[0]
        if inv.program == "kubectl"
    ]
    if not words:
        return
    done: set[tuple[str, ...]] = set()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda read: read(), (kubectl.global_flags, kubectl.kubectl_version)))
        frontier: set[tuple[str, ...]] = {()}
        while frontier:
            list(pool.map(kubectl.command, sorted(frontier)))
            done |= frontier
            frontier = {path for ws in words if (path := _unread(kubectl.command, ws, done)) is not None}


def _unread(command: Callable[[tuple[str, ...]], Any], words: list[str], done: set[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The first command path of an invocation whose grammar is not read yet (None: all read, or no further subcommand)."""
    path: tuple[str, ...] = ()
    for word in words:
        if word not in command(path).subcommands:
            return None
        path = (*path, word)
        if path not in done:
            return path
    return None
