NODE="${NODE:?请设置要诊断的节点名 NODE}"

# 4. 抓包：sysadmin profile 提供 NET_ADMIN；节点根文件系统挂载在 /host，
#    写到 /host/tmp 的文件才会留在节点上，而不是随调试容器消失。
kubectl debug "node/${NODE}" --profile=sysadmin --image=nicolaka/netshoot:v0.13 -- \
  tcpdump -i any -c 2000 -w /host/tmp/dns-capture.pcap port 53

# 5. 查看 Service 的转发规则：取决于 kube-proxy 的模式
#    iptables:  iptables-save -t nat | grep backend-service
#    ipvs:      ipvsadm -Ln
#    nftables:  nft list table ip kube-proxy
kubectl debug "node/${NODE}" --profile=sysadmin --image=nicolaka/netshoot:v0.13 -- \
  nft list table ip kube-proxy
#    Cilium 替代 kube-proxy 时，规则在 eBPF map 中：
kubectl -n kube-system exec ds/cilium -- cilium-dbg service list

# 6. kubectl debug 创建的 node-debugger Pod 不会自动删除，用完清理
kubectl get pods -o name --field-selector "spec.nodeName=${NODE}" \
  | grep '^pod/node-debugger-' \
  | xargs -r kubectl delete
