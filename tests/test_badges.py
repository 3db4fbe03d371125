import re

from k8sdoctest import badges

BLOCK = {
    "page": "docs/p.md", "sha256": "a" * 64, "status": "verified", "summary": "", "line": 3, "id": "docs/p.md:3",
    "k8s": ["1.31", "1.32"], "cni": ["calico", "cilium"], "includes": ["snippets/x.yaml"],
    "checks": [
        {"name": "yaml", "status": "passed", "message": "1 document parsed"},
        {"name": "schema", "status": "passed", "message": "ok", "versions": ["1.31", "1.32"], "accepted": ["1.31", "1.32"]},
        {"name": "crd", "status": "not-run", "message": "no CRD"},
    ],
    "not_run": [{"check": "crd", "reason": "no CRD"}, {"check": "live", "reason": "no Docker engine: live tier skipped"}],
}
NEW_LIVE = {"name": "live", "tier": "live", "cni": "calico", "k8s": "1.37", "status": "passed", "message": "applied"}
EMOJI = re.compile("[\u2600-\u26ff\u2705\u274c\u2b50\ufe0f\U0001f300-\U0001faff]")
LATIN_SENTENCE = re.compile(r"[A-Za-z]+ [a-z]+ [a-z]+")  # three English words in a row: an internal message


def visible(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_static_only_badge_says_what_was_proved_and_why_the_cluster_did_not_run_in_chinese():
    v = badges.verdict(BLOCK, "docs/p.md", 3)
    text = visible(v.badge)
    assert v.ok and "静态验证：Kubernetes 1.31–1.32 严格 Schema" in text
    assert "集群验证：未在集群中运行（本次构建没有 Docker）" in text
    assert "no Docker" not in v.badge and not LATIN_SENTENCE.search(text), text
    assert not EMOJI.search(v.badge)


def test_details_are_a_disclosure_listing_every_check_version_range_and_cni():
    badge = badges.verdict(BLOCK, "docs/p.md", 3).badge
    assert "<details><summary>" in badge and "title=" not in badge  # touch and keyboard can open it; no hover-only tooltip
    items = visible(badge.split("</summary>")[1])
    assert "通过 严格 Schema（Kubernetes 1.31–1.32）" in items
    assert "未运行 CRD Schema" in items
    assert "未运行 kind + Calico：本次构建没有 Docker" in items and "未运行 kind + Cilium" in items


def test_badge_carries_the_anchor_the_matrix_links_to_and_stays_out_of_search():
    badge = badges.verdict(BLOCK, "docs/p.md", 3).badge
    assert 'id="example-3"' in badge and "data-search-exclude" in badge


def test_download_link_names_the_file():
    badge = badges.verdict(BLOCK, "docs/p.md", 3, "../snippets/x.yaml").badge
    assert '<a class="k8sdoctest-download" href="../snippets/x.yaml" download>下载 x.yaml</a>' in badge


def test_live_results_name_their_cni_and_version():
    block = dict(BLOCK, checks=[*BLOCK["checks"], NEW_LIVE], not_run=[])
    assert badges.live_checks(block) == [badges.Live("calico", "1.37", "passed")]
    text = visible(badges.verdict(block, "docs/p.md", 3).badge)
    assert "集群验证：通过（kind + Calico 1.37）" in text
    assert "未运行 kind + Cilium" in text  # planned for Cilium, not run there
    assert badges.cni_cell(block, "calico") == "✓ 通过 1.37" and badges.cni_cell(block, "cilium") == "未运行"


def test_static_checks_exclude_live_records_of_the_new_form():
    block = dict(BLOCK, checks=[*BLOCK["checks"], NEW_LIVE])
    assert [c["name"] for c in badges.static_checks(block)] == ["yaml", "schema", "crd"]


def test_internal_reasons_become_reader_words():
    assert badges.reader_reason("no Docker engine: live tier skipped") == "本次构建没有 Docker"
    assert not re.search("[A-Za-z]{4,}", badges.reader_reason("something else entirely"))
    assert badges.reader_reason("AlbConfig 的 CRD 只由 ACK 提供") == "AlbConfig 的 CRD 只由 ACK 提供"


def test_missing_and_failed_blocks_cannot_publish():
    assert "stale or unverified" in badges.verdict(None, "docs/p.md", 3).problem
    failed = dict(BLOCK, status="failed", summary="boom")
    v = badges.verdict(failed, "docs/p.md", 3)
    assert not v.ok and v.badge == "" and v.problem == "docs/p.md:3: block failed verification: boom"


def test_page_summary_counts_examples_and_says_what_ran():
    other = dict(BLOCK, line=9, k8s=["1.25", "1.26"])
    summary = visible(badges.page_summary([BLOCK, other], "not run: no Docker engine", "../compatibility/"))
    assert summary.startswith("本页 2 个示例：静态验证全部通过（每个示例在它声明的版本上，合计 Kubernetes 1.25–1.26、1.31–1.32）")
    assert "集群验证：未在集群中运行（本次构建没有 Docker）" in summary
    same = visible(badges.page_summary([BLOCK], None, "x"))
    assert "静态验证全部通过（Kubernetes 1.31–1.32）" in same
    assert badges.page_summary([], None, "x") == ""


def test_matrix_groups_equal_versions_and_links_each_example_to_its_anchor():
    report = {"versions": ["1.30", "1.31", "1.32"], "tiers": {"live": "not run: no Docker engine"}, "blocks": [BLOCK]}
    page = badges.matrix(report, {("docs/p.md", 3): "default-deny"}, {"p.md": "网络策略"})
    row = next(line for line in page.split("\n") if line.startswith("| [x.yaml"))
    assert row == "| [x.yaml（default-deny）](p.md#example-3) | 1.30 – 不适用<br>1.31–1.32 ✓ 通过 | YAML 语法、严格 Schema | 未运行 | 未运行 |"
    assert "## 网络策略 {#p}" in page
    rejected = dict(BLOCK, checks=[dict(BLOCK["checks"][1], accepted=["1.32"])])
    assert "1.31 ✗ 拒绝<br>1.32 ✓ 通过" in badges.matrix(dict(report, blocks=[rejected]))


def test_matrix_uses_one_symbol_set_with_a_legend():
    report = {"versions": ["1.31", "1.32"], "tiers": {}, "blocks": [dict(BLOCK, cni=["cilium"])]}
    page = badges.matrix(report)
    legend, _, table = page.partition("## ")
    for symbol in ("✓", "✗", "○", "–"):
        assert f"| {symbol} " in legend
    assert "√" not in page and "·" not in table and not EMOJI.search(page)
    assert "– 不适用" in table  # Calico: the example is not for it


def test_section_of_an_include_is_found_at_the_fence():
    page = 'text\n\n```yaml\n--8<-- "network-policy/production.yaml:dns"\n```\n\n```yaml\n--8<-- "a.yaml"\n```\n'
    assert badges.section_at(page, 3) == "dns"
    assert badges.section_at(page, 7) is None
