"""Settings: the one place that reads the environment, here for the CRD directories."""

from pathlib import Path

from k8sdoctest import settings


def test_crd_directories_from_the_variable_joined_by_colons(tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    env = {settings.CRDS_ENV: f"{a}:{tmp_path / 'missing'}:{b}"}
    assert settings.from_environment(tmp_path / "root", env).crd_dirs == (a, b)  # those that exist, in order


def test_crd_directories_default_to_crds_then_shared_crds_and_crds_next(tmp_path: Path):
    root = tmp_path / "checkout"
    root.mkdir()
    assert settings.from_environment(root, {}).crd_dirs == ()
    (tmp_path / "shared" / "crds-next").mkdir(parents=True)
    (tmp_path / "shared" / "crds").mkdir()
    assert settings.from_environment(root, {}).crd_dirs == (tmp_path / "shared/crds", tmp_path / "shared/crds-next")
    assert settings.from_environment(root, {settings.CRDS_ENV: str(tmp_path / "nowhere")}).crd_dirs[0] == tmp_path / "shared/crds"
    (root / "crds").mkdir()  # `make crds` fetched every pinned set into one directory
    assert settings.from_environment(root, {}).crd_dirs == (root / "crds",)
    assert settings.from_environment(root, {}, crd_dirs=(tmp_path,)).crd_dirs == (tmp_path,)  # `--crds` wins


def test_a_relative_root_finds_the_shared_crds_beside_it(tmp_path, monkeypatch):
    (tmp_path / "shared" / "crds").mkdir(parents=True)
    (tmp_path / "project").mkdir()
    monkeypatch.chdir(tmp_path / "project")
    assert settings.default_crd_dirs(Path("."), {}) == ((tmp_path / "shared" / "crds").resolve(),)
