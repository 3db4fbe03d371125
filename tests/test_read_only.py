from pathlib import Path

from k8sdoctest.checks import Target, read_only

from .helpers import config, md_page, run_check

ROOT = Path(__file__).resolve().parent.parent

# The audit's H5: the emergency script's header before the fix, and two of its mutating steps.
SCRIPT = """#!/usr/bin/env bash
# network-emergency-response.sh：Kubernetes 网络故障应急诊断脚本。
# 只读取集群状态；任何一步失败都记录下来并继续，不会中断整个诊断。
set -uo pipefail
kubectl get nodes -o wide
kubectl run "dns-test-$$" --rm -i --restart=Never --image=busybox -- nslookup kubernetes.default
kubectl get pods -o name | grep '^pod/node-debugger-' | xargs -r kubectl delete --wait=false
"""


def run_page(text: str, index: int = -1):
    page = md_page(text)
    shell = [b for b in page.blocks if b.language == "bash"]
    return read_only.run(Target(shell[index], page, config()))


def test_read_only_header_with_run_and_delete_is_the_audits_h5():
    result = run_check("read-only", SCRIPT, language="bash")
    assert result.status == "failed"
    assert [(f.line, f.message.split(" changes")[0]) for f in result.findings] == [(5, "kubectl run"), (6, "kubectl delete")]
    assert "只读取集群" in result.findings[0].message


def test_an_honest_header_is_not_a_claim():
    text = SCRIPT.replace("只读取集群状态；", "不修改集群配置，但会创建临时 Pod；")
    assert run_check("read-only", text, language="bash") is None


def test_prose_of_the_section_speaks_for_later_blocks():
    text = ("# t\n\n## 应急 {#emergency}\n\n下面的脚本只读取集群状态，把结果写入日志目录。\n\n准备工作：\n\n"
            "```bash\nkubectl get nodes\n```\n\n检查步骤：\n\n```bash\nkubectl delete pod x\n```\n")
    result = run_page(text)
    assert result.status == "failed" and "the prose before the block" in result.findings[0].message


def test_an_introducing_paragraph_speaks_only_for_its_block():
    text = ("# t\n\n## 加密\n\nCalico（只读）：\n\n```bash\nkubectl get felixconfiguration default -o yaml\n```\n\n"
            "开启 IPsec：\n\n```bash\nkubectl create secret generic k --from-literal=a=b\n```\n")
    assert run_page(text) is None
    assert run_page(text, 0).status == "passed"


def test_page_wide_claim_and_dry_run():
    text = ("# t\n\n本页的命令只读，不修改集群。\n\n## a\n\n```bash\nkubectl label ns a x=y\n```\n\n"
            "```bash\nkubectl create deployment web --image=nginx --dry-run=client -o yaml\n```\n")
    assert "kubectl label" in run_page(text, 0).findings[0].message
    assert run_page(text, 1).status == "passed"


def test_mutations():
    def verb(line: str) -> str | None:
        from k8sdoctest.checks.kubectl import invocations
        from k8sdoctest.checks.kubectl_args import read

        (inv,), _ = invocations(line)
        return read_only.mutation(inv.program, read(inv.args))

    assert verb("kubectl -n kube-system rollout restart ds/cilium") == "kubectl rollout restart"
    assert verb("kubectl rollout status ds/cilium") is None
    assert verb("kubectl cp ./x pod:/tmp/x") == "kubectl cp (into a Pod)"
    assert verb("kubectl cp pod:/tmp/x ./x") is None
    assert verb("helm upgrade --install a b") == "helm upgrade"
    assert verb("kubectl exec pod -- rm -rf /tmp/x") is None  # out of scope


def test_the_guides_fixed_emergency_page_passes():
    text = (ROOT / "docs/operations.md").read_text()
    page = md_page(text)
    for block in page.blocks:
        if block.language == "bash":
            result = read_only.run(Target(block, page, config()))
            assert result is None or result.status == "passed", block.ident
