"""A persistent cache in the user's cache directory: results keyed by everything that decides them.

Two things are kept between runs, both keyed by content, never by time:

- a tool's output (the kubectl grammar: `kubectl <cmd> --help`), keyed by the sha256 of
  the binary (the digest itself is remembered by path, size, mtime and inode, like git's index);
- one block's check results, keyed by `block_key`: the block, its page, the claimed versions,
  the CRD set, the verifier's own code and tools, and the registered checks.

The cache only saves time: a hit returns what the checks returned for the same inputs,
so a report is the same with or without it (a test). The publish gate never reads it.
One SQLite file; writes are batched and flushed at the end of a run (or of a worker's chunk).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .model import Block, CheckResult, Finding, Page

FORMAT = 1  # bump when what is stored changes shape
# The packages whose code decides results (an upgrade rewrites their files, and so their stamps).
DEPENDENCIES = ("kubernetes_validate", "jsonschema_rs", "yaml", "bashlex", "cel", "promql_parser", "nca", "sybil")
_FLUSH_EVERY = 500


class Store:
    """Key → text, in `dir/cache-v{FORMAT}.sqlite`. Any error (disk full, a locked or corrupt file) is a miss, never a failure."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / f"cache-v{FORMAT}.sqlite"
        self.pending: dict[tuple[str, str], str] = {}
        self.db: sqlite3.Connection | None = None
        self.lock = threading.Lock()  # the kubectl grammar is read from a few threads at once
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS entries (space TEXT, key TEXT, value TEXT, PRIMARY KEY (space, key))")
        except (OSError, sqlite3.Error):
            self.db = None

    def get(self, space: str, key: str) -> str | None:
        with self.lock:
            return self._get(space, key)

    def _get(self, space: str, key: str) -> str | None:
        if (space, key) in self.pending:
            return self.pending[(space, key)]
        if self.db is None:
            return None
        try:
            cursor = self.db.execute("SELECT value FROM entries WHERE space = ? AND key = ?", (space, key))
            row = cursor.fetchone()
            cursor.close()  # ends the read: an open read would make this process's next write fail while a worker writes
        except sqlite3.Error:
            return None
        return None if row is None else str(row[0])

    def put(self, space: str, key: str, value: str) -> None:
        with self.lock:
            self.pending[(space, key)] = value
        if len(self.pending) >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        with self.lock:
            self._flush()

    def _flush(self) -> None:
        if self.db is None or not self.pending:
            self.pending.clear()
            return
        rows = [(s, k, v) for (s, k), v in self.pending.items()]
        self.pending.clear()
        try:
            self.db.execute("BEGIN IMMEDIATE")  # takes the write lock up front, waiting (timeout) for another worker's write
            self.db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", rows)
            self.db.execute("COMMIT")
        except sqlite3.Error:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass


_stores: dict[tuple[Path, int], Store] = {}
_active: Store | None = None


def activate(directory: Path | None) -> Store | None:
    """The store for `directory` in this process (None: no cache). A forked worker opens its own connection."""
    global _active
    if directory is None:
        _active = None
        return None
    key = (directory, os.getpid())
    if key not in _stores:
        _stores[key] = Store(directory)
    _active = _stores[key]
    return _active


def flush() -> None:
    for (_, pid), store in _stores.items():
        if pid == os.getpid():
            store.flush()


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


_digests: dict[str, str] = {}
_digesting = threading.Lock()


def file_digest(path: str) -> str:
    """sha256 of a file; remembered by (path, size, mtime, inode) so a 60 MB kubectl is read once, not every run."""
    st = os.stat(path)
    stamp = f"{os.path.realpath(path)}|{st.st_size}|{st.st_mtime_ns}|{st.st_ino}"
    with _digesting:  # threads asking at once wait for one reading
        if stamp not in _digests:
            _digests[stamp] = _file_digest(path, stamp)
        return _digests[stamp]


def _file_digest(path: str, stamp: str) -> str:
    if _active is not None and (known := _active.get("file-sha256", stamp)):
        return known
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    if _active is not None:
        _active.put("file-sha256", stamp, h.hexdigest())
    return h.hexdigest()


