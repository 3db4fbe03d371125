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


def test_pinned_list_covers_every_crd_set():
    dirs = {p.path.split("/")[0] for p in crdfetch.pinned()}
    assert dirs == {
        "calico-v3.32.1", "cilium-v1.17.3", "cilium-v1.19.4", "gateway-api-v1.6.1", "gateway-api-v1.6.1-experimental",
        "network-policy-api-v0.1.8", "network-policy-api-v0.1.8-experimental", "network-policy-api-v0.2.0",
        "network-policy-api-v0.2.0-experimental", "prometheus-operator-v0.93.0",
    }
    assert len(crdfetch.pinned()) == len({p.path for p in crdfetch.pinned()}) == 53


def test_fetched_layout_is_the_one_the_loader_reads(tmp_path):
    """`make crds` writes <dest>/<set>/<file>: the CRD sets of crdsets, the standard Gateway API channel in one set."""
    from k8sdoctest.checks import crdsets

    for item in crdfetch.pinned():
        target = tmp_path / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("")
    sets = crdsets.files_by_set((tmp_path,))
    assert len(sets["gateway-api-v1.6.1"]) == 10 and len(sets["gateway-api-v1.6.1-experimental"]) == 13
    assert all(crdsets.parse_set(name).version for name in sets)
