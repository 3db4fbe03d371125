import pytest

from k8sdoctest.checks import apiserver

from .helpers import run_check, yaml_block

SVC = """apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: {type}
  selector:
    app: web
  ports:
    - name: http
      port: 80
{extra}"""

DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: {label}
    spec:
      containers:
        - name: c
          image: nginx
          ports:
            - name: {port}
              containerPort: 80
          resources:
            requests:
              cpu: {cpu}
"""


def messages(text):
    block = yaml_block(text)
    result = run_check("apiserver", text)
    return [(block.where(f.line), f.message) for f in result.findings]


def test_valid_objects_pass_and_say_they_approximate_the_server():
    result = run_check("apiserver", SVC.format(type="ClusterIP", extra=""))
    assert result.status == "passed" and "dry-run is authoritative" in result.message
    assert messages(DEPLOY.format(label="web", port="http", cpu="250m")) == []


@pytest.mark.parametrize(
    ("type_", "extra", "expected"),
    [
        ("NodePort", "  healthCheckNodePort: 32000\n  externalTrafficPolicy: Local\n",
         "spec.healthCheckNodePort: Invalid value: 32000: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"),
        ("ClusterIP", "  externalTrafficPolicy: Local\n", 'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible'),
        ("NodePort", "  sessionAffinity: Sticky\n", 'spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"'),
        ("LoadBalancer", "  clusterIP: None\n", "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer services"),
        ("ExternalName", "  clusterIP: 10.0.0.1\n", "spec.clusterIPs: Forbidden: may not be set for ExternalName services"),
        ("ClusterIP", "  clusterIP: 10.96.0.300\n", 'spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address'),
        ("Bogus", "", 'spec.type: Unsupported value: "Bogus"'),
    ],
)
def test_service_rules(type_, extra, expected):
    assert any(expected in m for _, m in messages(SVC.format(type=type_, extra=extra)))


def test_service_ports_names_duplicates_and_node_port_range():
    text = SVC.format(type="NodePort", extra="").replace(
        "    - name: http\n      port: 80\n",
        "    - name: http\n      port: 80\n      nodePort: 8080\n    - name: http\n      port: 80\n    - port: 81\n      name: Bad_Name\n",
    )
    found = [m for _, m in messages(text)]
    assert "spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767" in found
    assert 'spec.ports[1].name: Duplicate value: "http"' in found
    assert 'spec.ports[1]: Duplicate value: {"port": 80, "protocol": "TCP"}' in found
    assert any(m.startswith('spec.ports[2].name: Invalid value: "Bad_Name": a lowercase RFC 1123 label') for m in found)


def test_workload_rules_point_at_the_field():
    found = messages(DEPLOY.format(label="api", port="very-long-port-name", cpu="one"))
    assert ("x.yaml:12", 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`') in found
    assert ("x.yaml:18", 'spec.template.spec.containers[0].ports[0].name: Invalid value: "very-long-port-name": must be no more than 15 characters') in found
    assert any(m.startswith('spec.template.spec.containers[0].resources.requests[cpu]: Invalid value: "one": quantities must match') for _, m in found)


def test_names_and_labels():
    found = [m for _, m in messages("apiVersion: v1\nkind: Service\nmetadata:\n  name: 1web\n  labels:\n    bad key: x\n    ok: '-bad-'\n")]
    assert any(m.startswith('metadata.name: Invalid value: "1web": a DNS-1035 label') for m in found)
    assert any(m.startswith('metadata.labels: Invalid value: "bad key": name part must consist of') for m in found)
    assert any(m.startswith('metadata.labels: Invalid value: "-bad-": a valid label must be') for m in found)


def test_ingress_and_network_policy_structure():
    ingress = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: i
spec:
  rules:
    - http:
        paths:
          - path: api
            pathType: Prefix
            backend:
              service:
                name: s
                port: {}
"""
    found = [m for _, m in messages(ingress)]
    assert 'spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path' in found
    assert "spec.rules[0].http.paths[0].backend: Required value: port name or number is required" in found
    policy = """apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: p
spec:
  podSelector: {}
  policyTypes: [Ingress, Outbound]
  ingress:
    - from:
        - ipBlock:
            cidr: 10.0.0.0/8
            except: [192.168.0.0/16]
          podSelector: {}
        - {}
      ports:
        - port: 80
          endPort: 70
"""
    found = [m for _, m in messages(policy)]
    for expected in (
        'spec.policyTypes[1]: Unsupported value: "Outbound": supported values: "Ingress", "Egress"',
        "spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer",
        'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.0.0/16": must be a strict subset of `cidr`',
        "spec.ingress[0].from[1]: Required value: must specify a peer",
        "spec.ports[0].endPort: Invalid value: 70: must be greater than or equal to `port`".replace("spec.", "spec.ingress[0]."),
    ):
        assert expected in found, (expected, found)


