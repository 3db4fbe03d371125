"""An end-to-end comparison: `make bench` (or python bench/compare.py [--sizes 2000,20000] [--quick]).

Every row is a cold process, started from nothing, on the same corpus and the same
Kubernetes versions, timed from exec to exit (wall and CPU of the process and its children,
peak RSS from wait4). Nothing is warmed in-process: the persistent cache is an empty
directory ("cold") or the one filled by the previous row ("warm"), as named in the row.
A row that leaves no state behind and takes seconds runs 3 times, fastest kept, baselines
included (the machine is shared); the kubernetes-validate rows on core-N take minutes: one run.

Corpora (generated into a temporary directory):
- core-N: N built-in documents (Service, Deployment, ConfigMap, NetworkPolicy, Ingress …),
  as YAML files of 20 documents and as Markdown pages of 20 one-document blocks;
- mixed: the 2,000 core documents plus 200 Gateway API HTTPRoutes (CRD schema and CEL);
- bash-200: 200 shell blocks (kubectl, pipes, loops);
- the guide itself (docs/), and its YAML alone for kubernetes-validate.

The kubectl grammar: k8sdoctest reads data/kubectl-grammar.json when the kubectl it runs is the
binary that file was recorded from (by sha256), as here; the rows "grammar read from its --help"
make it read the binary's help instead, as for any other kubectl (one process per command path).

Compared: the k8sdoctest CLI; the kubernetes-validate CLI (one process, all files);
kubernetes-validate's Python API in one process; a bare jsonschema-rs loop (YAML read with the
C loader, one compiled validator per kind): the ceiling for strict schema validation alone.
k8sdoctest does more than schema validation (API-server rules, deprecations, consistency …):
its ratios to kubernetes-validate are end to end, not per check.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VERSION = "1.37"  # kubernetes-validate's CLI checks one version a run: the like-for-like rows use one
DOCS_PER_FILE = 20
REPEAT = 3  # runs of a row that leaves no state behind; the fastest is kept

TEMPLATES = {
    "Service": """apiVersion: v1
kind: Service
metadata:
  name: web-{n}
  namespace: shop
spec:
  selector:
    app: web-{n}
  ports:
    - name: http
      port: 80
      targetPort: 8080
""",
    "Deployment": """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-{n}
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web-{n}
  template:
    metadata:
      labels:
        app: web-{n}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.{n}
          ports:
            - containerPort: 8080
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
""",
    "ConfigMap": """apiVersion: v1
kind: ConfigMap
metadata:
  name: settings-{n}
  namespace: shop
data:
  LOG_LEVEL: info
  FEATURE_{n}: "on"
""",
    "NetworkPolicy": """apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-web-{n}
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web-{n}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              role: frontend
      ports:
        - protocol: TCP
          port: 8080
""",
    "Ingress": """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web-{n}
  namespace: shop
spec:
  ingressClassName: nginx
  rules:
    - host: web-{n}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web-{n}
                port:
                  number: 80
""",
}

HTTPROUTE = """apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: route-{n}
  namespace: shop
spec:
  parentRefs:
    - name: gateway
      namespace: infra
  hostnames:
    - "web-{n}.example.com"
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /api
      backendRefs:
        - name: web-{n}
          port: 80
