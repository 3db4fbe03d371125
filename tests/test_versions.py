import pytest

from k8sdoctest import versions


def test_range_and_single():
    assert versions.parse_range("1.25-1.37") == versions.ALL
    assert versions.parse_range("1.32") == ("1.32",)
    assert versions.parse_range(1.31) == ("1.31",)


@pytest.mark.parametrize("bad", ["1.20-1.30", "1.37-1.25", "latest", "2.0", "1.38"])
def test_bad_ranges_are_rejected(bad):
    with pytest.raises(versions.VersionError):
        versions.parse_range(bad)


def test_describe_compacts_runs():
    assert versions.describe(["1.25", "1.26", "1.27", "1.33"]) == "1.25–1.27, 1.33"
    assert versions.describe([]) == "none"
