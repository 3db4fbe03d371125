from k8sdoctest import crdfetch


def test_fetch_checks_sha256(tmp_path):
    source = tmp_path / "src.yaml"
    source.write_bytes(b"kind: CustomResourceDefinition\n")
    good = crdfetch.Pinned("a/good.yaml", crdfetch.digest(source.read_bytes()), source.as_uri())
    bad = crdfetch.Pinned("a/bad.yaml", "0" * 64, source.as_uri())
    errors = crdfetch.fetch(tmp_path / "crds", [good, bad])
    assert (tmp_path / "crds" / "a" / "good.yaml").is_file()
    assert not (tmp_path / "crds" / "a" / "bad.yaml").exists()
    assert len(errors) == 1 and "does not match the pinned" in errors[0]


def test_pinned_list_covers_all_four_projects():
    dirs = {p.path.split("/")[0] for p in crdfetch.pinned()}
    assert dirs == {"calico-v3.32.1", "cilium-v1.17.3", "gateway-api-v1.6.1", "prometheus-operator-v0.93.0"}
