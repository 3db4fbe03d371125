"""The publish gate without MkDocs: what it reads from rendered HTML and how it judges a page against the report."""

from __future__ import annotations

import copy

from k8sdoctest import report
from k8sdoctest.site.gate import compare, fences, rendered
from k8sdoctest.source.pages import read_pages

from .helpers import config

PAGE = '---\nk8s: "1.31-1.37"\n---\n\n```yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n```\n\n```text\noutput\n```\n'


def verified_report(tmp_path, text=PAGE):
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "p.md").write_text(text)
    from k8sdoctest.verify import verify_page

    settings = config(tmp_path)
    results = [r for page in read_pages([tmp_path / "docs"], tmp_path) for r in verify_page(page, settings)]
    return report.build(results, {"live": "not selected"}), settings


def test_rendered_code_is_unescaped_without_tags_or_the_final_newline():
    html = ('<div class="highlight"><pre><span></span><code><span id="l1"><a href="#x"></a>'
            '<span class="nt">a</span>: &lt;b&gt; &amp;\n</span></code></pre></div><p><code>inline</code></p>'
            '<a href="../snippets/x.yaml" download>下载</a>')
    assert rendered(html) == (["a: <b> &"], ["../snippets/x.yaml"])


def test_a_verified_page_passes(tmp_path):
    data, settings = verified_report(tmp_path)
    found, problems = fences(PAGE, "docs/p.md", settings, data)
    assert problems == [] and [f.problem for f in found] == ["", ""]
    assert compare("docs/p.md", found, [found[0].text, "output"]) == []


def test_stale_failed_and_edited_reports_are_refused(tmp_path):
    data, settings = verified_report(tmp_path)
    stale = PAGE.replace("name: a", "name: b")
    found, _ = fences(stale, "docs/p.md", settings, data)
    assert "docs/p.md:5: block is stale or unverified" in found[0].problem
    edited = copy.deepcopy(data)
    edited["blocks"][0]["status"] = "expected-invalid"
    found, _ = fences(PAGE, "docs/p.md", settings, edited)
    assert "the report says expected-invalid but this build verifies it as verified" in found[0].problem


def test_duplicate_records_with_different_verdicts_fail_closed(tmp_path):
    data, settings = verified_report(tmp_path)
    twin = copy.deepcopy(data["blocks"][0])
    twin["status"] = "failed"
    data["blocks"].append(twin)
    found, _ = fences(PAGE, "docs/p.md", settings, data)
    assert "the report says failed, verified" in found[0].problem


def test_conflicting_live_results_for_one_text_fail_closed(tmp_path):
    data, settings = verified_report(tmp_path)
    live = {"name": "live", "tier": "live", "cni": "calico", "k8s": "1.37", "status": "passed", "message": "ok"}
    first, second = copy.deepcopy(data["blocks"][0]), copy.deepcopy(data["blocks"][0])
    first["checks"] = [*first["checks"], live]
    second["checks"] = [*second["checks"], {**live, "status": "failed"}]
    data["blocks"] = [first, second]
    found, _ = fences(PAGE, "docs/p.md", settings, data)
    assert "conflicting live results" in found[0].problem


def test_a_failed_live_result_in_the_report_fails_the_block(tmp_path):
    data, settings = verified_report(tmp_path)
    data["blocks"][0]["checks"].append({"name": "live", "tier": "live", "cni": "calico", "k8s": "1.37", "status": "failed", "message": "apply failed"})
    found, _ = fences(PAGE, "docs/p.md", settings, data)
    assert found[0].problem == "docs/p.md:5: block failed verification: apply failed"


def test_a_rendered_text_that_differs_or_an_extra_block_is_refused(tmp_path):
    data, settings = verified_report(tmp_path)
    found, _ = fences(PAGE, "docs/p.md", settings, data)
    problems = compare("docs/p.md", found, [found[0].text + "\nextra: 1", "output", "rm -rf /"])
    assert problems[0].startswith("docs/p.md:5: the rendered yaml block is not the text that was verified")
    assert "3 code blocks rendered but 2 fences" in problems[1]
