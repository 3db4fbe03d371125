"""The `kubectl` that shell blocks find on PATH: the guard, then the pinned kubectl with the run's kubeconfig.

`write(bin_dir, …)` writes a small script whose paths are baked in (not read from the
environment the block controls). Each call is refused, before anything runs, when it
names another kubeconfig, server, token, context, cluster or user, runs `kubectl config`,
or when KUBECONFIG no longer names the run's kubeconfig; otherwise the guard checks the
effective configuration again and the real kubectl runs with `--kubeconfig` forced.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

from . import guard

REFUSED = 126  # the exit code of a refused call: "command found but not runnable"


def write(bin_dir: Path, kubectl: str, kubeconfig: Path, run_dir: Path, name: str) -> Path:
    """The wrapper script `bin_dir/kubectl` and its read-only settings."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    settings = bin_dir / "guard.json"
    settings.write_text(json.dumps({"kubectl": kubectl, "kubeconfig": str(kubeconfig), "run_dir": str(run_dir), "name": name}))
    settings.chmod(0o444)
    script = bin_dir / "kubectl"
    # -I: the block's environment (PYTHONPATH, …) cannot change which guard runs; the package path is baked in.
    package = str(Path(__file__).resolve().parents[2])
    code = f"import sys; sys.path.insert(0, {package!r}); from k8sdoctest.live.wrapper import main; sys.exit(main(sys.argv[1:]))"
    script.write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -I -c {shlex.quote(code)} {shlex.quote(str(settings))} \"$@\"\n")
    script.chmod(0o555)
    return script


def main(argv: list[str]) -> int:
    settings = json.loads(Path(argv[0]).read_text())
    args = argv[1:]
    why = guard.refused_args(args)
    if why is None and os.environ.get("KUBECONFIG") != settings["kubeconfig"]:
        why = f"KUBECONFIG is {os.environ.get('KUBECONFIG')!r}, not this run's kubeconfig: refused by the live guard"
    if why is None:
        try:
            guard.check(Path(settings["kubeconfig"]), Path(settings["run_dir"]), settings["name"])
        except guard.GuardError as exc:
            why = str(exc)
    if why is not None:
        print(f"k8sdoctest guard: {why}", file=sys.stderr)
        return REFUSED
    os.execv(settings["kubectl"], [settings["kubectl"], "--kubeconfig", settings["kubeconfig"], *args])
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
