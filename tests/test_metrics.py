from pathlib import Path

from k8sdoctest.checks import metrics

from .helpers import run_check

ROOT = Path(__file__).resolve().parent.parent


def rule(expr: str, extra: str = "") -> str:
    body = "\n".join("            " + line for line in expr.split("\n"))
    return ("apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\nspec:\n  groups:\n    - name: g\n      rules:\n"
            f"        - alert: ServiceEndpointDown\n          expr: |\n{body}\n{extra}")


# The audit's H3: the guide's alert before the fix.
ORIGINAL = """count by (namespace, endpoint) (kube_endpoint_info)
  unless count by (namespace, endpoint) (kube_endpoint_address{ready="true"})"""


def test_endpoint_metrics_are_not_exported_by_default_since_ksm_2_18():
    result = run_check("metrics", rule(ORIGINAL))
    assert result.status == "failed"
    assert [f.message.split(":")[1].split()[0] for f in result.findings] == ["kube_endpoint_info", "kube_endpoint_address"]
    message = result.findings[0].message
    assert "v2.18.0" in message and "kube_endpointslice" in message and "CHANGELOG" in message and result.findings[0].line == 9


def test_removed_metric_names_its_version_and_replacement():
    result = run_check("metrics", rule('sum(rate(coredns_dns_response_rcode_count_total{rcode="SERVFAIL"}[5m]))'))
    (finding,) = result.findings
    assert finding.level == "error" and "1.7.0" in finding.message and "coredns_dns_responses_total" in finding.message


def test_deprecated_metric_is_a_warning():
    result = run_check("metrics", rule("sum(rate(coredns_forward_requests_total[5m]))"))
    assert result.status == "passed" and result.findings[0].level == "warning"


def test_unknown_metric_is_info_and_histogram_series_are_known():
    result = run_check("metrics", rule("histogram_quantile(0.99, sum by (le) (rate(coredns_dns_request_duration_seconds_bucket[5m])))"
                                       " > on() group_left my_exporter_metric"))
    assert result.status == "passed"
    assert [f.level for f in result.findings] == ["info"] and "my_exporter_metric" in result.findings[0].message


def test_recording_rules_are_not_looked_up():
    text = rule("coredns:request_duration_seconds:p99 > 0.1 and {__name__=\"kube_service_info\"}")
    assert run_check("metrics", text).findings == ()


def test_the_guides_fixed_alerts_pass():
    for name in ("monitoring/network-alerts.yaml", "dns-production/dns-alerts.yaml"):
        result = run_check("metrics", (ROOT / "snippets" / name).read_text())
        assert result.status == "passed" and not [f for f in result.findings if f.level != "info"], name


def test_every_list_has_a_source():
    for exporter in metrics.data()["exporters"]:
        assert exporter["source"].startswith("https://") and exporter["version"]
        for key in ("not_default", "deprecated", "removed"):
            assert all(e["source"].startswith("https://") and e["replacement"] for e in exporter.get(key) or [])
