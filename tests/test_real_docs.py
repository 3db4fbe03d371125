"""Issue 16: documentation the verifier was not written for. One minimal page per cause of noise, one example per missing check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from k8sdoctest import cli
from k8sdoctest.source import markdown

from .helpers import md_page, verify

FENCE = "```"


def results(text: str):
    page = md_page(text)
    return [verify(b, page) for b in page.blocks]


def found(result, level: str | None = None, check: str | None = None) -> list[str]:
    return [f"{f.check}: {f.message}" for f in result.findings if (level is None or f.level == level) and (check is None or f.check == check)]


def errors(result) -> list[str]:
    return found(result, "error")


# 1. Excerpts --------------------------------------------------------------------------------------------------------

def test_annotations_fragment_is_an_excerpt_not_an_error():
    (r,) = results(f"{FENCE}yaml\nmetadata:\n  annotations:\n    example.com/internal: \"true\"\n{FENCE}\n")
    assert r.status == "verified", errors(r)
    assert any("excerpt" in m for m in found(r, "info"))


def test_elided_fragment_is_read_without_the_elision():
    (r,) = results(f"{FENCE}yaml\n[...]\nmetadata:\n  name: my-service\n[...]\n{FENCE}\n")
    assert r.status == "verified", errors(r)


def test_two_dot_elision_and_prose_in_secret_data_are_not_errors():
    spec = "修改 Ingress：\n\n" + f"{FENCE}yaml\nspec:\n  rules:\n  - host: foo.bar.com\n..\n{FENCE}\n"
    secret = (f"{FENCE}yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  tls.crt: base64 编码的证书\n"
              f"  tls.key: base64 编码的私钥\ntype: kubernetes.io/tls\n{FENCE}\n")
    first, second = results(spec + "\n" + secret)
    assert first.status == "verified" and second.status == "verified", (errors(first), errors(second))
    assert any("base64 编码的证书" in m for m in found(second, "info", "placeholders"))
    (bad,) = results(secret.replace("base64 编码的证书", "not-base64!"))
    assert any("illegal base64" in m for m in errors(bad))


def test_spec_fragment_is_validated_as_the_spec_of_the_kind_the_prose_names():
    text = f"下面是一个 Service 的规约：\n\n{FENCE}yaml\nspec:\n  type: LoadBalancer\n  ports:\n  - port: 80\n    protocoll: TCP\n{FENCE}\n"
    (r,) = results(text)
    assert any("excerpt: Service spec.ports.0" in m and "protocoll" in m for m in errors(r))


def test_excerpt_directive_names_the_target():
    text = f"<!-- k8sdoctest: excerpt=Service.spec -->\n{FENCE}yaml\ntype: NodePort\nports:\n- port: \"http\"\n{FENCE}\n"
    (r,) = results(text)
    assert any("Service spec.ports.0.port" in m for m in errors(r))


def test_excerpt_directive_is_validated():
    (r,) = results(f"<!-- k8sdoctest: excerpt=Servce.spec -->\n{FENCE}yaml\ntype: NodePort\n{FENCE}\n")
    assert any("excerpt='Servce.spec'" in m for m in errors(r))


def test_env_list_is_checked_as_a_containers_env():
    (r,) = results(f"{FENCE}yaml\n- name: A\n  value: 1\n{FENCE}\n")
    assert any("Pod spec.containers.0.env.0.value" in m for m in errors(r))


def test_fragment_whose_place_is_unknown_is_info():
    (r,) = results(f"{FENCE}yaml\nfoo: bar\n{FENCE}\n")
    assert r.status == "verified" and any("not checked as an object" in m for m in found(r, "info"))


def test_a_file_must_still_be_a_whole_object(tmp_path, capsys):
    (tmp_path / "x.yaml").write_text("metadata:\n  name: x\n")
    assert cli.main(["verify", str(tmp_path / "x.yaml"), "--root", str(tmp_path)]) == 1


# 2. Transcripts and output ------------------------------------------------------------------------------------------

def test_command_and_its_output_in_one_block_checks_the_command():
    text = f"{FENCE}shell\nkubectl get pods -l run=my-nginx -o custom-columns=POD_IP:.status.podIPs\n    POD_IP\n    [map[ip:10.244.3.4]]\n{FENCE}\n"
    (r,) = results(text)
    assert r.status == "verified", errors(r)
    assert any(c.name == "kubectl" and c.status == "passed" for c in r.checks)


def test_prompts_and_env_listing():
    text = (f"{FENCE}shell\n[ root@curl-131556218-9fnch:/ ]$ nslookup my-nginx\nServer:    10.0.0.10\nAddress 1: 10.0.0.10\n{FENCE}\n\n"
            f"{FENCE}shell\nkubectl exec my-nginx-3800858182-jr4a2 -- printenv | grep SERVICE\nKUBERNETES_SERVICE_HOST=10.0.0.1\n"
            f"KUBERNETES_SERVICE_PORT=443\n{FENCE}\n\n"
            f"{FENCE}shell\n$ kubectl get svc\nNAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n{FENCE}\n")
    for r in results(text):
        assert r.status == "verified", errors(r)


def test_root_prompt_transcript():
    text = (f"{FENCE}shell\n# kubectl get pods -n k8s\nNAME                READY   STATUS\ndb-b5ff95b5-9lxgt   1/1     Running\n\n"
            f"# kubectl describe svc mediawiki -n k8s\nName:        mediawiki\n{FENCE}\n")
    (r,) = results(text)
    assert r.status == "verified", errors(r)
    assert any(c.name == "kubectl" and c.status == "passed" and "2 kubectl" in c.message for c in r.checks)


def test_transcript_command_is_still_checked():
    (r,) = results(f"{FENCE}shell\n$ kubectl get pods --no-such-flag\nNAME   READY\n{FENCE}\n")
    assert any("unknown flag '--no-such-flag'" in m for m in errors(r))


def test_shell_fence_with_no_command_is_a_warning_that_suggests_text():
    (r,) = results(f"{FENCE}shell\nNAME       TYPE        CLUSTER-IP\nmy-nginx   ClusterIP   10.0.162.149\n{FENCE}\n")
    assert r.status == "verified" and errors(r) == []
    assert any("```text" in m for m in found(r, "warning"))


# 3. Interactive commands ---------------------------------------------------------------------------------------------

def test_interactive_commands_shown_to_a_person_are_fine():
    text = f"{FENCE}shell\nkubectl run curl --image=radial/busyboxplus:curl -i --tty\nkubectl exec -it my-pod -- sh\n{FENCE}\n"
    (r,) = results(text)
    assert r.status == "verified", errors(r)


def test_tty_in_a_script_is_still_a_finding():
    text = f"{FENCE}bash\n#!/bin/bash\nset -e\nkubectl exec -it my-pod -- sh\n{FENCE}\n"
    (r,) = results(text)
    assert any("allocates a TTY" in m for m in errors(r))


# 4. Placeholders ------------------------------------------------------------------------------------------------------

def test_placeholders_are_stood_in_for_and_reported():
    text = "把 SERVICE_NAME 换成你的 Service 名称。\n\n"
    text += f"{FENCE}shell\nkubectl get svc <service-name> -n ${{NAMESPACE}}\nkubectl describe svc SERVICE_NAME\n{FENCE}\n"
    (r,) = results(text)
    assert r.status == "verified", errors(r)
    info = found(r, "info", "placeholders")
    assert any("<service-name>" in m for m in info) and any("${NAMESPACE}" in m for m in info) and any("SERVICE_NAME" in m for m in info)


def test_placeholder_in_yaml_gets_a_typed_standin():
    text = f"{FENCE}yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: <namespace>\n{FENCE}\n"
    (r,) = results(text)
    assert r.status == "verified", errors(r)


# 5. Page scope ---------------------------------------------------------------------------------------------------------

def test_variables_flow_between_blocks_of_a_page():
    text = f"{FENCE}bash\nsvc=my-svc\n{FENCE}\n\n{FENCE}bash\nkubectl get svc \"$svc\"\n{FENCE}\n"
    first, second = results(text)
    assert not any("SC2034" in m for m in found(first)), found(first)
    assert not any("SC2154" in m for m in found(second)), found(second)


def test_unrelated_workload_on_the_page_is_info_not_an_error():
    deploy = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n"
              "  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n")
    svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  selector: {tier: db}\n  ports:\n  - port: 5432\n"
    _, r = results(f"{FENCE}yaml\n{deploy}{FENCE}\n\n{FENCE}yaml\n{svc}{FENCE}\n")
    assert r.status == "verified", errors(r)
    assert any("claims to be its backend" in m for m in found(r, "info"))


def test_blocks_inside_html_comments_are_skipped_and_counted(tmp_path, capsys):
    page = tmp_path / "p.md"
    page.write_text(f"<!--\n{FENCE}yaml\nfoo: [\n{FENCE}\n-->\n\n{FENCE}yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n{FENCE}\n")
    assert cli.main(["verify", str(page), "--root", str(tmp_path)]) == 0
    assert "1 blocks inside HTML comments skipped" in capsys.readouterr().err
    assert cli.main(["verify", str(page), "--root", str(tmp_path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["hidden"] == {"p.md": 1}
    assert markdown.read(page.read_text(), "p.md", tmp_path)[0].hidden == 1


# 6. kubectl grammar ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["kubectl top pods -l app=x --containers", "kubectl get svc my-nginx", "kubectl get ds -A",
                                     "kubectl create deploy web --image=nginx", "kubectl top po"])
def test_aliases_accepted_where_kubectl_accepts_them(command):
    (r,) = results(f"{FENCE}shell\n{command}\n{FENCE}\n")
    assert r.status == "verified", errors(r)


def test_a_flag_of_another_command_is_still_rejected_after_an_alias():
    (r,) = results(f"{FENCE}shell\nkubectl top pods --replicas=2\n{FENCE}\n")
    assert any("unknown flag '--replicas'" in m for m in errors(r))


# 7. Missing checks -----------------------------------------------------------------------------------------------------

def test_boolean_annotation_value_is_a_finding():
    text = f"{FENCE}yaml\nmetadata:\n  name: my-service\n  annotations:\n    service.beta.kubernetes.io/oci-load-balancer-internal: true\n{FENCE}\n"
    (r,) = results(text)
    assert any("oci-load-balancer-internal: true is not of types" in m for m in errors(r))


def test_corefile_upstream_option_removed_in_coredns_1_7():
    cm = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\n  namespace: kube-system\ndata:\n  Corefile: |\n    .:53 {\n"
          "        kubernetes cluster.local in-addr.arpa ip6.arpa {\n           pods insecure\n           upstream\n        }\n"
          "        forward . /etc/resolv.conf\n    }\n")
    (r,) = results(f"{FENCE}yaml\n{cm}{FENCE}\n")
    assert any("option 'upstream' was removed in CoreDNS 1.7.0" in m for m in errors(r))


@pytest.mark.parametrize(("command", "label"), [("kubectl create deployment hello --image=nginx", "app"), ("kubectl run hello --image=nginx", "run")])
def test_selector_against_the_labels_commands_give_their_pods(command, label):
    svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: hello\nspec:\n  selector:\n    {key}: {value}\n  ports:\n  - port: 80\n"
    _, good = results(f"{FENCE}shell\n{command}\n{FENCE}\n\n{FENCE}yaml\n{svc.format(key=label, value='hello')}{FENCE}\n")
    assert good.status == "verified", errors(good)
    _, bad = results(f"{FENCE}shell\n{command}\n{FENCE}\n\n{FENCE}yaml\n{svc.format(key=label, value='helo')}{FENCE}\n")
    assert any("matches no Pod template" in m for m in errors(bad))


def test_exec_of_a_shell_builtin():
    (r,) = results(f"{FENCE}shell\nkubectl exec my-pod -- set\n{FENCE}\n")
    assert any("'set' is a shell builtin" in m for m in errors(r))


# 8. Hugo sources -------------------------------------------------------------------------------------------------------

def hugo_site(tmp_path: Path, yaml_text: str) -> tuple[Path, Path]:
    examples = tmp_path / "examples" / "service"
    examples.mkdir(parents=True)
    (examples / "svc.yaml").write_text(yaml_text)
    content = tmp_path / "content"
    content.mkdir()
    (content / "page.md").write_text('---\ntitle: x\n---\n{{< codenew file="service/svc.yaml" >}}\n\n'
                                      '{{% code_sample file="service/svc.yaml" %}}\n\n{{< code language="yaml" file="service/svc.yaml" >}}\n')
    return content, tmp_path / "examples"


def test_hugo_shortcodes_read_from_the_examples_directory(tmp_path, capsys):
    content, examples = hugo_site(tmp_path, "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 0\n")
    assert cli.main(["verify", str(content), "--root", str(tmp_path), "--examples", str(examples)]) == 1
    out = capsys.readouterr()
    assert out.out.count("spec.ports[0].port") == 3 and "3 blocks" in out.err
    assert cli.main(["verify", str(content), "--root", str(tmp_path)]) == 0  # without --examples a shortcode is prose
    assert "0 blocks" in capsys.readouterr().err
    assert cli.main(["verify", str(content), "--examples", str(tmp_path / "nope")]) == 2


def test_pytest_plugin_reads_shortcodes_given_the_examples_ini(tmp_path):
    from sybil import Document

    from k8sdoctest.pytest_plugin import BlockParser

    content, examples = hugo_site(tmp_path, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n")
    page = content / "page.md"
    document = Document(page.read_text(), str(page))
    seen = []
    regions = list(BlockParser(tmp_path, lambda block, page, example: seen.append(block), examples)(document))
    assert len(regions) == 3 and [r.parsed.language for r in regions] == ["yaml"] * 3
    assert list(BlockParser(tmp_path, lambda *a: None)(Document(page.read_text(), str(page)))) == []