"""

SHELL = [
    'kubectl get pods -n shop -l app=web-{n} -o wide\n',
    'for ns in shop infra; do\n  kubectl get svc -n "$ns"\ndone\n',
    'kubectl logs deploy/web-{n} -n shop --tail=50 | grep -i error || true\n',
    'POD=$(kubectl get pod -n shop -l app=web-{n} -o jsonpath="{{.items[0].metadata.name}}")\nkubectl exec -n shop "$POD" -- nslookup web-{n}\n',
    'kubectl rollout status deployment/web-{n} -n shop --timeout=120s\n',
]


def core_docs(count: int) -> list[str]:
    kinds = list(TEMPLATES.values())  # the five kinds of one group share a name: the Service selects the Deployment's Pods
    return [kinds[n % len(kinds)].format(n=n // len(kinds)) for n in range(count)]


def write_yaml(dest: Path, docs: list[str]) -> Path:
    dest.mkdir(parents=True)
    for start in range(0, len(docs), DOCS_PER_FILE):
        (dest / f"f{start // DOCS_PER_FILE:05}.yaml").write_text("---\n".join(docs[start:start + DOCS_PER_FILE]))
    return dest


def write_markdown(dest: Path, blocks: list[tuple[str, str]]) -> Path:
    """Pages of DOCS_PER_FILE blocks; each block (language, text)."""
    dest.mkdir(parents=True)
    for start in range(0, len(blocks), DOCS_PER_FILE):
        body = [f'---\ntitle: Page {start}\ndescription: generated\nk8s: "1.25-1.37"\n---\n\n# Page {start}\n']
        for language, text in blocks[start:start + DOCS_PER_FILE]:
            body.append(f"\n```{language}\n{text.rstrip()}\n```\n")
        (dest / f"p{start // DOCS_PER_FILE:05}.md").write_text("".join(body))
    return dest


@dataclass
class Row:
    name: str
    wall: float
    cpu: float
    rss_mib: float
    code: int


def measure(name: str, argv: list[str], env: dict[str, str], repeat: int = 1) -> Row:
    """One process from exec to exit: wall clock, CPU of it and its children, peak RSS (wait4).

    A row that does not change state (no cache, or a cache already warm) runs `repeat` times
    and keeps the fastest: the machine is shared, and a slower run measures the neighbours.
    """
    best: Row | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        row = Row(name, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))
        best = row if best is None or row.wall < best.wall else best
    assert best is not None
    runs = f"best of {repeat}" if repeat > 1 else "1 run"
    print(f"  {best.name:<62} {best.wall:8.2f} s {best.cpu:8.2f} s {best.rss_mib:7.0f} MiB  exit {best.code}  ({runs})", flush=True)
    return best


def k8sdoctest(paths: list[Path], *extra: str) -> list[str]:
    return [sys.executable, "-m", "k8sdoctest", "verify", *map(str, paths), "--root", str(ROOT), *extra]


def from_help(paths: list[Path], *extra: str) -> list[str]:
    return [sys.executable, "-c", GRAMMAR_FROM_HELP, "verify", *map(str, paths), "--root", str(ROOT), *extra]


def kv_cli(files: list[Path]) -> list[str]:
    return [str(BIN / "kubernetes-validate"), "-k", f"{VERSION}.0", "--strict", "--quiet", *map(str, files)]


KV_API = textwrap.dedent("""
    import sys, yaml, kubernetes_validate
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sys.argv[2:]:
        for doc in yaml.load_all(open(path), Loader=loader):
            try:
                kubernetes_validate.validate(doc, sys.argv[1], strict=True)
            except Exception:
                pass
""")

CEILING = textwrap.dedent("""
    import json, re, sys, yaml, jsonschema_rs
    from importlib import resources
    from pathlib import Path
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    root = Path(str(resources.files("kubernetes_validate"))) / "kubernetes-json-schema" / f"v{sys.argv[1]}.0-local-strict"
    defs = json.loads((root / "_definitions.json").read_text())["$defs"]
    validators = {}
    for path in sys.argv[2:]:
        for doc in yaml.load_all(open(path), Loader=loader):
            key = (doc["apiVersion"], doc["kind"])
            if key not in validators:
                suffix = re.sub(r"^([^./]*)(?:\\.[^/]*)?/", r"\\1-", key[0])
                schema = json.loads((root / f"{key[1].lower()}-{suffix}.json").read_text().replace('"/api/_definitions.json#', '"#'))
                schema["$defs"] = defs
                validators[key] = jsonschema_rs.Draft202012Validator(schema)
            list(validators[key].iter_errors(doc))
""")


# The CLI as run by a kubectl that is not the binary data/kubectl-grammar.json was recorded from: its grammar is read from its help.
GRAMMAR_FROM_HELP = textwrap.dedent("""
    import sys
    from k8sdoctest.checks import kubectl_grammar
    kubectl_grammar._data = lambda: {}
    from k8sdoctest.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def forget_blocks(xdg: Path) -> None:
    """Keep the tool outputs (the kubectl grammar) of a cache, drop its block results: a page edited, the tools unchanged."""
    for db in (xdg / "k8sdoctest").glob("cache-v*.sqlite"):
        with sqlite3.connect(db) as conn:
            conn.execute("DELETE FROM entries WHERE space = 'block'")


