"""Behaviour the guide's text claims, asserted on kind with each CNI (pytest -m live)."""

from __future__ import annotations

import re
import time

import pytest

from .conftest import apply_snippet, connects, eventually, pod, server

pytestmark = pytest.mark.live


def test_network_policy_reachability_matrix(cluster, namespaces):
    """The 零信任 table of network-policy.md: what is allowed and what is blocked."""
    namespaces("production", "database", "outsider")
    frontend = "frontend"
    server(cluster, "production", frontend, {"app": "frontend"})
    backend = server(cluster, "production", "backend", {"app": "backend"})
    mysql = server(cluster, "database", "mysql", {"app": "mysql"}, port=3306)
    server(cluster, "outsider", "stranger", {"app": "frontend"})
    dns = cluster.run("get", "svc", "-n", "kube-system", "kube-dns", "-o", "jsonpath={.spec.clusterIP}").stdout.strip()
    apply_snippet(cluster, "network-policy/production.yaml")
    apply_snippet(cluster, "network-policy/database.yaml")

    backend_pod = "backend"
    expected = [
        ("production", frontend, backend, 8080, True),
        ("production", backend_pod, mysql, 3306, True),
        ("production", frontend, dns, 53, True),
        ("production", frontend, mysql, 3306, False),
        ("outsider", "stranger", backend, 8080, False),
        ("production", backend_pod, backend, 9090, False),
    ]
    for ns, source, target, port, allowed in expected:
        got = eventually(lambda ns=ns, source=source, target=target, port=port: connects(cluster, ns, source, target, port), allowed)
        assert got == allowed, f"{cluster.cni}: {ns}/{source} -> {target}:{port} should be {'allowed' if allowed else 'blocked'}"


def test_headless_service_gives_per_pod_dns_names(cluster, namespaces):
    namespaces("database")
    cluster.run("create", "secret", "generic", "mysql-root", "-n", "database", "--from-literal=password=k8sdoctest-only")
    apply_snippet(cluster, "services/mysql-statefulset.yaml")
    cluster.run("rollout", "status", "-n", "database", "statefulset/mysql", f"--timeout={cluster.timeouts.ready * 2}s",
                timeout=cluster.timeouts.ready * 2 + 30)
    pod(cluster, "database", "dns", {"app": "dns-client"}, cluster.pins.dns_image, ["sleep", "3600"])
    for i in range(3):
        ip = cluster.run("get", "-n", "database", f"pod/mysql-{i}", "-o", "jsonpath={.status.podIP}").stdout.strip()
        answer = cluster.run("exec", "-n", "database", "dns", "--", "dig", "+short", f"mysql-{i}.mysql.database.svc.cluster.local").stdout
        assert ip in answer.split(), f"{cluster.cni}: mysql-{i} should resolve to {ip}, got {answer!r}"


def test_cluster_ip_and_node_port_answer(cluster, namespaces):
    namespaces("production", "staging")
    server(cluster, "production", "backend", {"app": "backend"})
    apply_snippet(cluster, "services/clusterip.yaml")
    server(cluster, "staging", "test-app", {"app": "test-app"})
    apply_snippet(cluster, "services/nodeport.yaml")
    pod(cluster, "production", "client", {"app": "client"}, cluster.pins.probe_image, ["pause"])
    assert eventually(lambda: connects(cluster, "production", "client", "10.96.0.50", 80), True)
    host = cluster.run("get", "-n", "staging", "pod/test-app", "-o", "jsonpath={.spec.nodeName}").stdout.strip()
    node_ip = cluster.run("get", "node", host, "-o", "jsonpath={.status.addresses[?(@.type=='InternalIP')].address}").stdout.strip()
    # externalTrafficPolicy: Local — the node that runs the Pod answers on the NodePort.
    assert eventually(lambda: connects(cluster, "production", "client", node_ip, 30080), True)


def test_cilium_l7_policy_allows_and_denies_methods_and_paths(cluster, namespaces):
    if cluster.cni != "cilium":
        pytest.skip("CiliumNetworkPolicy L7 rules need Cilium: not applicable under Calico")
    namespaces("production")
    backend = server(cluster, "production", "backend", {"app": "backend"})
    pod(cluster, "production", "frontend", {"app": "frontend"}, "curlimages/curl:8.11.1", ["sleep", "3600"])
    apply_snippet(cluster, "cni/cilium-l7-policy.yaml")

    def status(method: str, path: str, *headers: str) -> str:
        args = ["exec", "-n", "production", "frontend", "--", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--max-time", "5", "-X", method, *[x for h in headers for x in ("-H", h)], f"http://{backend}:8080{path}"]
        return cluster.run(*args, check=False).stdout.strip()

    assert eventually(lambda: status("DELETE", "/api/v2/orders") == "403", True), "DELETE must be denied"
    assert status("GET", "/api/v2/items") != "403"
    assert status("POST", "/api/v2/orders", "X-API-Key: secret") != "403"
    assert status("POST", "/api/v2/orders") == "403", "POST without X-API-Key must be denied"
    assert status("GET", "/admin") == "403"


def test_coredns_configuration_change_takes_effect(cluster):
    saved = cluster.run("get", "configmap", "coredns", "-n", "kube-system", "-o", "yaml").stdout
    try:
        apply_snippet(cluster, "dns/coredns-configmap.yaml")
        coredns = cluster.run("get", "pods", "-n", "kube-system", "-l", "k8s-app=kube-dns", "-o", "jsonpath={.items[0].status.podIP}")
        ip = coredns.stdout.strip()
        pod(cluster, "kube-system", "k8sdoctest-dns-probe", {"app": "k8sdoctest-probe"}, "curlimages/curl:8.11.1", ["sleep", "3600"])

        def reloaded() -> bool:
            metrics = cluster.run("exec", "-n", "kube-system", "k8sdoctest-dns-probe", "--", "curl", "-s", "--max-time", "5",
                                  f"http://{ip}:9153/metrics", check=False).stdout
            return bool(re.search(r'coredns_plugin_enabled\{name="cache",server="dns://:53",view="",zone="company\.internal\."\}', metrics)
                        or 'zone="company.internal."' in metrics)

        # The reload plugin checks every 30 s (plus jitter): the new server block must appear.
        assert eventually(reloaded, True, seconds=120), f"{cluster.cni}: the company.internal server block never loaded"
    finally:
        cluster.run("apply", "-f", "-", input=saved, check=False)
        cluster.run("delete", "pod", "-n", "kube-system", "k8sdoctest-dns-probe", "--wait=false", check=False)
        time.sleep(1)
