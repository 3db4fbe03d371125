from k8sdoctest.live import namespaces

from ..helpers import md_page


def test_throwaway_names_are_dns_labels_and_stable():
    name = namespaces.throwaway("docs/network-policy.md")
    assert name.startswith("k8sdoctest-network-policy-") and len(name) <= 63
    assert name == namespaces.throwaway("docs/network-policy.md") != namespaces.throwaway("docs/services.md")
    assert len(namespaces.throwaway("docs/" + "x" * 200 + ".md")) <= 63


def test_declared_namespaces_exclude_system_ones():
    docs = [
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: kube-system\n",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: production\n",
    ]
    text = "\n".join(f"```yaml\n{d}```\n" for d in docs)
    throwaway, declared = namespaces.for_page(md_page(text))
    assert declared == {"shop", "production"} and throwaway.startswith("k8sdoctest-page-")
