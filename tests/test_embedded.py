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


COREFILE = """apiVersion: v1
kind: ConfigMap
metadata:
  name: coredns
data:
  Corefile: |
    .:53 {
        errors
        cache 30  # comments are allowed
        forward . /etc/resolv.conf {
            max_concurrent 1000
        }
    }
"""


def test_valid_corefile_passes():
    result = verify(yaml_block(COREFILE))
    assert result.status == "verified"
    assert any("Corefile" in c.message for c in result.checks if c.name == "embedded")


def test_unknown_plugin_and_unbalanced_braces_fail():
    block = yaml_block(COREFILE.replace("cache 30", "cachee 30"))
    (finding,) = [f for f in verify(block).findings if f.check == "embedded"]
    assert "unknown CoreDNS plugin 'cachee'" in finding.message and block.where(finding.line) == "x.yaml:9"
    unclosed = yaml_block(COREFILE.rstrip().rsplit("\n", 1)[0] + "\n")
    assert "unclosed" in verify(unclosed).findings[0].message


RULE = """apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: r
spec:
  groups:
    - name: g
      rules:
        - alert: A
          expr: {expr}
"""


def test_promql_is_parsed():
    assert verify(yaml_block(RULE.format(expr="'sum(rate(x[5m])) > 1'"))).status == "verified"
    block = yaml_block(RULE.format(expr="'sum(rate(x[5m]) >'"))
    result = verify(block)
    (finding,) = [f for f in result.findings if f.check == "embedded"]
    assert "A: invalid PromQL" in finding.message and block.where(finding.line) == "x.yaml:10"
