NODE="${NODE:?请设置要诊断的节点名 NODE}"
DEBUG_IMAGE="${DEBUG_IMAGE:-nicolaka/netshoot:v0.13}"

# 在节点上运行一条命令。kubectl debug 默认只创建 Pod 就返回：--attach=true 让它等命令结束并显示输出。
# sysadmin profile 提供 NET_ADMIN；节点的根文件系统挂载在 /host。
# kubectl debug 创建的 node-debugger Pod 不会自动删除：从输出中取出 Pod 名，只删除自己创建的 Pod。
debug_node() {
  local out pod
  out=$(kubectl debug "node/${NODE}" --profile=sysadmin --image="${DEBUG_IMAGE}" --attach=true -- "$@" 2>&1 </dev/null)
  printf '%s\n' "${out}"
  pod=$(printf '%s\n' "${out}" | sed -n 's/^Creating debugging pod \([^ ]*\) .*/\1/p')
  if [ -n "${pod}" ]; then
    kubectl delete pod "${pod}" --wait=false
  fi
}

# 4. 抓包：抓满 2000 个 DNS 包或 120 秒后结束；写到 /host/tmp 的文件留在节点的 /tmp 中，而不是随调试容器消失。
debug_node timeout 120 tcpdump -i any -c 2000 -w /host/tmp/dns-capture.pcap port 53

# 5. 查看 Service 的转发规则：取决于 kube-proxy 的模式
#    iptables:  iptables-save -t nat | grep backend-service
#    ipvs:      ipvsadm -Ln
#    nftables:  nft list table ip kube-proxy
debug_node nft list table ip kube-proxy

#    Cilium 替代 kube-proxy 时，规则在 eBPF map 中：查看该节点上的 Cilium Pod
CILIUM_POD=$(kubectl -n kube-system get pods -l k8s-app=cilium --field-selector "spec.nodeName=${NODE}" \
  -o jsonpath='{.items[0].metadata.name}')
kubectl -n kube-system exec "${CILIUM_POD}" -- cilium-dbg service list
