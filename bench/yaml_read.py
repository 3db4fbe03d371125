"""Benchmark of YAML reading: `python bench/yaml_read.py [documents]`.

Reads one multi-document stream of Services and Deployments (2,000 documents by
default) with the current reader (checks/parse.py: PyYAML CSafeLoader) and with
manifests.py (libyaml + go-yaml v2 rules), best of five runs each, and checks
that both give the same data for these plain documents.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from k8sdoctest import manifests  # noqa: E402
from k8sdoctest.checks import parse  # noqa: E402

SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: web-{i}
  namespace: shop
  labels: {{app: web-{i}, tier: frontend}}
spec:
  type: ClusterIP
  selector:
    app: web-{i}
  ports:
    - name: http
      port: 80
      targetPort: 8080
      protocol: TCP
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-{i}
  namespace: shop
  annotations:
    note: "rolled out at 2024-01-01"
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web-{i}
  template:
    metadata:
      labels:
        app: web-{i}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          args: ["--port", "8080", "--verbose"]
          ports:
            - containerPort: 8080
          resources:
            requests: {{cpu: 100m, memory: 64Mi}}
            limits: {{cpu: 500m, memory: 128Mi}}
          readinessProbe:
            httpGet: {{path: /healthz, port: 8080}}
            periodSeconds: 5
"""


def stream(count: int) -> str:
    return "---\n".join((SERVICE if i % 2 else DEPLOYMENT).format(i=i) for i in range(count))


def best(load: Callable[[str], tuple[list[Any], Any]], text: str, runs: int = 5) -> float:
    """Least CPU time of the process over `runs` reads (CPU time: other processes on the machine do not count)."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        docs, error = load(text)
        times.append(time.process_time() - start)
        assert error is None, error
        del docs
    return min(times)


def without_gc(load: Callable[[str], tuple[list[Any], Any]]) -> Callable[[str], tuple[list[Any], Any]]:
    def run(text: str) -> tuple[list[Any], Any]:
        gc.disable()
        try:
            return load(text)
        finally:
            gc.enable()

    return run


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    text = stream(count)
    old_docs, _ = parse.load(text)
    new_docs, _ = manifests.load(text)
    assert [d.data for d in old_docs] == [d.data for d in new_docs], "the readers disagree on plain documents"
    old, old_nogc, new = best(parse.load, text), best(without_gc(parse.load), text), best(manifests.load, text)
    print(f"{count} documents, {len(text) / 1e6:.2f} MB, best of 5, CPU time")
    print(f"checks/parse.load (PyYAML CSafeLoader):          {old * 1000:7.1f} ms")
    print(f"checks/parse.load, cyclic GC off during the read: {old_nogc * 1000:7.1f} ms")
    print(f"manifests.load (libyaml, go-yaml rules):         {new * 1000:7.1f} ms  ({old / new:.1f}x faster than parse.load)")


if __name__ == "__main__":
    main()
