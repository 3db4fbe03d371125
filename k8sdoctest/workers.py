"""Many files: verified in chunks (batch checks once per chunk, memory bounded), over worker processes when there are many.

A chunk holds at most CHUNK_BYTES of files, so memory does not grow with the corpus.
Results come back in file order whatever the number of workers, so the output and the
report of `--jobs 4` are those of `--jobs 1` (a test). A run of fewer than PARALLEL_FROM
files stays in one process: starting workers would cost more than it saves.
"""

from __future__ import annotations

import copyreg
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path
from types import MappingProxyType

from . import cache
from .checks import registry
from .model import BlockResult
from .settings import Settings
from .source.files import find_files
from .source.pages import read_page
from .verify import prepare, verify_pages


# Results travel back from workers pickled; Claims.skip is a read-only mapping, sent as the dict it wraps.
def _read_only(items: dict[str, str]) -> MappingProxyType[str, str]:
    return MappingProxyType(items)


copyreg.pickle(MappingProxyType, lambda proxy: (_read_only, (dict(proxy),)))

CHUNK = 256  # files a chunk at most: one shellcheck process and one batch of `bash -n` per chunk
# bytes a chunk at most (a larger file is a chunk of its own): a chunk's pages and results live until it is
# done, so memory follows this, not the size of the corpus
CHUNK_BYTES = 128 * 1024
PARALLEL_FROM = 8  # files: below this, one process (the guide's 19 pages: 0.79 → 0.73 s with two)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def verify_files(paths: Iterable[Path], root: Path, settings: Settings, jobs: int = 1,
                 hidden: dict[str, int] | None = None) -> Iterator[BlockResult]:
    """Every block's result, in file order; `hidden` collects the blocks each page keeps inside HTML comments."""
    files = list(find_files(paths))
    if jobs <= 1 or len(files) < PARALLEL_FROM:
        for chunk in chunks(files):
            results, skipped = verify_chunk(chunk, root, settings)
            if hidden is not None:
                hidden.update(skipped)
            yield from results
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)  # fork: workers inherit the imports
    registry()  # the checks' modules imported once, before the fork: every worker inherits them
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        # a few chunks a worker: a slow chunk does not idle the others
        for results, skipped in pool.map(verify_chunk, chunks(files, jobs * 4), repeat(root), repeat(settings)):
            if hidden is not None:
                hidden.update(skipped)
            yield from results


def chunks(files: list[Path], parts: int = 1) -> Iterator[list[Path]]:
    """Consecutive runs of files, each within CHUNK files and CHUNK_BYTES bytes, and at least `parts` of them when there are that many files."""
    most = max(1, min(CHUNK, -(-len(files) // parts)))
    run: list[Path] = []
    size = 0
    for path in files:
        try:
            length = path.stat().st_size
        except OSError:
            length = 0  # reading it is the page's own finding
        if run and (len(run) >= most or size + length > CHUNK_BYTES):
            yield run
            run, size = [], 0
        run.append(path)
        size += length
    if run:
        yield run


def verify_chunk(files: list[Path], root: Path, settings: Settings) -> tuple[list[BlockResult], dict[str, int]]:
    pages = [read_page(path, root, examples=settings.examples) for path in files]
    late = prepare(pages, settings)  # the shell blocks' tools run in the background meanwhile
    results = verify_pages(pages, settings, late)
    cache.flush()  # a worker's entries are written before it reports its chunk
    return results, {p.path: p.hidden for p in pages if p.hidden}
