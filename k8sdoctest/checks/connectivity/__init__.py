"""Expected NetworkPolicy connectivity, stated on the page and computed offline.

A page states who may reach whom in a Markdown table placed right after the marker
`<!-- k8sdoctest: connectivity -->` (the marker is invisible on the site, the table is not):

    <!-- k8sdoctest: connectivity -->
    | 来源 | 目标 | 端口 | 预期 | 说明 |
    |------|------|------|------|------|
    | `production/app=frontend` | `production/app=backend` | TCP 8080 | 允许 | 步骤 3 |
    | `production/app=frontend` | `203.0.113.10` | 任意 | 拒绝 | 其他出站 |

Columns are found by their header: 来源, 目标, 端口 and 预期 are required, any other column (说明) is
for the reader. Backticks around a cell are optional.

来源 / 目标, one of:
- `namespace/key=value[,key=value…]`: the Pods in that namespace carrying all these labels;
- `namespace/name`: the Pods of the workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
  CronJob or Pod) of that name defined on the page;
- an IPv4 address or CIDR (`203.0.113.10`, `169.254.20.10/32`): an address outside the Pod network.

端口: `TCP 8080`, `UDP 53`, `TCP 8000-8080`, `UDP/TCP 53` (both protocols), several separated by `、`
or `,`; `任意` means every protocol and port.

预期: `允许` (every source Pod reaches every target Pod on every listed port) or `拒绝` (none does
on any listed port).

The connectivity is computed by IBM np-guard's Network Config Analyzer (PyPI `network-config-analyzer`),
in-process, from the page's Kubernetes NetworkPolicies and the Pods of its workloads and Namespaces.
A label endpoint that no object on the page provides gets a synthesised Pod (and Namespace), so a
page needs no Deployment just to be checked. Other policy kinds (Calico, Cilium, Istio,
AdminNetworkPolicy) are not fed to the analyzer; `not_modelled()` names them and the other things the
result does not cover.

Modules: table (syntax, rows), resources (objects → NCA input), analyzer (NCA run, verdicts),
notes (not modelled), page (a page, the verify adapter), cli (the command line).
"""

from .analyzer import PARTIAL, RowResult, compute
from .cli import main
from .notes import not_modelled
from .page import CHECK, NAME, PageCheck, check_page, page_objects, run
from .resources import is_k8s_network_policy, topology
from .table import ALLOW, DENY, MARKER, Endpoint, Port, Row, expected_table

__all__ = [
    "ALLOW", "DENY", "MARKER", "NAME", "PARTIAL", "Endpoint", "PageCheck", "Port", "Row", "RowResult",
    "CHECK", "run", "check_page", "compute", "expected_table", "is_k8s_network_policy", "main", "not_modelled", "page_objects", "topology",
]
