import pytest

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
        ("NodePort", "  healthCheckNodePort: 32000\n  externalTrafficPolicy: Local\n", "healthCheckNodePort may only be set"),
        ("ClusterIP", "  externalTrafficPolicy: Local\n", "externalTrafficPolicy may only be set"),
        ("NodePort", "  sessionAffinity: Sticky\n", "sessionAffinity 'Sticky' is not one of"),
        ("LoadBalancer", "  clusterIP: None\n", "headless Service"),
        ("ExternalName", "  clusterIP: 10.0.0.1\n", "must be empty for type ExternalName"),
        ("ClusterIP", "  clusterIP: 10.96.0.300\n", "is not an IP address"),
        ("Bogus", "", "type 'Bogus' is not one of"),
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
    assert any("outside the default --service-node-port-range" in m for m in found)
    assert any("duplicate port name 'http'" in m for m in found)
    assert any("duplicate port 80/TCP" in m for m in found)
    assert any("must be a DNS-1123 label" in m for m in found)


def test_workload_rules_point_at_the_field():
    found = messages(DEPLOY.format(label="api", port="very-long-port-name", cpu="one"))
    assert ("x.yaml:8", "selector app=web does not match the Pod template's labels: the API server rejects it") in found
    assert any("IANA_SVC_NAME" in m and where == "x.yaml:18" for where, m in found)
    assert any("is not a quantity" in m for _, m in found)


def test_names_and_labels():
    found = [m for _, m in messages("apiVersion: v1\nkind: Service\nmetadata:\n  name: 1web\n  labels:\n    bad key: x\n    ok: '-bad-'\n")]
    assert any("DNS-1035" in m for m in found)
    assert any("label key 'bad key'" in m for m in found)
    assert any("label value '-bad-'" in m for m in found)


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
    assert any("must be absolute" in m for m in found) and any("exactly one of number or name" in m for m in found)
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
    for expected in ("policyTypes 'Outbound'", "cannot be combined", "is not inside", "a peer needs", "endPort"):
        assert any(expected in m for m in found), expected
