"""The persistent cache: a warm run reports exactly what a cold one does, and does not run the checks again."""

import json
from dataclasses import replace

import pytest

from k8sdoctest import cache, checks, settings, verify
from k8sdoctest.cli import main
from k8sdoctest.model import CheckResult, Finding

from .helpers import ROOT, md_page

GUIDE = ROOT / "docs"


def report_of(capsys, path, *extra):
    code = main(["verify", str(GUIDE), "--root", str(ROOT), "--report", str(path), *extra])
    out, _ = capsys.readouterr()
    data = json.loads(path.read_text())
    data.pop("created")  # the one field that differs between two runs by design
    return code, out, data


def test_reports_are_identical_with_and_without_the_cache(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cold = report_of(capsys, tmp_path / "cold.json")
    warm = report_of(capsys, tmp_path / "warm.json")
    none = report_of(capsys, tmp_path / "none.json", "--no-cache")
    serial = report_of(capsys, tmp_path / "serial.json", "--no-cache", "--jobs", "1")  # the guide is spread over workers by default
    assert cold == warm == none == serial
    assert (tmp_path / "xdg" / "k8sdoctest").is_dir()


def test_a_warm_run_runs_no_check(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert main(["verify", str(GUIDE / "services.md"), "--root", str(ROOT)]) == 0

    def boom(target):
        raise AssertionError("a check ran on a cached block")

    fingerprint = checks.fingerprint()  # the checks' identity, kept while every one of them is replaced by `boom`
    failing = {name: replace(c, run=boom) for name, c in checks.registry().items()}
    monkeypatch.setattr(checks, "_registry", failing)
    monkeypatch.setattr(verify, "fingerprint", lambda: fingerprint)
    assert main(["verify", str(GUIDE / "services.md"), "--root", str(ROOT)]) == 0
    with pytest.raises(AssertionError, match="cached block"):
        main(["verify", str(GUIDE / "services.md"), "--root", str(ROOT), "--no-cache"])


def test_the_key_changes_with_what_decides_the_result():
    page = md_page("```yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n```\n")
    other = md_page("```yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n```\n")
    block = page.blocks[0]
    base = cache.block_key(block, cache.page_digest(page), "checks", "run")
    assert base == cache.block_key(block, cache.page_digest(page), "checks", "run")
    assert base != cache.block_key(other.blocks[0], cache.page_digest(other), "checks", "run")
    assert base != cache.block_key(block, cache.page_digest(page), "checks+mine", "run")
    assert base != cache.block_key(block, cache.page_digest(page), "checks", "other CRDs")
    narrower = md_page("<!-- k8sdoctest: k8s=1.30 -->\n```yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n```\n")
    assert base != cache.block_key(narrower.blocks[0], cache.page_digest(narrower), "checks", "run")


def test_results_round_trip():
    results = [CheckResult("schema", "failed", "m", ("1.30",), (), (Finding("error", "schema", "x", 3),)), CheckResult.not_run("crd", "why")]
    assert cache.decode(cache.encode(results)) == results


def test_a_damaged_store_is_a_miss_not_a_failure(tmp_path):
    (tmp_path / f"cache-v{cache.FORMAT}.sqlite").write_text("not a database")
    store = cache.Store(tmp_path)
    assert store.get("block", "k") is None
    store.put("block", "k", "v")
    store.flush()


def test_the_cache_directory_follows_xdg():
    assert settings.user_cache_dir({"XDG_CACHE_HOME": "/x"}).as_posix() == "/x/k8sdoctest"
    assert settings.user_cache_dir({"HOME": "/home/u"}).as_posix() == "/home/u/.cache/k8sdoctest"


def test_the_publish_gate_never_reads_the_cache():
    """hooks/ decides what may be published from the report alone: it imports neither the cache nor a verifier that could use it."""
    for hook in (ROOT / "hooks").glob("*.py"):
        text = hook.read_text()
        assert "k8sdoctest.cache" not in text and "from k8sdoctest import cache" not in text and "verify_files" not in text, hook


def test_two_writers_both_keep_their_entries(tmp_path):
    """Workers write to one file: a read followed by another writer's commit must not lose this writer's batch."""
    seed = cache.Store(tmp_path)
    seed.put("block", "s", "0")
    seed.flush()
    one, two = cache.Store(tmp_path), cache.Store(tmp_path)
    assert one.get("block", "s") == "0"  # a hit: its read must end here
    two.put("block", "b", "2")
    two.flush()
    one.put("block", "a", "1")
    one.flush()
    fresh = cache.Store(tmp_path)
    assert (fresh.get("block", "a"), fresh.get("block", "b")) == ("1", "2")
