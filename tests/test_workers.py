"""`--jobs N`: the same output, in the same order, and the same report as one process."""

import json

from k8sdoctest import workers
from k8sdoctest.cli import main
from k8sdoctest.source.files import find_files

from .helpers import ROOT

SNIPPETS = ROOT / "snippets"


def run(capsys, tmp_path, jobs):
    path = tmp_path / f"jobs{jobs}.json"
    code = main(["verify", str(SNIPPETS), "--root", str(ROOT), "--no-cache", "--jobs", str(jobs), "--report", str(path)])
    out, _ = capsys.readouterr()
    data = json.loads(path.read_text())
    data.pop("created")
    return code, out, data


def test_workers_change_nothing_but_the_time(capsys, tmp_path):
    assert len(list(find_files([SNIPPETS]))) >= workers.PARALLEL_FROM  # large enough to be spread over workers
    one = run(capsys, tmp_path, 1)
    three = run(capsys, tmp_path, 3)
    assert one == three
    files = [p.relative_to(ROOT).as_posix() for p in find_files([SNIPPETS]) if not p.name.startswith("_")]  # _glossary.md: no block
    assert [b["page"] for b in one[2]["blocks"]] == files  # one block a file, in the order the files are found


def test_chunks_keep_file_order(tmp_path, monkeypatch):
    for n in range(12):
        (tmp_path / f"{n:02}.yaml").write_text(f"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns{n}\n")
    monkeypatch.setattr(workers, "PARALLEL_FROM", 4)
    monkeypatch.setattr(workers, "CHUNK", 2)
    from k8sdoctest import settings

    config = settings.from_environment(tmp_path)
    serial = [r.block.page for r in workers.verify_files([tmp_path], tmp_path, config, jobs=1)]
    spread = [r.block.page for r in workers.verify_files([tmp_path], tmp_path, config, jobs=2)]
    assert serial == spread == [f"{n:02}.yaml" for n in range(12)]


def test_shell_blocks_wait_for_their_batch_but_keep_page_order(tmp_path):
    from k8sdoctest import settings
    from k8sdoctest.source.pages import read_page
    from k8sdoctest.verify import prepare, verify_pages

    page = tmp_path / "p.md"
    page.write_text("# P\n\n```bash\nkubectl get pods\n```\n\n```yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n```\n\n"
                    "```bash\necho $undefined_var\n```\n")
    config = settings.from_environment(tmp_path)
    pages = [read_page(page, tmp_path)]
    late = prepare(pages, config)
    assert "bash" in late  # shellcheck and bash -n started in the background for the shell blocks
    waited = verify_pages(pages, config, late)
    assert [r.block.language for r in waited] == ["bash", "yaml", "bash"]
    assert waited == verify_pages(pages, config)


def test_chunks_are_bounded_by_bytes_so_memory_is_flat(tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "CHUNK_BYTES", 100)
    files = []
    for n, size in enumerate([40, 40, 40, 250, 10, 10]):
        path = tmp_path / f"{n}.yaml"
        path.write_text("#" * size)
        files.append(path)
    runs = [[p.name for p in run] for run in workers.chunks(files)]
    assert runs == [["0.yaml", "1.yaml"], ["2.yaml"], ["3.yaml"], ["4.yaml", "5.yaml"]]  # a larger file is a chunk alone
    assert len(list(workers.chunks(files[4:] * 4, parts=4))) == 4  # spread over workers: at least `parts` runs
