"""manifests.py reads YAML the way kubectl does. Each test names kubectl's behaviour and where it comes from upstream.

Upstream files cited below:
  resolve.go   sigs.k8s.io/yaml goyaml.v2/resolve.go (fork of gopkg.in/yaml.v2 v2.4.0)
  decode.go    gopkg.in/yaml.v2 v2.4.0 decode.go
  scannerc.go  gopkg.in/yaml.v2 v2.4.0 scannerc.go
  yaml.go      sigs.k8s.io/yaml yaml.go (YAMLToJSON, convertToJSONableObject)
  decoder.go   k8s.io/apimachinery/pkg/util/yaml/decoder.go (YAMLReader, YAMLToJSONDecoder)
  visitor.go   k8s.io/cli-runtime/pkg/resource/visitor.go (StreamVisitor, FlattenListVisitor)
  unstructured.go  k8s.io/apimachinery/pkg/apis/meta/v1/unstructured/unstructured.go (decode, decodeToList)
"""

from __future__ import annotations

import time
import tracemalloc
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from k8sdoctest import manifests
from k8sdoctest.model import Finding


def value(text: str) -> Any:
    """The value of key `v` in a one-document text, failing the test on any finding."""
    docs, problem = manifests.load(text)
    assert problem is None, problem
    return docs[0].data["v"]


def problem(text: str) -> Finding:
    docs, found = manifests.load(text)
    assert found is not None, f"no finding for {text!r}: {[d.data for d in docs]}"
    assert found.level == "error" and found.check == "yaml"
    return found


# --------------------------------------------------------------------------
# Scalars


@pytest.mark.parametrize(("text", "expected"), [
    ("y", True), ("Y", True), ("yes", True), ("On", True), ("TRUE", True),
    ("n", False), ("N", False), ("no", False), ("off", False), ("False", False),
])
def test_yaml11_booleans(text: str, expected: bool) -> None:
    """kubectl reads y/Y/n/N/yes/no/on/off as booleans (resolve.go resolveMapList); PyYAML's y/n are strings."""
    assert value(f"v: {text}\n") is expected


def test_quoted_scalars_stay_strings() -> None:
    """A quoted scalar is never resolved (decode.go scalar: `n.tag == "" && !n.implicit` is a !!str)."""
    assert value("v: 'yes'\n") == "yes"
    assert value('v: "1:20"\n') == "1:20"
    assert value("v: '0x1F'\n") == "0x1F"


def test_no_base60_numbers() -> None:
    """`1:20` stays the string "1:20": go-yaml v2 has no sexagesimal numbers (resolve.go: "Base 60 floats ... purposefully
    unsupported"), so kubectl rejects `port: 1:20`, while PyYAML makes it the integer 80."""
    assert value("v: 1:20\n") == "1:20"
    assert yaml.safe_load("v: 1:20\n")["v"] == 80  # PyYAML's YAML 1.1 reading: the difference this module exists for


@pytest.mark.parametrize(("text", "expected"), [
    ("0o755", 493), ("0755", 493), ("0x1F", 31), ("-0x1F", -31), ("+1", 1), ("-0", 0), ("1_000", 1000), ("0b101", 5),
    ("9223372036854775807", 2**63 - 1), ("-9223372036854775808", -(2**63)),
    ("18446744073709551615", 2**64 - 1),  # strconv.ParseUint
    ("0xFFFFFFFFFFFFFFFFFFFF", 2**80 - 1),  # ParseUint's range error, not float-shaped: *big.Int
])
def test_integers_follow_go_base0(text: str, expected: int) -> None:
    """Plain integers are strconv.ParseInt(s, 0, 64) after removing `_`, then ParseUint, then big.Int (resolve.go)."""
    result = value(f"v: {text}\n")
    assert result == expected and type(result) is int


@pytest.mark.parametrize(("text", "expected"), [
    ("1e3", 1000), ("3.0", 3), ("1.", 1), ("08", 8), ("-0.0", 0),  # float64 values that encoding/json prints as integers
    ("1.5", 1.5), (".5", 0.5), ("-.5", -0.5), ("1e21", 1e21), ("99999999999999999999999", 1e23),
    ("1e400", "1e400"),  # strconv.ParseFloat range error: the text stays a string
])
def test_floats_are_what_json_carries(text: str, expected: Any) -> None:
    """Floats match resolve.go's yamlStyleFloat; sigs.k8s.io/yaml then writes JSON, where an integral float64 below 1e21
    prints as an integer (encoding/json floatEncoder), so `1e3` reaches the API server as 1000."""
    result = value(f"v: {text}\n")
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize("text", ["~", "null", "Null", "NULL", ""])
def test_null_forms(text: str) -> None:
    """`~`, `null` and an empty value are null (resolve.go); a document that is only null is skipped (visitor.go)."""
    assert value(f"v: {text}\n") is None
    assert manifests.load(f"---\n{text}\n---\nv: 1\n")[0][0].data == {"v": 1}


