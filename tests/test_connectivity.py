"""The expected-connectivity table of network-policy.md against NCA's offline computation."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterator

import pytest

from k8sdoctest.checks import connectivity as conn
from k8sdoctest.source.pages import read_page

from .helpers import ROOT

pytest.importorskip("nca", reason="network-config-analyzer is not installed (pip install -e .)")

PAGE = ROOT / "docs" / "network-policy.md"
REL = "docs/network-policy.md"


PAGE_OBJECTS = conn.page_objects(read_page(PAGE, ROOT))  # also parametrizes the mutations below


@pytest.fixture
def page_objects() -> list[dict]:
    return copy.deepcopy(PAGE_OBJECTS)


@pytest.fixture(scope="module")
def rows() -> list[conn.Row]:
    return conn.expected_table(PAGE.read_text(encoding="utf-8"), REL)


def failures(objects: list[dict], rows: list[conn.Row]) -> list[str]:
    return [r.message for r in conn.compute(objects, rows) if not r.ok]


def policy(objects: list[dict], name: str) -> dict:
    return next(o for o in objects if conn.is_k8s_network_policy(o) and o["metadata"]["name"] == name)


# ---------------------------------------------------------------- the page


def test_page_table_matches_its_policies(page_objects, rows):
    assert len(rows) >= 10 and not [r for r in rows if r.problem]
    assert {r.expected for r in rows} == {conn.ALLOW, conn.DENY}
    assert failures(page_objects, rows) == []


def test_every_policy_on_the_page_reaches_the_analyzer(page_objects):
    names = {o["metadata"]["name"] for o in page_objects if conn.is_k8s_network_policy(o)}
    assert names == {
        "default-deny-all", "allow-dns-egress", "allow-frontend-to-backend", "allow-frontend-egress-to-backend",
        "allow-backend-egress-to-mysql", "default-deny-ingress", "allow-backend-to-mysql", "allow-nodelocal-dns-egress",
    }


def test_page_reports_nodelocal_dns_as_not_modelled(page_objects):
    notes = conn.not_modelled(page_objects)
    (nodelocal,) = [n for n in notes if "169.254.20.10/32" in n]
    assert "allow-nodelocal-dns-egress" in nodelocal
    assert all("Cilium" in n for n in notes if n is not nodelocal)  # the page's Cilium variant is named, not computed


def test_cli_passes_on_the_page_and_fails_on_a_wrong_expectation(tmp_path, capsys):
    assert conn.main([str(PAGE), "--root", str(ROOT)]) == 0
    wrong = tmp_path / "docs" / "network-policy.md"
    wrong.parent.mkdir()
    text = PAGE.read_text(encoding="utf-8")
    line = next(n for n, t in enumerate(text.split("\n"), 1) if "| TCP 9090 | 拒绝 |" in t)
    wrong.write_text(text.replace("| TCP 9090 | 拒绝 |", "| TCP 9090 | 允许 |"), encoding="utf-8")
    (tmp_path / "snippets").symlink_to(ROOT / "snippets")
    capsys.readouterr()
    assert conn.main([str(wrong), "--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"FAIL  docs/network-policy.md:{line}: production/app=frontend → production/app=backend TCP 9090: 预期允许，计算结果为拒绝" in out


def test_analysis_is_fast(page_objects, rows):
    conn.compute(page_objects, rows)  # the first call pays NCA's import
    start = time.process_time()  # CPU time: wall time depends on how busy the machine is
    for _ in range(5):
        conn.compute(page_objects, rows)
    per_page = (time.process_time() - start) / 5
    assert per_page < 0.25, f"{per_page:.3f} s CPU per page (measured ~0.017 s)"


# ---------------------------------------------------------------- mutations: each must fail a named row


def allow_rules(objects: list[dict]) -> Iterator[tuple[str, str, int]]:
    for obj in objects:
        if conn.is_k8s_network_policy(obj):
            for direction in ("ingress", "egress"):
                for index, _ in enumerate(obj["spec"].get(direction) or []):
                    yield obj["metadata"]["name"], direction, index


def rule_ports(objects: list[dict]) -> Iterator[tuple[str, str, int, int]]:
    for name, direction, index in allow_rules(objects):
        rule = policy(objects, name)["spec"][direction][index]
        for port_index, _ in enumerate(rule.get("ports") or []):
            yield name, direction, index, port_index


def mutated(objects: list[dict], change: Callable[[list[dict]], None]) -> list[dict]:
    copied = copy.deepcopy(objects)
    change(copied)
    return copied


def assert_named_row_fails(messages: list[str], rows: list[conn.Row]) -> None:
    assert messages, "the mutation went unnoticed"
    lines = {f"{REL}:{r.line}:" for r in rows}
    assert all(any(m.startswith(line) for line in lines) and " → " in m for m in messages), messages


@pytest.mark.parametrize("name,direction,index", list(allow_rules(PAGE_OBJECTS)), ids=lambda v: str(v))
def test_deleting_an_allow_rule_fails_a_row(page_objects, rows, name, direction, index):
    objects = mutated(page_objects, lambda objs: policy(objs, name)["spec"][direction].pop(index))
    assert_named_row_fails(failures(objects, rows), rows)


@pytest.mark.parametrize("name,direction,index,port_index", list(rule_ports(PAGE_OBJECTS)), ids=lambda v: str(v))
def test_changing_a_port_fails_a_row(page_objects, rows, name, direction, index, port_index):
    def change(objs: list[dict]) -> None:
        port = policy(objs, name)["spec"][direction][index]["ports"][port_index]
        port["port"] = int(port["port"]) + 1

    assert_named_row_fails(failures(mutated(page_objects, change), rows), rows)


def test_dropping_ingress_from_default_deny_fails_the_other_namespace_row(page_objects, rows):
    objects = mutated(page_objects, lambda objs: policy(objs, "default-deny-all")["spec"]["policyTypes"].remove("Ingress"))
    messages = failures(objects, rows)
    assert_named_row_fails(messages, rows)
    assert any("default/app=client → production/app=frontend" in m and "预期拒绝，计算结果为允许" in m for m in messages)


def test_splitting_the_and_of_namespace_and_pod_selector_into_an_or_fails_a_row(page_objects, rows):
    def split(objs: list[dict]) -> None:
        rule = policy(objs, "allow-backend-to-mysql")["spec"]["ingress"][0]
        both = rule["from"][0]
        rule["from"] = [{"namespaceSelector": both["namespaceSelector"]}, {"podSelector": both["podSelector"]}]

    messages = failures(mutated(page_objects, split), rows)
    assert_named_row_fails(messages, rows)
    assert any("database/app=backend → database/app=mysql TCP 3306: 预期拒绝，计算结果为允许" in m for m in messages)


def test_dropping_egress_from_default_deny_is_masked_on_this_page(page_objects, rows):
    # allow-dns-egress (podSelector: {}, policyTypes: [Egress]) already isolates every production Pod for
    # egress, as the page's 修正说明 says: the page's connectivity does not change, and NCA must agree.
    objects = mutated(page_objects, lambda objs: policy(objs, "default-deny-all")["spec"]["policyTypes"].remove("Egress"))
    assert failures(objects, rows) == []


def test_dropping_egress_from_default_deny_fails_where_it_is_the_only_egress_isolation(page_objects):
    # Steps 1 and 3 alone: a Pod no other policy selects is egress-isolated only by the default deny.
    steps = [policy(page_objects, n) for n in ("default-deny-all", "allow-frontend-to-backend", "allow-frontend-egress-to-backend")]
    table = "<!-- k8sdoctest: connectivity -->\n| 来源 | 目标 | 端口 | 预期 |\n|---|---|---|---|\n| production/app=worker | 203.0.113.10 | 任意 | 拒绝 |\n"
    rows = conn.expected_table(table, "steps.md")
    assert failures(steps, rows) == []
    objects = mutated(steps, lambda objs: policy(objs, "default-deny-all")["spec"]["policyTypes"].remove("Egress"))
    assert failures(objects, rows) == ["steps.md:4: production/app=worker → 203.0.113.10 任意端口: 预期拒绝，计算结果为允许"]


# ---------------------------------------------------------------- the table parser


TABLE = """\
intro

