"""Small builders shared by the tests."""

from __future__ import annotations

from pathlib import Path

from sybil import Document

from k8sdoctest import versions
from k8sdoctest.collect import page_blocks
from k8sdoctest.model import Block, Meta
from k8sdoctest.verify import Context, verify_block

ROOT = Path(__file__).resolve().parent.parent
SHARED_CRDS = ROOT.parent / "shared" / "crds"


def crd_dir() -> tuple[Path, ...] | None:
    from k8sdoctest.checks import crd

    return crd.default_dirs(ROOT) or None


def md_blocks(text: str, root: Path = ROOT, k8s: tuple[str, ...] = versions.ALL) -> list[Block]:
    return [b for _, b in page_blocks(Document(text, str(root / "page.md")), "page.md", root, k8s)]


def yaml_block(text: str, k8s: tuple[str, ...] = versions.ALL) -> Block:
    from k8sdoctest.blocks import block_from_file

    return block_from_file("x.yaml", text, "yaml", Meta(k8s))


def verify(block: Block):
    return verify_block(block, Context(root=ROOT, crd_dir=crd_dir()))