@pytest.mark.parametrize(("text", "shown"), [(".inf", "+Inf"), ("-.Inf", "-Inf"), (".nan", "NaN"), ("!!float .inf", "+Inf")])
def test_infinities_and_nan_are_errors(text: str, shown: str) -> None:
    """go-yaml reads `.inf` as +Inf, which encoding/json cannot write: kubectl fails with
    "error converting YAML to JSON: json: unsupported value: +Inf" (yaml.go yamlToJSONTarget)."""
    found = problem(f"a: 1\nv: {text}\n")
    assert found.message.endswith(f"json: unsupported value: {shown}") and found.line == 1


@pytest.mark.parametrize("text", ["2024-01-01", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10", "!!timestamp 2024-01-01"])
def test_timestamps_stay_strings(text: str) -> None:
    """Decoded into interface{}, a timestamp keeps its text "for backward compatibility" (decode.go scalar), so kubectl
    sends `created: 2024-01-01` as a string; PyYAML makes a date, which crashed the old reader (security review 6)."""
    assert value(f"v: {text}\n") == text.removeprefix("!!timestamp ")


def test_binary_is_the_decoded_string() -> None:
    """`!!binary` is base64-decoded into a Go string (decode.go scalar, base64.StdEncoding, which skips newlines);
    encoding/json writes invalid UTF-8 as U+FFFD."""
    assert value("v: !!binary aGVsbG8=\n") == "hello"
    assert value("v: !!binary |\n  aGVs\n  bG8=\n") == "hello"
    assert value("v: !!binary /w==\n") == "\ufffd"
    assert "invalid base64" in problem("v: !!binary '!!'\n").message


def test_explicit_tags() -> None:
    """An explicit tag must match what the text resolves to, !!float also taking an integer (resolve.go deferred check);
    unknown tags keep the text (resolvableTag)."""
    assert value("v: !!float 3\n") == 3
    assert value("v: !!str 3\n") == "3"
    assert value("v: !custom 3\n") == "3"
    assert problem("v: !!int x\n").message == "cannot decode !!str `x` as a !!int"


def test_sets_are_maps_of_nulls() -> None:
    """`!!set {a, b}` is a mapping with null values; the tag is ignored when decoding into interface{} (decode.go mapping),
    so kubectl sends {"a": null, "b": null}. PyYAML made a Python set, which crashed the old reader."""
    assert value("v: !!set {a, b}\n") == {"a": None, "b": None}


# --------------------------------------------------------------------------
# Keys


@pytest.mark.parametrize(("text", "key"), [
    ("1", "1"), ("0x10", "16"), ("yes", "true"), ("off", "false"), ("1.5", "1.5"), ("1e6", "1e+06"), ("0.1", "0.1"),
    ("3.14159265358979", "3.1415927"), (".inf", ".inf"), ("'01'", "01"),
])
def test_non_string_keys_become_json_strings(text: str, key: str) -> None:
    """sigs.k8s.io/yaml turns int keys into strconv.Itoa, floats into FormatFloat(f, 'g', -1, 32), bools into
    "true"/"false" (yaml.go convertToJSONableObject). `1: x` is the key "1"; PyYAML's int key crashed the old reader."""
    docs, found = manifests.load(f"{text}: x\n")
    assert found is None and docs[0].data == {key: "x"}


@pytest.mark.parametrize(("text", "says"), [
    ("~: x\n", "unsupported map key of type: <nil>"),
    ("18446744073709551615: x\n", "unsupported map key of type: uint64"),
    ("? [a]\n: x\n", "invalid map key"),
])
def test_keys_json_cannot_hold_are_errors(text: str, says: str) -> None:
    """Null, uint64 and big keys fail the JSON conversion (yaml.go: "unsupported map key of type"); a collection key
    fails in go-yaml itself (decode.go mapping: "invalid map key")."""
    assert says in problem(text).message


# --------------------------------------------------------------------------
# Merges, anchors, duplicates


def test_merge_keys() -> None:
    """`<<` merges a mapping, or a list of mappings where the first wins (decode.go merge steps backwards)."""
    text = "base: &b {a: 1, c: 3}\nv:\n  <<: *b\n  a: 2\n"
    assert value(text) == {"a": 2, "c": 3}
    assert value("v: {<<: [{a: 1}, {a: 2, b: 2}]}\n") == {"a": 1, "b": 2}
    assert value("v: {'<<': 1}\n") == {"<<": 1}  # a quoted << is an ordinary key (decode.go isMerge)


def test_merge_applies_in_document_order() -> None:
    """go-yaml v2 decodes a merge into the map being built when it meets it, so a `<<` after a key overrides that key
    (decode.go mapping/merge), unlike the YAML merge spec where explicit keys always win."""
    assert value("v: {a: 1, <<: {a: 2}}\n") == {"a": 2}


def test_merge_of_a_scalar_is_an_error() -> None:
    """decode.go failWantMap: "map merge requires map or sequence of maps as the value"."""
    assert "map merge requires map" in problem("v:\n  <<: 1\n").message
    assert "map merge requires map" in problem("s: &s [1]\nv:\n  <<: *s\n").message


def test_duplicate_keys_are_errors() -> None:
    """YAML forbids duplicate keys; kubectl's reader (decoder.go YAMLToJSONDecoder, non-strict) silently keeps the last one
    (kubernetes/kubernetes#125885), so the reader is told where both are. go-yaml's strict wording is "key … already set in map",
    the API server's is `duplicate field "…"`."""
    found = problem("apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 1\n  template: {}\n  replicas: 3\n")
    assert found.line == 5
    assert found.message.startswith('duplicate field "spec.replicas" (first at line 4)')


def test_keys_equal_in_json_are_duplicates() -> None:
    """`1:` and `"1":` are different YAML keys but the same JSON field; which one survives is undefined (yaml.go)."""
    assert 'duplicate field "1"' in problem("1: a\n'1': b\n").message


def test_duplicate_key_path_in_a_list() -> None:
    found = problem("spec:\n  containers:\n    - name: a\n      name: b\n")
    assert 'duplicate field "spec.containers[0].name"' in found.message and found.line == 3


def test_redefined_anchor_refers_to_the_latest() -> None:
    """go-yaml v2 keeps the last anchor of a name (decode.go parser.anchor overwrites); PyYAML refuses the document."""
    docs, found = manifests.load("a: &x 1\nb: &x 2\nc: *x\n")
    assert found is None and docs[0].data == {"a": 1, "b": 2, "c": 2}


def test_self_referring_anchor_is_an_error() -> None:
    """decode.go alias: "anchor '…' value contains itself"."""
    assert "contains itself" in problem("v: &a [1, *a]\n").message


def test_aliases_are_expanded_into_copies() -> None:
    """go-yaml decodes an alias anew each time; the two values must not be the same Python object."""
    docs, _ = manifests.load("a: &x {k: [1]}\nb: *x\n")
    data = docs[0].data
    assert data["a"] == data["b"] and data["a"] is not data["b"]


def bomb(levels: int = 9, width: int = 9) -> str:
    lines = ["l0: &l0 [" + ",".join(["lol"] * width) + "]"]
    lines += [f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly_and_small() -> None:
    """A billion laughs (9**9 leaves from ~400 bytes) is refused with go-yaml's "document contains excessive aliasing"
    (decode.go allowedAliasRatio); kubectl refuses the same file. The old reader took 12 GB (security review 4)."""
    text = bomb()
    assert len(text.encode()) <= 548
    tracemalloc.start()
    start = time.process_time()
    try:
        found = problem(text)
        elapsed = time.process_time() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "excessive aliasing" in found.message
    assert found.line == 3  # the list whose aliases tip the budget: l3 would already be 6,561 lols
    assert elapsed < 1.0 and peak < 20_000_000


def test_alias_budget_allows_ordinary_reuse() -> None:
    """Below 400,000 decodes up to 99% may come from aliases (decode.go allowedAliasRatio), so reuse in real manifests passes."""
    text = "labels: &l {app: web, tier: front}\n" + "".join(f"o{i}: {{labels: *l, num: {i}}}\n" for i in range(500))
    docs, found = manifests.load(text)
    assert found is None and docs[0].data["o499"] == {"labels": {"app": "web", "tier": "front"}, "num": 499}


def test_alias_budget_is_per_document() -> None:
    """kubectl unmarshals each `---` document on its own (decoder.go YAMLReader), so the counts start again."""
    ok = "labels: &l {a: 1}\n" + "".join(f"o{i}: *l\n" for i in range(90))
    docs, found = manifests.load("---\n".join([ok] * 30))
    assert found is None and len(docs) == 30


# --------------------------------------------------------------------------
# Depth


def nested_block(depth: int) -> str:
    return "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "leaf\n"


def test_300_levels_of_block_nesting_load() -> None:
    """kubectl accepts it (below go-yaml's 10000); the old reader raised "Recursion limit reached" (security review 6)."""
    docs, found = manifests.load(nested_block(300))
    assert found is None
    node = docs[0].data
    for i in range(299):
        node = node[f"k{i}"]
    assert node == {"k299": "leaf"}


def test_300_levels_of_flow_nesting_load() -> None:
    docs, found = manifests.load("v: " + "[" * 300 + "]" * 300 + "\n")
    assert found is None


@pytest.mark.parametrize("text", ["[" * 100_000, "[" * 10_001 + "]" * 10_001, "- " * 100_000 + "x", "a: " + "{a: " * 20_000])
def test_deep_nesting_is_refused_without_a_crash(text: str) -> None:
    """go-yaml v2 refuses more than 10000 levels: "exceeded max depth of 10000" (scannerc.go max_flow_level, max_indents).
    PyYAML's C composer recurses in C and crashes the process at 100,000 levels."""
    start = time.process_time()
    found = problem(text)
    assert found.message.startswith("exceeded max depth of 10000") and found.line == 0
    assert time.process_time() - start < 5


def test_depth_limit_counts_aliases() -> None:
    """Aliases can nest a value deeper than the text does; the bound holds for the data too."""
    text = "a: &a " + "[" * 6000 + "]" * 6000 + "\nb: " + "[" * 5000 + "*a" + "]" * 5000 + "\n"
    assert problem(text).message.startswith("exceeded max depth of 10000")


def test_deep_flow_sequences_with_items_load() -> None:
    text = "v: " + "[1, " * 3000 + "]" * 3000 + "\n"
    docs, found = manifests.load(text)
    assert found is None and docs[0].data["v"][0] == 1


# --------------------------------------------------------------------------
# Documents and the contract of parse.load


def test_separator_takes_only_a_comment() -> None:
    """kubectl's YAMLReader allows only spaces and a comment after `---` (decoder.go: "invalid Yaml document separator")."""
    docs, found = manifests.load("a: 1\n--- # next\nb: 2\n--- {c: 3}\n")
    assert found is not None and found.line == 3 and "invalid Yaml document separator: {c: 3}" in found.message
    assert [d.data for d in docs] == [{"a": 1}, {"b": 2}]


def test_a_stream_starting_with_a_brace_is_json() -> None:
    """kubectl sniffs the first 4096 bytes: a stream starting with `{` is read as JSON values (decoder.go
    YAMLOrJSONDecoder), so a YAML flow mapping with bare keys fails there although it is valid YAML."""
    docs, found = manifests.load('{"apiVersion": "v1", "kind": "Service"}\n{"apiVersion": "v1",\n "kind": NaN}\n')
    assert docs == [] and found is not None and found.line == 1 and "NaN is not JSON" in found.message
    assert "is not JSON" in problem("{apiVersion: v1, kind: Service}\n").message
    docs, found = manifests.load('\ufeff  {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"}}\n')
    assert found is None and docs[0].data["metadata"] == {"name": "a"}
    assert 'duplicate field "kind"' in problem('{"kind": "A",\n "kind": "B"}').message  # the API server refuses these
    deep = '{"a": ' * 2000 + "1" + "}" * 2000  # valid for Go (10000 levels), too deep for Python's JSON reader: read as YAML
    assert manifests.load(deep)[1] is None


def test_parse_errors_have_lines_and_keep_earlier_documents() -> None:
    docs, found = manifests.load("a: 1\n---\nb: [1,\n")
    assert [d.data for d in docs] == [{"a": 1}] and found is not None and found.line == 3
    assert found.message.startswith("invalid YAML")


def test_tab_indentation_is_explained() -> None:
    assert "tab is used for indentation" in problem("apiVersion: v1\nkind: Service\nmetadata:\n\tname: x\n").message


def test_empty_documents_are_skipped() -> None:
    docs, found = manifests.load("---\napiVersion: v1\nkind: A\n---\n# comment only\n---\n")
    assert found is None and [d.data for d in docs] == [{"apiVersion": "v1", "kind": "A"}]


def test_plain_manifests_read_as_before() -> None:
    text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: {app: web}}\nspec:\n  replicas: 3\n  template:\n" \
        "    spec:\n      containers:\n        - {name: web, image: 'nginx:1.27', args: [--port, '8080'], ports: [{containerPort: 8080}]}\n"
    assert [d.data for d in manifests.load(text)[0]] == list(yaml.safe_load_all(text))


def test_lines() -> None:
    docs, _ = manifests.load("apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - port: 80\n      name: x\n")
    doc = docs[0]
    assert doc.line == 0
    assert doc.line_of(["spec", "ports", 0, "name"]) == 5
    assert doc.line_of(["spec", "nope", 3]) == 3  # the deepest node that exists: spec's mapping, which starts at `ports:`
    assert doc.key_line(["spec"], "ports") == 3
    assert doc.key_line(["spec", "ports", 0], "name") == 5


def test_lines_of_converted_and_merged_keys() -> None:
    docs, _ = manifests.load("base: &b\n  port: 80\nv:\n  <<: *b\n  0x10: yy\n")
    doc = docs[0]
    assert doc.data["v"] == {"port": 80, "16": "yy"}
    assert doc.key_line(["v"], "16") == 4
    assert doc.key_line(["v"], "port") == 1  # where the merged key is written
    assert doc.line_of(["v", "port"]) == 1


@given(st.text(max_size=300))
@settings(max_examples=400, deadline=None)
def test_random_text_never_raises(text: str) -> None:
    docs, found = manifests.load(text)
    assert found is None or (isinstance(found.line, int) and found.line >= 0)


@given(st.text(alphabet="ab01 :-[]{},&*!<>?|'\"\n\t~.#%@", max_size=200))
@settings(max_examples=600, deadline=None)
def test_random_yaml_like_text_never_raises(text: str) -> None:
    docs, found = manifests.load(text)
    for doc in docs:
        doc.line_of(["a", 0, "b"])
    assert found is None or found.line >= 0


# --------------------------------------------------------------------------
# Objects, group/version/kind


def test_objects_expand_lists() -> None:
    """Any document with `items` is a list to kubectl (unstructured.go decode); items without kind and apiVersion take the
    list's apiVersion and its kind minus "List" (decodeToList); nested lists are flattened (visitor.go FlattenListVisitor)."""
    text = (
        "apiVersion: v1\nkind: List\nitems:\n"
        "  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n"
        "  - {apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: Secret, metadata: {name: c}}]}\n"
        "  - {apiVersion: v1, kind: Service, metadata: {name: b}}\n"
        "---\napiVersion: v1\nkind: ServiceList\nitems:\n  - metadata: {name: s}\n"
        "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
    )
    docs, found = manifests.load(text)
    assert found is None
    got = [(o.get("kind"), o["metadata"]["name"], path, doc.line) for doc, o, path in manifests.objects(docs)]
    assert got == [
        ("ConfigMap", "a", ("items", 0), 0),
        ("Service", "b", ("items", 2), 0),
        ("Secret", "c", ("items", 1, "items", 0), 0),
        ("Service", "s", ("items", 0), 7),
        ("Pod", "p", (), 12),
    ]
    doc, obj, path = manifests.objects(docs)[3]
    assert obj["apiVersion"] == "v1" and "kind" not in docs[1].data["items"][0]  # the document's data is not changed
    assert doc.line_of(path + ("metadata", "name")) == 10


def test_objects_null_items_is_an_empty_list() -> None:
    """`items: null` still makes a list (unstructured.go decode sees a RawMessage), with nothing in it."""
    docs, _ = manifests.load("apiVersion: v1\nkind: List\nitems:\n")
    assert manifests.objects(docs) == []


def test_objects_items_that_are_not_a_list_stay_an_object() -> None:
    """kubectl fails on them; we keep the object so that the schema check reports the field."""
    docs, _ = manifests.load("apiVersion: v1\nkind: Pod\nitems: x\n")
    assert [o for _, o, _ in manifests.objects(docs)] == [{"apiVersion": "v1", "kind": "Pod", "items": "x"}]


@pytest.mark.parametrize(("data", "expected"), [
    ({"apiVersion": "apps/v1", "kind": "Deployment"}, ("apps", "v1", "Deployment")),
    ({"apiVersion": "v1", "kind": "Service"}, ("", "v1", "Service")),
    ({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress"}, ("networking.k8s.io", "v1", "Ingress")),
    ({}, ("", "", "")),
    ({"apiVersion": 1, "kind": ["x"]}, ("", "", "")),
    ({"apiVersion": "a/b/c", "kind": "X"}, ("a/b/c", "", "X")),
])
def test_gvk(data: dict[str, Any], expected: tuple[str, str, str]) -> None:
    assert manifests.gvk(data) == expected


def test_is_builtin() -> None:
    assert manifests.is_builtin_group("") and manifests.is_builtin_group("apps") and manifests.is_builtin_group("networking.k8s.io")
    assert not manifests.is_builtin_group("cilium.io") and not manifests.is_builtin_group("a/b/c")
