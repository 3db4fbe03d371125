from .helpers import verify, yaml_block

CM = """apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  conf: |
    {
      "a": 1,  # a comment
      "b": 2
    }
"""


def test_json_with_comments_is_rejected_at_its_line():
    block = yaml_block(CM)
    result = verify(block)
    (finding,) = [f for f in result.findings if f.check == "embedded"]
    assert "invalid JSON" in finding.message and "no comments" in finding.message
    assert block.where(finding.line) == "x.yaml:8"


def test_valid_json_and_non_json_values_pass():
    ok = CM.replace("  # a comment", "")
    result = verify(yaml_block(ok + "  config.conf: |\n    mode: iptables\n"))
    assert result.status == "verified"
    assert any(c.name == "embedded" and c.status == "passed" for c in result.checks)


def test_conflist_suffix_is_always_json():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  10-net.conflist: 'name: x'\n"
    assert verify(yaml_block(text)).status == "failed"