<!-- k8sdoctest: connectivity -->
| 来源 | 目标 | 端口 | 预期 | 说明 |
|:-----|------|------|------|------|
| `a/app=x` | `b/app=y,tier=db` | UDP/TCP 53、TCP 8000-8080 | 允许 | 说明 |
| a/app=x | 10.0.0.0/8 | 任意 | 拒绝 | |
| a/app=x | b/app=y | TCP 80 | 可以 | unknown verdict |
| a/app=x | nowhere | TCP 80 | 允许 | |
| a/app=x | b/app=y | HTTP 80 | 允许 | |
| a/app=x | b/app=y | TCP 70000 | 允许 | |
| 10.0.0.1 | 10.0.0.2 | TCP 80 | 允许 | |

after the table | not a row
"""


def test_table_parser_reads_good_rows():
    rows = conn.expected_table(TABLE, "p.md")
    first, second = rows[0], rows[1]
    assert (first.line, first.page, first.problem, first.expected) == (6, "p.md", "", conn.ALLOW)
    assert first.source == conn.Endpoint("a/app=x", namespace="a", labels=(("app", "x"),))
    assert first.target is not None and first.target.labels == (("app", "y"), ("tier", "db"))
    assert first.ports == (conn.Port("UDP", 53, 53), conn.Port("TCP", 53, 53), conn.Port("TCP", 8000, 8080))
    assert (second.target, second.ports, second.expected) == (conn.Endpoint("10.0.0.0/8", cidr="10.0.0.0/8"), (), conn.DENY)
    assert len(rows) == 7


@pytest.mark.parametrize("line,problem", [
    (8, "预期 must be 允许 or 拒绝, not '可以'"),
    (9, "'nowhere' is neither namespace/name"),
    (10, "protocol HTTP is not TCP, UDP or SCTP"),
    (11, "ports run from 1 to 65535"),
    (12, "both ends are addresses outside the cluster"),
], ids=["verdict", "endpoint", "protocol", "port-range", "two-addresses"])
def test_table_parser_reports_bad_rows_with_their_line(line, problem):
    row = next(r for r in conn.expected_table(TABLE, "p.md") if r.line == line)
    assert problem in row.problem
    result = conn.compute([], [row])[0]
    assert not result.ok and result.computed is None and result.message.startswith(f"p.md:{line}: ")


@pytest.mark.parametrize("text,problem", [
    ("<!-- k8sdoctest: connectivity -->\n\nno table here\n", "not followed by a Markdown table"),
    ("<!-- k8sdoctest: connectivity -->\n| 来源 | 目标 | 预期 |\n|---|---|---|\n| a/x | b/y | 允许 |\n", "no column 端口"),
    ("<!-- k8sdoctest: connectivity -->\n| 来源 | 目标 | 端口 | 预期 |\n|---|---|---|---|\n", "has no rows"),
], ids=["no-table", "no-port-column", "no-rows"])
def test_table_parser_reports_a_broken_table(text, problem):
    rows = conn.expected_table(text, "p.md")
    assert len(rows) == 1 and problem in rows[0].problem


def test_no_marker_no_rows():
    assert conn.expected_table("| 来源 | 目标 | 端口 | 预期 |\n|---|---|---|---|\n| a/app=x | b/app=y | TCP 1 | 允许 |\n") == []


# ---------------------------------------------------------------- compute on small inputs


def deployment(namespace: str, name: str, labels: dict[str, str], host_network: bool = False) -> dict:
    spec: dict = {"containers": [{"name": "c", "image": "i"}]}
    if host_network:
        spec["hostNetwork"] = True
    return {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": namespace},
        "spec": {"selector": {"matchLabels": labels}, "template": {"metadata": {"labels": labels}, "spec": spec}},
    }


def table(*lines: str) -> list[conn.Row]:
    return conn.expected_table("<!-- k8sdoctest: connectivity -->\n| 来源 | 目标 | 端口 | 预期 |\n|---|---|---|---|\n" + "\n".join(lines) + "\n", "t.md")


DENY_INGRESS = {
    "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "deny", "namespace": "shop"},
    "spec": {"podSelector": {}, "policyTypes": ["Ingress"]},
}


def test_named_workloads_come_from_the_page():
    objects = [deployment("shop", "web", {"app": "web"}), deployment("shop", "api", {"app": "api"}), DENY_INGRESS]
    rows = table("| shop/web | shop/api | TCP 80 | 拒绝 |", "| shop/api | 203.0.113.1 | TCP 80 | 允许 |", "| shop/nope | shop/api | TCP 80 | 拒绝 |")
    results = conn.compute(objects, rows)
    assert [r.ok for r in results] == [True, True, False]
    assert results[2].message == "t.md:6: shop/nope → shop/api TCP 80: shop/nope 不对应本页的任何工作负载"


def test_partial_allow_says_what_is_allowed():
    dns = {
        "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "dns", "namespace": "shop"},
        "spec": {"podSelector": {}, "policyTypes": ["Egress"],
                 "egress": [{"ports": [{"protocol": "TCP", "port": 53}, {"protocol": "UDP", "port": 53, "endPort": 60}]}]},
    }
    rows = table("| shop/app=x | 203.0.113.1 | UDP/TCP 53 | 允许 |", "| shop/app=x | 203.0.113.1 | UDP 50-55 | 允许 |",
                 "| shop/app=x | 203.0.113.1 | 任意 | 拒绝 |", "| shop/app=x | 203.0.113.1 | UDP 53-60 | 允许 |")
    results = conn.compute([dns], rows)
    assert [r.computed for r in results] == [conn.ALLOW, conn.PARTIAL, conn.PARTIAL, conn.ALLOW]
    assert [r.message for r in results[1:3]] == [
        "t.md:5: shop/app=x → 203.0.113.1 UDP 50-55: 预期允许，计算结果为部分允许（只允许 UDP 53-55）",
        "t.md:6: shop/app=x → 203.0.113.1 任意端口: 预期拒绝，计算结果为部分允许（只允许 TCP 53、UDP 53-60）",
    ]


def test_a_policy_nca_cannot_read_fails_every_row_with_its_name():
    broken = copy.deepcopy(DENY_INGRESS)
    broken["spec"]["podSelector"] = {"matchLabels": "not a map"}
    [result] = conn.compute([broken], table("| shop/app=x | shop/app=y | TCP 80 | 拒绝 |"))
    assert not result.ok and result.message.startswith("t.md:4: shop/app=x → shop/app=y TCP 80: 分析器无法读取本页的策略")


def test_not_modelled_names_what_the_analyzer_leaves_out():
    objects = [
        deployment("kube-system", "node-local-dns", {"k8s-app": "node-local-dns"}, host_network=True),
        {"apiVersion": "projectcalico.org/v3", "kind": "GlobalNetworkPolicy", "metadata": {"name": "meta"},
         "spec": {"egress": [{"action": "Deny"}, {"action": "Pass"}]}},
        {"apiVersion": "projectcalico.org/v3", "kind": "GlobalNetworkPolicy", "metadata": {"name": "security.x"}, "spec": {"tier": "security"}},
        {"apiVersion": "cilium.io/v2", "kind": "CiliumNetworkPolicy", "metadata": {"name": "l7", "namespace": "shop"},
         "spec": {"ingress": [{"toPorts": [{"ports": [{"port": "80"}], "rules": {"http": [{"method": "GET"}]}}]}]}},
        DENY_INGRESS,
    ]
    named = copy.deepcopy(DENY_INGRESS)
    named["spec"]["ingress"] = [{"ports": [{"port": "http"}]}]
    notes = conn.not_modelled([*objects, named])
    assert len(notes) == 5
    assert "hostNetwork" in notes[0] and "Pass" in notes[1] and "tiers" in notes[2] and "L7" in notes[3] and "named ports (http)" in notes[4]


def test_a_row_about_a_host_network_pod_is_not_verified():
    objects = [deployment("kube-system", "node-local-dns", {"k8s-app": "node-local-dns"}, host_network=True), DENY_INGRESS]
    rows = table("| shop/app=x | kube-system/k8s-app=node-local-dns | UDP 53 | 允许 |", "| shop/app=x | shop/app=y | TCP 80 | 拒绝 |")
    first, second = conn.compute(objects, rows)
    assert (first.ok, first.computed, second.ok) == (False, None, True)
    assert first.message == "t.md:4: shop/app=x → kube-system/k8s-app=node-local-dns UDP 53: " \
        "kube-system/k8s-app=node-local-dns 是 hostNetwork 的 Deployment kube-system/node-local-dns：分析器不建模，无法验证"


# ---------------------------------------------------------------- the temporary wiring into verify


def test_verify_reports_the_table_on_the_pages_first_policy_block(tmp_path):
    from k8sdoctest import settings
    from k8sdoctest.verify import verify_page

    (tmp_path / "snippets").symlink_to(ROOT / "snippets")
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "network-policy.md"
    page.write_text(PAGE.read_text(encoding="utf-8").replace("| TCP 9090 | 拒绝 |", "| TCP 9090 | 允许 |"), encoding="utf-8")
    results = list(verify_page(read_page(page, tmp_path), settings.from_environment(tmp_path)))
    reported = [(r.block.line, c) for r in results for c in r.checks if c.name == conn.NAME]
    first_policy = min(r.block.line for r in results if r.block.language == "yaml" and "NetworkPolicy" in r.block.text)
    assert len(reported) == 1 and reported[0][0] == first_policy
    assert reported[0][1].status == "failed" and "TCP 9090: 预期允许，计算结果为拒绝" in reported[0][1].message


def test_named_ports_resolve_against_the_workloads_container_ports():
    named = copy.deepcopy(DENY_INGRESS)
    named["spec"]["ingress"] = [{"ports": [{"port": "http"}]}]
    api = deployment("shop", "api", {"app": "api"})
    api["spec"]["template"]["spec"]["containers"][0]["ports"] = [{"name": "http", "containerPort": 8080}]
    rows = table("| shop/app=x | shop/api | TCP 8080 | 允许 |", "| shop/app=x | shop/api | TCP 80 | 拒绝 |", "| shop/app=x | shop/app=y | TCP 80 | 拒绝 |")
    assert [r.ok for r in conn.compute([named, api], rows)] == [True, True, True]


def test_page_objects_leave_out_blocks_that_show_a_wrong_form_on_purpose():
    from .helpers import md_page

    policy_yaml = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {name}\n  namespace: shop\nspec:\n  podSelector: {{}}\n"
    text = (
        "---\ntitle: t\nk8s: \"1.30\"\n---\n\n"
        f"```yaml\n{policy_yaml.format(name='shown')}```\n\n"
        "<!-- k8sdoctest: expect=invalid match=\"x\" reason=\"wrong on purpose\" -->\n"
        f"```yaml\n{policy_yaml.format(name='wrong')}```\n\n```bash\necho hi\n```\n"
    )
    assert [o["metadata"]["name"] for o in conn.page_objects(md_page(text))] == ["shown"]


def test_nca_stand_ins_are_gone_after_the_import(monkeypatch):
    import sys

    from k8sdoctest.checks.connectivity import analyzer

    for name in analyzer.UNUSED_BY_NCA:
        monkeypatch.delitem(sys.modules, name, raising=False)
    with analyzer._unused_by_nca():
        from ghapi.all import GhApi  # as NCA's GitScanner imports it

        with pytest.raises(RuntimeError, match="not available"):
            GhApi()
    assert not any(name in sys.modules for name in analyzer.UNUSED_BY_NCA)  # a later import gets the real module
    import bs4

    assert bs4.BeautifulSoup is not analyzer._NotAvailable


def test_a_module_already_imported_is_left_alone():
    import sys

    import bs4

    from k8sdoctest.checks.connectivity import analyzer

    with analyzer._unused_by_nca():
        assert sys.modules["bs4"] is bs4
    assert sys.modules["bs4"] is bs4
