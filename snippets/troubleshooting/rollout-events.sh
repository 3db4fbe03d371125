# 只读：滚动更新期间的探针失败与容器终止事件
NS="${NS:-default}"
kubectl -n "${NS}" get events --field-selector reason=Unhealthy --sort-by=.lastTimestamp
kubectl -n "${NS}" get events --field-selector reason=Killing --sort-by=.lastTimestamp
