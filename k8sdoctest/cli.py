"""`k8sdoctest verify PATH... [--k8s 1.25-1.37] [--crds DIR] [--format text|json]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__, report, settings, versions
from .live import docker
from .report import ReportError, build, text_lines, write
from .source.pages import read_pages
from .verify import verify_page


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="k8sdoctest", description="Verify the Kubernetes examples in documentation.")
    p.add_argument("--version", action="version", version=f"k8sdoctest {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify", help="verify Markdown, YAML or shell files")
    v.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    v.add_argument("--k8s", help="a version (1.32) or range (1.25-1.37); default: what each page claims")
    v.add_argument("--crds", type=Path, help=f"directory of upstream CRD YAMLs (default: ${settings.CRDS_ENV}, crds/, ../shared/crds)")
    v.add_argument("--format", choices=("text", "json"), default="text")
    v.add_argument("--report", type=Path, help="also write the JSON report to this file")
    v.add_argument("--root", type=Path, default=Path.cwd(), help="project root (for snippets/ and relative paths)")
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
    if args.crds is not None and not args.crds.is_dir():
        print(f"k8sdoctest: error: --crds: {args.crds} is not a directory", file=sys.stderr)
        return 2
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"k8sdoctest: error: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return 2
    live = docker.unavailable_reason() or "the command line runs the static tier only: run `make test-live`"
    config = settings.from_environment(root, crd_dir=args.crds, k8s=k8s)
    results = [r for page in read_pages(args.paths, root) for r in verify_page(page, config)]
    report = build(results, {"live": live})
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
        for result in results:
            for line in text_lines(result):
                print(line)
        counts = ", ".join(f"{n} {s}" for s, n in sorted(report["counts"].items()))
        print(f"k8sdoctest: {len(results)} blocks: {counts or 'none'}", file=sys.stderr)
    return 1 if any(r.status == "failed" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
