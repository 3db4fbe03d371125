# 按 kube-proxy 的模式替换占位符（https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/）：
#   iptables：node-cache 同时监听 169.254.20.10 与 kube-dns 的 ClusterIP，kubelet 的 clusterDNS 不用改；
#   ipvs：kube-dns 的 ClusterIP 已绑定在 kube-ipvs0 上，node-cache 只监听 169.254.20.10
#   （-localip 与 bind 中都去掉 kube-dns 的地址），还必须把 kubelet 的 clusterDNS 改为 169.254.20.10。
# nftables 模式与 Cilium 替代 kube-proxy 的情况，上游没有给出步骤（Cilium 见其 Local Redirect Policy 文档）。
PROXY_MODE="${PROXY_MODE:-iptables}"
MANIFEST="${MANIFEST:-nodelocaldns.yaml}"  # 上一节的清单（代码块上方的下载链接），保存在当前目录
LOCAL_DNS=169.254.20.10
DNS_DOMAIN=cluster.local
KUBE_DNS=$(kubectl get svc kube-dns -n kube-system -o jsonpath='{.spec.clusterIP}')

case "${PROXY_MODE}" in
  iptables)
    SED_ARGS=(-e "s/__PILLAR__LOCAL__DNS__/${LOCAL_DNS}/g"
              -e "s/__PILLAR__DNS__DOMAIN__/${DNS_DOMAIN}/g"
              -e "s/__PILLAR__DNS__SERVER__/${KUBE_DNS}/g") ;;
  ipvs)
    SED_ARGS=(-e "s/__PILLAR__LOCAL__DNS__/${LOCAL_DNS}/g"
              -e "s/__PILLAR__DNS__DOMAIN__/${DNS_DOMAIN}/g"
              -e "s/,__PILLAR__DNS__SERVER__//g"
              -e "s/ __PILLAR__DNS__SERVER__//g"
              -e "s/__PILLAR__CLUSTER__DNS__/${KUBE_DNS}/g") ;;
  *)
    echo "不支持的 PROXY_MODE：${PROXY_MODE}（只支持 iptables 与 ipvs）" >&2
    exit 1 ;;
esac

sed "${SED_ARGS[@]}" "${MANIFEST}" | kubectl apply -f -
kubectl -n kube-system rollout status ds/node-local-dns --timeout=5m
