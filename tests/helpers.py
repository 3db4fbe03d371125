"""Small builders shared by the tests."""

from __future__ import annotations

from pathlib import Path

from k8sdoctest import settings, versions
from k8sdoctest.checks import Target, registry
from k8sdoctest.model import Block, BlockResult, CheckResult, Claims, Page
from k8sdoctest.source import markdown
from k8sdoctest.source.pages import from_file
from k8sdoctest.verify import verify_block

ROOT = Path(__file__).resolve().parent.parent
SHARED_CRDS = ROOT.parent / "shared" / "crds"


def config(root: Path = ROOT) -> settings.Settings:
    return settings.from_environment(root)


def crd_dir() -> tuple[Path, ...] | None:
    """The run's CRD directories, None when there are none."""
    return config().crd_dirs or None


def md_page(text: str, root: Path = ROOT, k8s: tuple[str, ...] = versions.ALL) -> Page:
    return markdown.read(text, "page.md", root, k8s)[0]


def md_blocks(text: str, root: Path = ROOT, k8s: tuple[str, ...] = versions.ALL) -> list[Block]:
    return list(md_page(text, root, k8s).blocks)


def yaml_page(text: str, k8s: tuple[str, ...] = versions.ALL, language: str = "yaml", name: str = "x.yaml",
              crds: tuple[str, ...] = ()) -> Page:
    return from_file(name, text, language, Claims(k8s, crds=crds))


def yaml_block(text: str, k8s: tuple[str, ...] = versions.ALL, crds: tuple[str, ...] = ()) -> Block:
    """A plain YAML file's block; `crds` is the CRD-set claim (`crds:` front matter / `crds=` directive)."""
    return yaml_page(text, k8s, crds=crds).blocks[0]


def page_of(block: Block) -> Page:
    return Page(block.page, block.claims, (block,))


def verify(block: Block, page: Page | None = None, root: Path = ROOT) -> BlockResult:
    return verify_block(block, page or page_of(block), config(root))


def run_check(name: str, text: str, k8s: tuple[str, ...] = versions.ALL, language: str = "yaml") -> CheckResult | None:
    """One registered check on a one-block page, as verify would run it."""
    page = yaml_page(text, k8s, language, "x.sh" if language == "bash" else "x.yaml")
    return registry()[name].run(Target(page.blocks[0], page, config()))
