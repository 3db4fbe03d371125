# 就地编辑真正被 kube-proxy 读取的对象，然后滚动重启 kube-proxy
kubectl -n kube-system edit configmap kube-proxy
kubectl -n kube-system rollout restart daemonset kube-proxy
kubectl -n kube-system rollout status daemonset kube-proxy --timeout=5m
