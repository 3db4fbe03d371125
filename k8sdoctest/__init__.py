"""k8sdoctest: verify the Kubernetes examples in documentation."""

__version__ = "0.1.0"