def per_block_baseline(texts: list[str]) -> list[str]:
    """The old way: one `bash -n` and one shellcheck process per block, in a row."""
    script = textwrap.dedent(f"""
        import subprocess, sys
        texts = {texts!r}
        for text in texts:
            subprocess.run([{shutil.which("bash")!r}, "-n"], input=text, capture_output=True, text=True)
            subprocess.run([{str(BIN / "shellcheck")!r}, "--shell=bash", "--format=json1", "--severity=style", "-"],
                           input=text, capture_output=True, text=True)
    """)
    return [sys.executable, "-c", script]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000,20000", help="core document counts (default 2000,20000)")
    parser.add_argument("--quick", action="store_true", help="skip kubernetes-validate (CLI and API) on the largest corpus (~8 min)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="k8sdoctest-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = {k: v for k, v in os.environ.items() if not k.startswith("K8SDOCTEST_") and k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(tmp / "pycache"))  # bytecode as an installed package has it
        cold_cache = lambda name: dict(env, XDG_CACHE_HOME=str(tmp / "cache" / name))  # noqa: E731
        print(f"{'':2}{'row':<62} {'wall':>10} {'cpu':>10} {'peak RSS':>11}")
        measure("(warm-up: bytecode compiled once, as pip does on install)", k8sdoctest([ROOT / "docs"], "--no-cache"), env)
        rows: dict[str, Row] = {}
        for size in sizes:
            docs = core_docs(size)
            ydir = write_yaml(tmp / f"core-{size}-yaml", docs)
            mdir = write_markdown(tmp / f"core-{size}-md", [("yaml", d) for d in docs])
            files = sorted(ydir.iterdir())
            print(f"core-{size}: {size} built-in documents, Kubernetes {VERSION} (YAML: {len(files)} files)")
            rows[f"ours-{size}"] = measure("k8sdoctest CLI, YAML, --no-cache", k8sdoctest([ydir], "--k8s", VERSION, "--no-cache"), env, REPEAT)
            measure("k8sdoctest CLI, Markdown, --no-cache", k8sdoctest([mdir], "--k8s", VERSION, "--no-cache"), env, REPEAT)
            measure("k8sdoctest CLI, YAML, --no-cache --jobs 1", k8sdoctest([ydir], "--k8s", VERSION, "--no-cache", "--jobs", "1"), env, REPEAT)
            measure("k8sdoctest CLI, YAML, cold cache", k8sdoctest([ydir], "--k8s", VERSION), cold_cache(f"core-{size}"))
            measure("k8sdoctest CLI, YAML, warm cache", k8sdoctest([ydir], "--k8s", VERSION), cold_cache(f"core-{size}"), REPEAT)
            measure("k8sdoctest CLI, YAML, all 13 versions 1.25–1.37, --no-cache", k8sdoctest([ydir], "--no-cache"), env, REPEAT)
            if not (args.quick and size == max(sizes) and size > 2000):
                rows[f"kv-{size}"] = measure("kubernetes-validate CLI (--strict)", kv_cli(files), env)
                rows[f"api-{size}"] = measure("kubernetes-validate Python API, one process",
                                              [sys.executable, "-c", KV_API, f"{VERSION}.0", *map(str, files)], env)
            ceiling = [sys.executable, "-c", CEILING, VERSION, *map(str, files)]
            rows[f"rs-{size}"] = measure("bare jsonschema-rs loop (ceiling: schema only)", ceiling, env, REPEAT)
        mixed = core_docs(2000) + [HTTPROUTE.format(n=n) for n in range(200)]
        mixed_dir = write_yaml(tmp / "mixed", mixed)
        print("mixed: 2,000 core documents + 200 HTTPRoutes (CRD schema + CEL)")
        measure("k8sdoctest CLI, --no-cache", k8sdoctest([mixed_dir], "--k8s", VERSION, "--no-cache"), env, REPEAT)
        texts = [SHELL[n % len(SHELL)].format(n=n) for n in range(200)]
        bash_dir = write_markdown(tmp / "bash-200", [("bash", t) for t in texts])
        print("bash-200: 200 shell blocks")
        rows["bash-ours"] = measure("k8sdoctest CLI, --no-cache (bash -n, shellcheck, kubectl)", k8sdoctest([bash_dir], "--no-cache"), env, REPEAT)
        rows["bash-help"] = measure("k8sdoctest CLI, --no-cache, kubectl grammar read from its --help",
                                    from_help([bash_dir], "--no-cache"), env, REPEAT)
        measure("k8sdoctest CLI, empty cache", k8sdoctest([bash_dir]), cold_cache("bash"))
        forget_blocks(tmp / "cache" / "bash")
        rows["bash-grammar"] = measure("k8sdoctest CLI, blocks not cached, kubectl grammar cached", k8sdoctest([bash_dir]), cold_cache("bash"))
        measure("k8sdoctest CLI, warm cache", k8sdoctest([bash_dir]), cold_cache("bash"), REPEAT)
        rows["bash-old"] = measure("one bash -n + one shellcheck per block", per_block_baseline(texts), env, REPEAT)
        print("guide: docs/ as pages claim it (1.25–1.37); kubernetes-validate on its YAML files")
        rows["guide-nocache"] = measure("k8sdoctest CLI, docs/, --no-cache", k8sdoctest([ROOT / "docs"], "--no-cache"), env, REPEAT)
        rows["guide-help"] = measure("k8sdoctest CLI, docs/, --no-cache, kubectl grammar read from its --help",
                                     from_help([ROOT / "docs"], "--no-cache"), env, REPEAT)
        measure("k8sdoctest CLI, docs/, empty cache", k8sdoctest([ROOT / "docs"]), cold_cache("guide2"))
        forget_blocks(tmp / "cache" / "guide2")
        rows["guide-grammar"] = measure("k8sdoctest CLI, docs/, blocks not cached, kubectl grammar cached", k8sdoctest([ROOT / "docs"]),
                                        cold_cache("guide2"))
        rows["guide-warm"] = measure("k8sdoctest CLI, docs/, warm cache", k8sdoctest([ROOT / "docs"]), cold_cache("guide2"), REPEAT)
        guide_yaml = sorted((ROOT / "snippets").rglob("*.yaml"))
        rows["guide-ours-1"] = measure(f"k8sdoctest CLI, snippets/*.yaml, {VERSION}, --no-cache",
                                       k8sdoctest(guide_yaml, "--k8s", VERSION, "--no-cache"), env, REPEAT)
        rows["guide-kv"] = measure(f"kubernetes-validate CLI, snippets/*.yaml, {VERSION}", kv_cli(guide_yaml), env, REPEAT)
        summary(rows, sizes)


def summary(rows: dict[str, Row], sizes: list[int]) -> None:
    print("\nratios (wall clock; each a like-for-like pair):")
    for size in sizes:
        if f"kv-{size}" in rows:
            print(f"  core-{size}: kubernetes-validate CLI / k8sdoctest CLI = {rows[f'kv-{size}'].wall / rows[f'ours-{size}'].wall:.1f}x (target ≥ 40x)")
        print(f"  core-{size}: k8sdoctest CLI / bare jsonschema-rs loop = {rows[f'ours-{size}'].wall / rows[f'rs-{size}'].wall:.1f}x")
    print(f"  guide --no-cache / kubernetes-validate on its YAML = {rows['guide-nocache'].wall / rows['guide-kv'].wall:.2f}x (target ≤ 1.5x)")
    print(f"  guide --no-cache, grammar read from kubectl --help / kubernetes-validate on its YAML = {rows['guide-help'].wall / rows['guide-kv'].wall:.2f}x")
    print(f"  guide, blocks not cached, grammar cached / kubernetes-validate on its YAML = {rows['guide-grammar'].wall / rows['guide-kv'].wall:.2f}x")
    print(f"  guide, warm cache = {rows['guide-warm'].wall:.2f} s (target < 0.3 s)")
    print(f"  bash-200: k8sdoctest --no-cache / per-block processes = {rows['bash-ours'].wall / rows['bash-old'].wall:.2f} (target ≤ 0.5)")
    print(f"  bash-200: k8sdoctest --no-cache, grammar read from kubectl --help / per-block processes = {rows['bash-help'].wall / rows['bash-old'].wall:.2f}")
    print(f"  bash-200: k8sdoctest, grammar cached / per-block processes = {rows['bash-grammar'].wall / rows['bash-old'].wall:.2f}")
    if len(sizes) > 1:
        small, large = rows[f"ours-{min(sizes)}"], rows[f"ours-{max(sizes)}"]
        print(f"  peak RSS, core-{min(sizes)} → core-{max(sizes)}: {small.rss_mib:.0f} → {large.rss_mib:.0f} MiB (target: flat)")


if __name__ == "__main__":
    main()
