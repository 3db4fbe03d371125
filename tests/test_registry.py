"""The check registry: a new check is one module and one registration, nothing else."""

import subprocess
import sys
import textwrap

import pytest

from k8sdoctest import badges, checks
from k8sdoctest.checks import Check, Target
from k8sdoctest.model import YAML, CheckResult, Finding
from k8sdoctest.source import claims

from .helpers import md_page, verify


def no_latest_tag(target: Target) -> CheckResult:
    """A toy check: images must not use `:latest`."""
    bad = [Finding("error", "toy-latest", "image uses :latest", d.line) for d in target.docs if ":latest" in str(d.data)]
    return CheckResult.from_findings("toy-latest", bad, "no :latest image")


@pytest.fixture
def toy():
    check = checks.register(Check("toy-latest", "镜像标签", YAML, no_latest_tag, after=("yaml",)))
    yield check
    checks.unregister("toy-latest")


POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:latest\n"


def test_a_registered_check_runs_can_be_skipped_and_has_a_badge_label(toy):
    page = md_page(f"```yaml\n{POD}```\n")
    (block,) = page.blocks
    result = verify(block, page)
    assert result.status == "failed" and any(f.check == "toy-latest" for f in result.findings)
    skipped = md_page(f'<!-- k8sdoctest: skip="toy-latest: 演示" -->\n```yaml\n{POD}```\n')
    result = verify(skipped.blocks[0], skipped)
    assert result.status == "verified" and {c.name: c.status for c in result.checks}["toy-latest"] == "not-run"
    assert "toy-latest" in claims.check_names()
    assert badges.labels()["toy-latest"] == "镜像标签"


def test_unregistered_names_are_refused_by_skip():
    (problem,) = claims.directive('skip="toy-latest: x"', claims.Claims(("1.30",)), -1)[1]
    assert "no such check" in problem.message


def test_every_builtin_module_is_named_for_its_check():
    for module in checks.BUILTIN:
        assert module.replace("_", "-") in checks.registry()


def test_a_name_is_registered_once(toy):
    with pytest.raises(ValueError, match="already registered"):
        checks.register(Check("toy-latest", "x", YAML, no_latest_tag))


def test_a_block_with_every_check_skipped_is_not_verified():
    text = "x=1\n"
    skip = " ".join(f'skip="{n}: 演示"' for n in ("bash-syntax", "shellcheck", "kubectl"))
    page = md_page(f"<!-- k8sdoctest: {skip} -->\n```bash\n{text}```\n")
    result = verify(page.blocks[0], page)
    assert result.status == "failed" and "nothing was verified" in result.summary


def test_another_docs_project_gets_its_blocks_as_tests_with_a_one_line_conftest(tmp_path):
    (tmp_path / "page.md").write_text("# x\n\n```yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n```\n\n"
                                      "```yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: Not_OK\n```\n")
    (tmp_path / "conftest.py").write_text("from k8sdoctest.pytest_plugin import collect_markdown as pytest_collect_file  # noqa: F401\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert "1 failed, 1 passed" in proc.stdout, proc.stdout + proc.stderr
    assert "page.md" in proc.stdout and (tmp_path / "build" / "verification.json").is_file()


def test_the_ini_option_alone_enables_collection(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("```bash\necho ok\n```\n")
    (tmp_path / "pytest.ini").write_text(textwrap.dedent("""\
        [pytest]
        k8sdoctest_paths = docs
        """))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert "1 passed" in proc.stdout, proc.stdout + proc.stderr
