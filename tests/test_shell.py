from k8sdoctest.blocks import block_from_file
from k8sdoctest.checks import shell
from k8sdoctest.model import Meta


def bash(text):
    return block_from_file("x.sh", text, "bash", Meta(("1.33",)))


def test_syntax_error_has_its_line():
    result = shell.syntax(bash("echo ok\nif true; then\n  echo x\n"))
    assert result.status == "failed" and result.findings[0].line >= 1


def test_shellcheck_warning_fails_and_style_does_not():
    assert shell.lint(bash('x=1\necho "$y"\n')).status == "failed"  # SC2034 / SC2154 warnings
    assert shell.lint(bash('echo "ok"\n')).status == "passed"


def test_comment_only_block_is_reported():
    assert shell.syntax(bash("# nothing here\n")).status == "failed"


def test_text_that_is_not_shell_is_caught():
    result = shell.lint(bash("a.svc.cluster.local -> 10.0.0.1 (Service ClusterIP)\n"))
    assert result.status == "failed"


def test_a_shell_check_can_be_skipped_with_a_reason():
    from k8sdoctest.verify import Context, run_checks

    from .helpers import ROOT

    block = bash('x=1\n')
    block.meta.skip["shellcheck"] = "示例中的变量供读者使用"
    results = {c.name: c for c in run_checks(block, Context(root=ROOT))}
    assert results["shellcheck"].status == "not-run" and results["shellcheck"].message == "示例中的变量供读者使用"
