"""One pool of threads per process for the batch work of checks (tool processes started ahead of the blocks that need them).

Threads, not processes: the work is waiting on `bash -n` and shellcheck, which run on the
other cores. The pool belongs to the process that made it: a forked worker makes its own.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
_pool: tuple[int, ThreadPoolExecutor] | None = None


def submit(fn: Callable[..., T], *args: object) -> Future[T]:
    global _pool
    if _pool is None or _pool[0] != os.getpid():
        _pool = (os.getpid(), ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1), thread_name_prefix="k8sdoctest"))
    return _pool[1].submit(fn, *args)
