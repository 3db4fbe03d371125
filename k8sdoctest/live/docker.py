"""Is there a Docker engine to run kind on?"""

from __future__ import annotations

import shutil
import subprocess

NO_ENGINE = "no Docker engine: live tier skipped"


def unavailable_reason() -> str | None:
    """None when a Docker engine answers; otherwise the one reason the live tier is skipped."""
    docker = shutil.which("docker")
    if docker is None:
        return NO_ENGINE
    try:
        proc = subprocess.run([docker, "info", "--format", "{{.ServerVersion}}"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return NO_ENGINE
    return None if proc.returncode == 0 and proc.stdout.strip() else NO_ENGINE

