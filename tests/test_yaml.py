import pytest

from k8sdoctest.manifests import parsed

from .helpers import run_check


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n- b\n", "is a list"),
        ("just words\n", "is a scalar"),
        ("helm install x y\n", "use a ```bash fence"),
        ("kind: Service\n", "no apiVersion"),
        ("# only a comment\n", "nothing verifiable"),
        ("apiVersion: v1\nkind: Service\nmetadata:\n\tname: x\n", "tab is used for indentation"),
        ("a: [1,\n", "invalid YAML"),
    ],
)
def test_bad_yaml_gets_a_finding(text, expected):
    result = run_check("yaml", text)
    assert result.status == "failed"
    assert expected in result.findings[0].message


def test_empty_documents_between_separators_are_ignored():
    text = "---\napiVersion: v1\nkind: A\n---\n# comment only\n"
    assert run_check("yaml", text).status == "passed" and len(parsed(text)[0]) == 1


def test_line_of_points_at_keys():
    docs, _ = parsed("apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - port: 80\n      name: x\n")
    assert docs[0].line_of(["spec", "ports", 0, "name"]) == 5
    assert docs[0].key_line(["spec"], "ports") == 3
