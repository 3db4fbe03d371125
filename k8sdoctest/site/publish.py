"""What the site serves for download: exactly the verified text of each block, never a copy of snippets/.

A whole-file include is served at `snippets/<file>`; a section at `snippets/<dir>/<stem>.<section><suffix>`.
The content is the block's verified text (section markers and nested includes already resolved),
so symlinks, FIFOs and lines outside a section are never published.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..model import Block
from ..source.includes import INCLUDE, SNIPPETS, split_spec


def download_path(rel: str, source: str, block: Block) -> str | None:
    """The site path for a block whose body is one inline include, else None (nothing single to download)."""
    lines = source.split("\n")
    if not block.included or block.line + 1 >= len(lines) or not lines[block.line + 1].lstrip().startswith(("```", "~~~")):
        return None
    inc = INCLUDE.match(lines[block.line])
    if inc is None or inc.group("escape") or not inc.group("quoted"):
        return None
    name, section, _ = split_spec(inc.group("quoted")[1:-1].strip())
    path = PurePosixPath(SNIPPETS) / PurePosixPath(name.strip())
    if section:
        path = path.with_name(f"{path.stem}.{section}{path.suffix}")
    return path.as_posix()


def write(site_dir: Path, downloads: dict[str, str]) -> None:
    """Write every download; the paths come from includes already confined to snippets/."""
    site = site_dir.resolve()
    for rel, text in sorted(downloads.items()):
        dest = site / rel
        if not dest.resolve().is_relative_to(site / SNIPPETS):
            raise ValueError(f"{rel}: outside the site's snippets/")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
