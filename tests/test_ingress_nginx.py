from k8sdoctest.checks import Target, ingress_nginx

from .helpers import config, md_page

INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: production-ingress
  namespace: production
  annotations:
    {annotation}
spec:
  ingressClassName: nginx
  rules:
    - host: api.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: backend
                port:
                  number: 80
"""
HEADERS = """apiVersion: v1
kind: ConfigMap
metadata:
  name: security-headers
  namespace: production
data:
  X-Frame-Options: "DENY"
  X-Content-Type-Options: "nosniff"
"""
INSTALL = """helm upgrade --install ingress-nginx ingress-nginx/ingress-nginx \\
  --namespace ingress-nginx --create-namespace{extra}
"""


def page(annotation: str, extra: str = "") -> str:
    return (f"# t\n\n```yaml\n{HEADERS}---\n{INGRESS.format(annotation=annotation)}```\n\n"
            f"```bash\n{INSTALL.format(extra=extra)}```\n")


def run(text: str):
    p = md_page(text)
    yaml_block = next(b for b in p.blocks if b.language == "yaml")
    return ingress_nginx.run(Target(yaml_block, p, config()))


CUSTOM = 'nginx.ingress.kubernetes.io/custom-headers: "production/security-headers"'


def test_custom_headers_without_the_allowlist_is_the_audits_503():
    result = run(page(CUSTOM))
    assert result.status == "failed"
    (finding,) = result.findings
    assert "global-allowed-response-headers" in finding.message and "503" in finding.message
    assert "customheaders/main.go" in finding.message


def test_custom_headers_with_the_allowlist_set_by_helm_passes():
    extra = " \\\n  --set-string 'controller.config.global-allowed-response-headers=X-Frame-Options\\,X-Content-Type-Options'"
    assert run(page(CUSTOM, extra)).status == "passed"


def test_a_header_missing_from_the_allowlist_is_named():
    extra = " \\\n  --set-string controller.config.global-allowed-response-headers=X-Frame-Options"
    (finding,) = run(page(CUSTOM, extra)).findings
    assert "X-Content-Type-Options" in finding.message and "X-Frame-Options," not in finding.message


def test_allowlist_in_a_controller_configmap_on_the_page_passes():
    controller = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ingress-nginx-controller\n  namespace: ingress-nginx\n"
                  "data:\n  global-allowed-response-headers: X-Frame-Options,X-Content-Type-Options\n")
    text = page(CUSTOM) + f"\n```yaml\n{controller}```\n"
    assert run(text).status == "passed"


def test_snippet_annotation_needs_critical_risk_and_allow_snippets():
    result = run(page('nginx.ingress.kubernetes.io/configuration-snippet: "more_set_headers X-A: b;"'))
    messages = " ".join(f.message for f in result.findings)
    assert result.status == "failed" and "Critical risk" in messages and "High" in messages and "allow-snippet-annotations" in messages


def test_snippet_annotation_with_the_controller_configured_passes():
    extra = (" \\\n  --set controller.allowSnippetAnnotations=true"
             " \\\n  --set-string controller.config.annotations-risk-level=Critical")
    assert run(page('nginx.ingress.kubernetes.io/server-snippet: "return 200;"', extra)).status == "passed"


def test_the_guides_ingress_page_passes():
    text = ('# t\n\n```yaml\n--8<-- "ingress/nginx-ingress.yaml"\n```\n\n```bash\n--8<-- "ingress/ingress-nginx-install.sh"\n```\n')
    assert run(text).status == "passed"


def test_every_rule_has_a_source():
    assert all(r["source"].startswith("https://") for r in ingress_nginx.rules()["annotations"])


def test_a_snippet_verified_on_its_own_reads_the_files_beside_it():
    from .helpers import ROOT, yaml_page

    text = (ROOT / "snippets/ingress/nginx-ingress.yaml").read_text()
    beside = yaml_page(text, name="snippets/ingress/nginx-ingress.yaml")
    alone = yaml_page(text, name="snippets/nginx-ingress.yaml")  # no install script beside it
    assert ingress_nginx.run(Target(beside.blocks[0], beside, config())).status == "passed"
    assert ingress_nginx.run(Target(alone.blocks[0], alone, config())).status == "failed"
