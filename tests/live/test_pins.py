from k8sdoctest.live.pins import NODE_IMAGES, Pins, Timeouts


def test_defaults_are_digest_pinned():
    assert all("@sha256:" in image for image in NODE_IMAGES.values())
    assert Pins().node_version == "1.37"


def test_environment_overrides(monkeypatch):
    monkeypatch.setenv("K8SDOCTEST_NODE", "oldest")
    monkeypatch.setenv("K8SDOCTEST_TIMEOUT_READY", "42")
    monkeypatch.setenv("K8SDOCTEST_KIND_VERSION", "v9.9.9")
    assert Pins().node_version == "1.34" and Pins().kind == "v9.9.9"
    assert Timeouts().ready == 42
