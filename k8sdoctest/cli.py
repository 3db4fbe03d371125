"""`k8sdoctest verify PATH... [--k8s 1.25-1.37] [--crds DIR]... [--format text|json]`."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from pathlib import Path

from . import __version__, cache, report, settings, versions
from .live import docker
from .report import BlockRecord, ReportError, assemble, block_record, text_lines, write
from .workers import default_jobs, verify_files


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="k8sdoctest", description="Verify the Kubernetes examples in documentation.")
    p.add_argument("--version", action="version", version=f"k8sdoctest {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify", help="verify Markdown, YAML or shell files")
    v.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    v.add_argument("--k8s", help="a version (1.32) or range (1.25-1.37); default: what each page claims")
    v.add_argument("--crds", type=Path, action="append", metavar="DIR",
                   help=f"a directory of CRD sets, repeatable (default: ${settings.CRDS_ENV}; crds/; ../shared/crds and ../shared/crds-next)")
    v.add_argument("--format", choices=("text", "json"), default="text")
    v.add_argument("--report", type=Path, help="also write the JSON report to this file")
    v.add_argument("--examples", type=Path, help="a Hugo site's examples directory: {{< codenew file=… >}} and {{% code_sample %}} are read from it")
    v.add_argument("--root", type=Path, default=Path.cwd(), help="project root (for snippets/ and relative paths)")
    v.add_argument("--jobs", "-j", type=int, default=default_jobs(), help="worker processes for large runs (default: the cores)")
    v.add_argument("--no-cache", action="store_true", help=f"ignore and do not fill the result cache ({settings.user_cache_dir()})")
    m = sub.add_parser("merge", help="merge a static report with live reports (by block sha256)")
    m.add_argument("reports", nargs="+", type=Path, metavar="REPORT")
    m.add_argument("--output", type=Path, required=True)
    c = sub.add_parser("crds", help="download the pinned upstream CRDs and check their sha256")
    c.add_argument("--dest", type=Path, default=Path("crds"))
    return p


def merge(paths: list[Path], output: Path) -> int:
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"k8sdoctest: error: no such report: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        merged = report.merge([report.read(p) for p in paths])
        write(merged, output)
    except (ReportError, OSError) as exc:
        print(f"k8sdoctest: error: {exc}", file=sys.stderr)
        return 2
    print(f"k8sdoctest: merged {len(paths)} reports into {output}: {merged['counts']}", file=sys.stderr)
    return 1 if merged["counts"].get("failed") else 0


def crds(dest: Path) -> int:
    from . import crdfetch  # urllib and friends: only this command downloads

    errors = crdfetch.fetch(dest)
    for line in errors:
        print(f"k8sdoctest: error: {line}", file=sys.stderr)
    print(f"k8sdoctest: {len(crdfetch.pinned()) - len(errors)} pinned CRD files in {dest}", file=sys.stderr)
    return 1 if errors else 0


def summary(tally: dict[str, int], hidden: dict[str, int]) -> None:
    counts = ", ".join(f"{n} {s}" for s, n in sorted(tally.items()))
    skipped = f"; {sum(hidden.values())} blocks inside HTML comments skipped" if hidden else ""
    print(f"k8sdoctest: {sum(tally.values())} blocks: {counts or 'none'}{skipped}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.command == "crds":
        return crds(args.dest)
    if args.command == "merge":
        return merge(args.reports, args.output)
    root: Path = args.root
    try:
        k8s = versions.parse_range(args.k8s) if args.k8s else None
    except versions.VersionError as exc:
        print(f"k8sdoctest: error: --k8s: {exc}", file=sys.stderr)
        return 2
    not_dirs = [str(d) for d in args.crds or () if not d.is_dir()]
    if not_dirs:
        print(f"k8sdoctest: error: --crds: {', '.join(not_dirs)} is not a directory", file=sys.stderr)
        return 2
    if args.examples is not None and not args.examples.is_dir():
        print(f"k8sdoctest: error: --examples: {args.examples} is not a directory", file=sys.stderr)
        return 2
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"k8sdoctest: error: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("k8sdoctest: error: --jobs: at least 1", file=sys.stderr)
        return 2
    config = settings.from_environment(root, crd_dirs=tuple(args.crds) if args.crds else None, k8s=k8s, examples=args.examples,
                                         cache_dir=None if args.no_cache else settings.user_cache_dir())
    gc.freeze()  # what the imports made lives until exit: the collector need not walk it again and again
    records: list[BlockRecord] = []  # kept only when a report is asked for; results themselves stream by
    keep = bool(args.report) or args.format == "json"
    tally: dict[str, int] = {}
    hidden: dict[str, int] = {}
    try:
        for result in verify_files(args.paths, root, config, args.jobs, hidden):
            tally[result.status] = tally.get(result.status, 0) + 1
            if keep:
                records.append(block_record(result, {}))
            if args.format == "text":
                for line in text_lines(result):
                    print(line)
    finally:
        cache.flush()
    if not keep:
        summary(tally, hidden)
        return 1 if tally.get("failed") else 0
    # `docker info` (~90 ms) only for a report, after the workers are done; the CLI never runs the live tier,
    # so every record gets the same not-run entry, last, where block_record would have put it.
    not_run = {"live": docker.unavailable_reason() or "the command line runs the static tier only: run `make test-live`"}
    for record in records:
        record["not_run"].append({"check": "live", "reason": not_run["live"]})
    report = assemble(records, not_run)
    if hidden:
        report["hidden"] = hidden
    if args.report:
        try:
            write(report, args.report)
        except OSError as exc:
            print(f"k8sdoctest: error: cannot write the report {args.report}: {exc.strerror}", file=sys.stderr)
            return 2
    if args.format == "json":
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        summary(tally, hidden)
    return 1 if tally.get("failed") else 0


if __name__ == "__main__":
    sys.exit(main())
