# 只读：滚动更新期间的探针失败与容器终止事件
# k8sdoctest: skip="live: 只读诊断命令，需要针对出现症状的集群与对象运行"
NS="${NS:-default}"
kubectl -n "${NS}" get events --field-selector reason=Unhealthy --sort-by=.lastTimestamp
kubectl -n "${NS}" get events --field-selector reason=Killing --sort-by=.lastTimestamp
