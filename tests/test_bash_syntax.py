from k8sdoctest.model import Claims

from .helpers import run_check, verify, yaml_page


def syntax(text):
    return run_check("bash-syntax", text, language="bash")


def lint(text):
    return run_check("shellcheck", text, language="bash")


def test_syntax_error_has_its_line():
    result = syntax("echo ok\nif true; then\n  echo x\n")
    assert result.status == "failed" and result.findings[0].line >= 1


def test_shellcheck_warning_fails_and_style_does_not():
    assert lint('x=1\necho "$y"\n').status == "failed"  # SC2034 / SC2154 warnings
    assert lint('echo "ok"\n').status == "passed"


def test_comment_only_block_is_reported():
    assert syntax("# nothing here\n").status == "failed"


def test_text_that_is_not_shell_is_caught():
    assert lint("a.svc.cluster.local -> 10.0.0.1 (Service ClusterIP)\n").status == "failed"


def test_a_shell_check_can_be_skipped_with_a_reason():
    from dataclasses import replace

    page = yaml_page("x=1\n", ("1.33",), "bash", "x.sh")
    block = replace(page.blocks[0], claims=Claims(("1.33",), skip={"shellcheck": "示例中的变量供读者使用"}))
    results = {c.name: c for c in verify(block).checks}
    assert results["shellcheck"].status == "not-run" and results["shellcheck"].message == "示例中的变量供读者使用"
