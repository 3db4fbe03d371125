"""Benchmark of the static tier: `make bench` (or python bench/static_tier.py).

1. the whole guide, every block on every version it claims (1.25–1.37);
2. a synthetic guide 10x larger (the pages copied ten times) to show linear scaling;
3. schema validation of the same documents on all 13 versions, against
   kubernetes-validate's own Python API, in docs per second;
4. peak memory (max RSS) of the process.
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kubernetes_validate  # noqa: E402

from k8sdoctest import settings, versions  # noqa: E402
from k8sdoctest.checks import schema  # noqa: E402
from k8sdoctest.manifests import is_builtin, objects_of  # noqa: E402
from k8sdoctest.source.pages import iter_blocks, read_pages  # noqa: E402
from k8sdoctest.verify import verify_page  # noqa: E402


def run_guide(docs: Path, root: Path) -> tuple[float, int]:
    config = settings.from_environment(root)
    start = time.perf_counter()
    count = sum(1 for page in read_pages([docs], root) for _ in verify_page(page, config))
    return time.perf_counter() - start, count


def builtin_docs() -> list[dict]:
    docs = []
    for block in iter_blocks([ROOT / "docs"], ROOT):
        if block.language in ("yaml", "yml"):
            docs += [d for d in objects_of(block.text) if is_builtin(str(d.get("apiVersion")))]
    return docs


def ours(docs: list[dict], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for data in docs:
            for version in versions.ALL:
                v = schema.validator(version, data["apiVersion"], data["kind"])
                if v is not None:
                    list(v.iter_errors(data))
    return rounds * len(docs) * len(versions.ALL) / (time.perf_counter() - start)


def theirs(docs: list[dict]) -> float:
    start = time.perf_counter()
    for data in docs:
        for version in versions.ALL:
            try:
                kubernetes_validate.validate(data, version, strict=True)
            except Exception:  # noqa: BLE001 (a rejection is a result here, not a failure)
                pass
    return len(docs) * len(versions.ALL) / (time.perf_counter() - start)


def main() -> None:
    cold, blocks = run_guide(ROOT / "docs", ROOT)
    warm, _ = run_guide(ROOT / "docs", ROOT)
    print(f"guide: {blocks} blocks, all claimed versions: {cold:.2f} s cold (schemas compiled), {warm:.2f} s warm")
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp)
        shutil.copytree(ROOT / "snippets", big / "snippets")
        for i in range(10):
            shutil.copytree(ROOT / "docs", big / "docs" / f"copy{i}", ignore=shutil.ignore_patterns("javascripts"))
        large, large_blocks = run_guide(big / "docs", big)
    print(f"10x guide: {large_blocks} blocks in {large:.2f} s ({large / warm:.1f}x the warm guide)")
    docs = builtin_docs()
    fast = ours(docs, rounds=20)
    slow = theirs(docs)
    print(f"schema, {len(docs)} built-in documents x {len(versions.ALL)} versions:")
    print(f"  k8sdoctest (jsonschema-rs, cached): {fast:,.0f} docs/s")
    print(f"  kubernetes-validate Python API:     {slow:,.0f} docs/s")
    print(f"  speed-up: {fast / slow:,.0f}x")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
