from k8sdoctest.live import runner


def test_server_warnings_become_findings_text():
    stderr = "Warning: annotation \"kubernetes.io/ingress.class\" is deprecated, please use 'spec.ingressClassName' instead\nerror: x\n"
    assert runner.server_warnings(stderr) == ["annotation \"kubernetes.io/ingress.class\" is deprecated, please use 'spec.ingressClassName' instead"]


def test_rollout_targets_cover_workloads_only():
    objects = [
        {"kind": "StatefulSet", "metadata": {"name": "mysql", "namespace": "database"}},
        {"kind": "Deployment", "metadata": {"name": "web"}},
        {"kind": "Service", "metadata": {"name": "web"}},
    ]
    from k8sdoctest.live.steps import Rollout, rollout_targets

    assert rollout_targets(objects, "tmp") == [Rollout("database", "statefulset/mysql"), Rollout("tmp", "deployment/web")]
