from .helpers import md_page, verify

SVC = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  {spec}\n  ports:\n    - port: 80\n"
DEPLOY = """apiVersion: apps/v1
kind: {kind}
metadata:
  name: web
  namespace: {ns}
spec:
  {extra}selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: c
          image: nginx
"""
POLICY = """apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: p
  namespace: {ns}
spec:
  podSelector:
    matchLabels:
      app: web
"""


def page(*blocks: str):
    text = "\n".join(f"```yaml\n{b}```\n" for b in blocks)
    page = md_page(text)
    return [verify(b, page) for b in page.blocks]


def consistency(result):
    return [f for f in result.findings if f.check == "consistency"]


def test_service_selector_must_match_a_workload_on_the_page():
    ok, _ = page(SVC.format(spec="selector: {app: web}"), DEPLOY.format(kind="Deployment", ns="shop", extra=""))
    assert ok.status == "verified"
    bad, _ = page(SVC.format(spec="selector: {app: wbe}"), DEPLOY.format(kind="Deployment", ns="shop", extra=""))
    (finding,) = consistency(bad)
    assert finding.level == "error" and "matches no Pod template in namespace shop" in finding.message


def test_nothing_to_compare_against_is_only_info():
    (alone,) = page(SVC.format(spec="selector: {app: web}"))
    assert alone.status == "verified" and consistency(alone)[0].level == "info"


def test_policy_in_the_wrong_namespace():
    policy, _ = page(POLICY.format(ns="production"), DEPLOY.format(kind="Deployment", ns="database", extra=""))
    assert "this page runs those Pods in database" in consistency(policy)[0].message and policy.status == "failed"


def test_statefulset_service_name_must_be_headless():
    sts = DEPLOY.format(kind="StatefulSet", ns="shop", extra="serviceName: web\n  ")
    _, bad = page(SVC.format(spec="selector: {app: web}"), sts)
    assert any("is not headless" in f.message for f in consistency(bad))
    _, good = page(SVC.format(spec="clusterIP: None\n  selector: {app: web}"), sts)
    assert good.status == "verified"
