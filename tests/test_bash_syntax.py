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


SAMPLE = [
    "echo ok\n",
    "echo ok\nif true; then\n  echo x\n",
    'x=1\necho "$y"\n',
    "kubectl get pods -o wide | grep Running\n",
    "for i in 1 2; do\n  echo $i\ndone\n",
    "echo 'unterminated\n",
    "# only a comment\n",
    "cat <<EOF\n$HOME\nEOF\n",
]


def test_batch_and_single_give_the_same_findings():
    from k8sdoctest.checks import Target, bash_syntax, shellcheck

    from .helpers import config

    pages = [yaml_page(text, language="bash", name=f"s{n}.sh") for n, text in enumerate(SAMPLE)]
    targets = [Target(p.blocks[0], p, config()) for p in pages]
    single = [(bash_syntax.run(t), shellcheck.run(t)) for t in targets]
    bash_syntax.prepare(targets)
    shellcheck.prepare(targets)
    assert {text for started in shellcheck._batch.values() for text in started.result()} == {t.block.text for t in targets}  # it ran for every block
    assert len(bash_syntax._batch) == len(SAMPLE) - 1  # all but the comment-only block
    batch = [(bash_syntax.run(t), shellcheck.run(t)) for t in targets]
    assert batch == single
    assert any(r.status == "failed" for pair in single for r in pair)  # the sample has findings to compare