def tool_output(binary: str, args: Iterable[str], produce: Callable[[], str]) -> str:
    """What `binary args…` prints, from the cache when the same binary (by content) printed it before."""
    if _active is None:
        return produce()
    key = _digest(file_digest(binary), *args)
    found = _active.get("tool-output", key)
    if found is None:
        found = produce()
        _active.put("tool-output", key, found)
    return found


# --- block results -------------------------------------------------------------------------


@functools.cache
def code_digest() -> str:
    """The verifier's own code and data, its dependencies' versions and its tools: a change to any invalidates every entry."""
    package = Path(__file__).resolve().parent
    h = hashlib.sha256(f"format {FORMAT}".encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml", ".json") and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    for module in DEPENDENCIES:  # by the stamp of their installed files (importlib.metadata costs ~90 ms of imports)
        spec = importlib.util.find_spec(module)
        h.update(f"{module}={spec and spec.origin and _stamp(spec.origin)}\0".encode())
    from .checks.bash_syntax import tool  # the tools the checks would run, by content stamp

    for name in ("bash", "shellcheck", "kubectl"):
        found = tool(name)
        h.update(f"{name}={found and _stamp(found)}\0".encode())
    h.update(sys.version.encode())
    return h.hexdigest()


def _stamp(path: str) -> str:
    st = os.stat(path)
    return f"{os.path.realpath(path)}|{st.st_size}|{st.st_mtime_ns}"


@functools.cache
def crd_digest(directories: tuple[Path, ...]) -> str:
    """The CRD sets by content, in directory order (a few MB for the pinned sets: a few ms)."""
    if not directories:
        return "no-crds"
    h = hashlib.sha256()
    for n, directory in enumerate(directories):
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                h.update(f"{n}:{path.relative_to(directory)}".encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _claims(block: Block) -> str:
    c = block.claims
    return json.dumps([c.k8s, c.cni, c.expect, c.match, c.reason, sorted(c.skip.items()), c.live, c.interactive, c.crds, c.excerpt])


def page_digest(page: Page) -> str:
    """Checks of the whole page (consistency, connectivity) read every block: a block's key covers its page."""
    parts = [page.path, page.text, json.dumps([(p.level, p.check, p.message, p.line) for p in page.problems])]
    for b in page.blocks:
        parts += [str(b.line), b.language, b.text, _claims(b), json.dumps([(o.file, o.line) for o in b.origins])]
    return _digest(*parts)


def block_key(block: Block, page_key: str, checks: str, run: str) -> str:
    problems = json.dumps([(p.level, p.check, p.message, p.line) for p in block.problems])
    return _digest(page_key, block.page, str(block.line), block.language, block.text, _claims(block), problems, checks, run)


def encode(results: Iterable[CheckResult]) -> str:
    return json.dumps([_result_dict(r) for r in results], ensure_ascii=False)


def _result_dict(r: CheckResult) -> dict[str, Any]:
    return {"name": r.name, "status": r.status, "message": r.message, "versions": r.versions, "accepted": r.accepted,
            "findings": [(f.level, f.check, f.message, f.line) for f in r.findings], "tier": r.tier, "cni": r.cni, "k8s": r.k8s}


def decode(text: str) -> list[CheckResult]:
    out = []
    for r in json.loads(text):
        findings = tuple(Finding(level, check, message, line) for level, check, message, line in r["findings"])
        out.append(CheckResult(r["name"], r["status"], r["message"], tuple(r["versions"]), tuple(r["accepted"]), findings,
                               r["tier"], r["cni"], r["k8s"]))
    return out


def lookup(key: str) -> list[CheckResult] | None:
    if _active is None:
        return None
    found = _active.get("block", key)
    if found is None:
        return None
    try:
        return decode(found)
    except (ValueError, KeyError, TypeError):  # a damaged entry is a miss
        return None


def known(key: str) -> bool:
    """Whether a block's results are stored (without decoding them)."""
    return _active is not None and _active.get("block", key) is not None


def remember(key: str, results: Iterable[CheckResult]) -> None:
    if _active is not None:
        _active.put("block", key, encode(results))
