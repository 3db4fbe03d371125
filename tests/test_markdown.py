from k8sdoctest.source.markdown import language_of

from .helpers import md_blocks


def test_fence_with_attributes_is_found():
    blocks = md_blocks('text\n\n```yaml title="svc.yaml" hl_lines="2"\na: 1\n```\n')
    assert [(b.language, b.line, b.text) for b in blocks] == [("yaml", 3, "a: 1")]


def test_attribute_list_fence_and_text_fences():
    assert language_of("{ .yaml title='x' }") == "yaml"
    blocks = md_blocks("```text\nnot a test\n```\n\n```console\n$ ls\n```\n\n```bash\nls\n```\n")
    assert [b.language for b in blocks] == ["bash"]


def test_blocks_inside_admonitions_tabs_and_lists_keep_their_lines():
    text = '!!! note "x"\n\n    ```yaml\n    a: 1\n    ```\n\n=== "Tab"\n\n    ```bash\n    echo hi\n    ```\n\n- item\n\n  ```yaml\n  b: 2\n  ```\n'
    blocks = md_blocks(text)
    assert [(b.language, b.text, b.line) for b in blocks] == [("yaml", "a: 1", 3), ("bash", "echo hi", 9), ("yaml", "b: 2", 15)]
    assert blocks[0].where(0) == "page.md:4"


def test_unclosed_fence_is_a_problem():
    (block,) = md_blocks("```yaml\na: 1\n")
    assert any(p.check == "fence" for p in block.problems)


def test_include_resolves_to_the_snippet_and_its_line(tmp_path):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "x.yaml").write_text("# --8<-- [start:one]\nkind: A\n# --8<-- [end:one]\nkind: B\n")
    whole, section = md_blocks('```yaml\n--8<-- "x.yaml"\n```\n\n```yaml\n--8<-- "x.yaml:one"\n```\n', root=tmp_path)
    assert whole.text == "kind: A\nkind: B"  # section markers are not part of what readers see
    assert section.text == "kind: A"
    assert section.where(0) == "page.md:6 (snippets/x.yaml:2)"
    assert whole.included == ["snippets/x.yaml"]


def test_missing_include_and_line_numbers_are_problems(tmp_path):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "x.yaml").write_text("a: 1\n")
    missing, by_number = md_blocks('```yaml\n--8<-- "nope.yaml"\n```\n\n```yaml\n--8<-- "x.yaml:1:2"\n```\n', root=tmp_path)
    assert "does not exist" in missing.problems[0].message
    assert "named section" in by_number.problems[0].message


def test_directive_and_front_matter():
    text = '---\nk8s: "1.27-1.37"\n---\n\n<!-- k8sdoctest: k8s=1.31-1.33 cni=cilium -->\n```yaml\na: 1\n```\n\n```yaml\nb: 2\n```\n'
    first, second = md_blocks(text)
    assert first.claims.k8s == ("1.31", "1.32", "1.33") and first.claims.cni == ("cilium",)
    assert second.claims.k8s[0] == "1.27"


def test_unreadable_page_is_one_failing_item_not_a_traceback(tmp_path):
    from k8sdoctest.pytest_plugin import BlockParser, PageDocument

    from .helpers import verify

    path = tmp_path / "bad.md"
    path.write_bytes("# caf\xe9\n\n```yaml\na: 1\n```\n".encode("latin-1"))
    seen = []
    document = PageDocument.parse(str(path), BlockParser(tmp_path, lambda block, page, example: seen.append((block, page))))
    (example,) = list(document.examples())
    example.evaluate()
    ((block, page),) = seen
    assert block.page == "bad.md" and "not UTF-8" in block.problems[0].message
    assert verify(block, page, root=tmp_path).status == "failed"


def test_a_directive_inside_a_snippet_file_is_refused_not_published(tmp_path):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "x.yaml").write_text("# k8sdoctest: k8s=1.31-1.37 cni=cilium\nkind: A\n")
    (block,) = md_blocks('```yaml\n--8<-- "x.yaml"\n```\n', root=tmp_path)
    assert "snippets/x.yaml:1: a `# k8sdoctest:` line in a snippet file would be published" in block.problems[0].message


def test_a_bad_file_directive_points_at_its_line():
    from .helpers import yaml_block

    block = yaml_block("# intro\n# k8sdoctest: k8s=2.0\nkind: A\n", ("1.30",))
    (problem,) = block.problems
    assert problem.check == "directive" and block.where(problem.line) == "x.yaml:2"