# --- the offline API server's own API ------------------------------------------------------------

def first_doc(text):
    from k8sdoctest.manifests import load

    return load(text)[0][0]


def test_field_errors_print_like_kube_apiserver():
    from k8sdoctest.apiserver import validate

    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, "spec": {"ports": [{"port": 0}]}}
    err, target = validate(svc, ("1.34",))  # targetPort is defaulted to port, so it is 0 too
    assert str(err) == "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"
    assert str(target) == "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive"
    assert err.versions == ("1.34",) and err.data_path == ["spec", "ports", 0, "port"]


def test_findings_for_points_at_the_line_and_names_the_versions_that_differ():
    doc = first_doc("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n  trafficDistribution: PreferSameZone\n")
    found = list(apiserver.findings_for(doc, ("1.30", "1.31", "1.32", "1.33", "1.34")))
    assert [(f.line, f.message) for f in found] == [
        (7, 'spec.trafficDistribution: Unsupported value: "PreferSameZone": supported values: "PreferClose" [Kubernetes 1.31–1.33]'),
    ]
    assert list(apiserver.findings_for(doc, versions=("1.34", "1.35"))) == []  # PreferSameZone is accepted from 1.34


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        # StatefulSet names became DNS labels in 1.27 (kubernetes#114172)
        ("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db.primary\nspec:\n  serviceName: db\n  selector: {matchLabels: {a: b}}\n"
         "  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}\n", "1.26", "1.27"),
        # relaxed environment variable names: beta (on) in 1.32, so a name starting with a digit is rejected before
        ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: c, image: i, env: [{name: 1ST, value: x}]}]\n", "1.32", "1.31"),
        # relaxed DNS search paths (underscores): beta in 1.33
        ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  dnsConfig: {searches: [_sip._tcp.example.com]}\n  containers: [{name: c, image: i}]\n",
         "1.33", "1.32"),
    ],
)
def test_rules_that_changed_between_versions(text, old, new):
    doc = first_doc(text)
    rejected = {v for v in ("1.25", "1.26", "1.27", "1.31", "1.32", "1.33", "1.34") if list(apiserver.findings_for(doc, (v,)))}
    assert (old in rejected) != (new in rejected)


def test_cluster_state_rules_are_listed_not_checked():
    from k8sdoctest.apiserver import NOT_CHECKED_OFFLINE, VALIDATORS

    assert {"admission webhooks", "pod security", "quotas and limits", "object references"} <= set(NOT_CHECKED_OFFLINE)
    assert all(isinstance(why, str) and why for why in NOT_CHECKED_OFFLINE.values())
    assert ("apps", "Deployment") in VALIDATORS and ("networking.k8s.io", "Ingress") in VALIDATORS


def test_statefulset_pod_template_is_not_validated_like_upstream():
    # kubernetes#81147: the StatefulSet registry checks the template's labels, not its Pod spec
    text = ("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector: {matchLabels: {a: b}}\n"
            "  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: Bad_Name, image: i}]}}\n")
    assert list(apiserver.findings_for(first_doc(text), ("1.34",))) == []


def test_tz_in_a_cronjob_schedule_is_refused_on_create_from_1_27():
    text = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: 'CRON_TZ=UTC 0 3 * * *'\n" \
           "  jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: i}]}}}}\n"
    (finding,) = apiserver.findings_for(first_doc(text), ("1.26", "1.27"))
    assert finding.message.endswith("cannot use TZ or CRON_TZ in schedule, use timeZone field instead [Kubernetes 1.27]")


def test_a_list_is_validated_item_by_item():
    from k8sdoctest.apiserver import validate

    items = [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ok"}},
             {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"}, "spec": {"ports": [{"port": 0, "targetPort": 80}]}}]
    found = [str(e) for e in validate({"apiVersion": "v1", "kind": "List", "items": items}, ("1.34",))]
    assert found == ["items[1].spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"]
