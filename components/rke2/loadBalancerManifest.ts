import { RKE2_LABELS, RKE2_PORTS } from "./constants";

/**
 * A Harvester VM load balancer in front of a cluster's servers, serving the registration address.
 *
 * Objects and fields follow harvester/load-balancer-harvester pkg/apis/loadbalancer.harvesterhci.io/v1beta1
 * (ippool.go, loadbalancer.go) and the Terraform provider's harvester_ippool / harvester_loadbalancer
 * (harvester/terraform-provider-harvester docs/resources/ippool.md, loadbalancer.md).
 */
export interface RegistrationLoadBalancerSpec {
    /** Cluster-scoped IPPool name. */
    poolName: string;
    /** LoadBalancer name, in `namespace`. */
    name: string;
    namespace: string;
    clusterName: string;
    /** The registration address: the pool holds exactly this one address, so the load balancer gets it. */
    address: string;
    subnet: string;
    gateway?: string;
    /** `namespace/name` of the VM network the servers are on. */
    network: string;
}

/**
 * An IPPool whose only range is the registration address. The address is therefore known before anything
 * exists, so node user data can carry it without waiting for the load balancer's status. The pool has no scope
 * selector: only drover's load balancer names it (`spec.ipPool`), and the IPPool webhook checks scope overlaps
 * only for pools that have a scope (pkg/webhook/ippool/validator.go).
 */
export function buildIPPool(s: RegistrationLoadBalancerSpec) {
    return {
        apiVersion: "loadbalancer.harvesterhci.io/v1beta1",
        kind: "IPPool",
        metadata: { name: s.poolName },
        spec: {
            description: `RKE2 registration address of ${s.namespace}/${s.clusterName} (drover)`,
            ranges: [
                {
                    subnet: s.subnet,
                    rangeStart: s.address,
                    rangeEnd: s.address,
                    ...(s.gateway !== undefined ? { gateway: s.gateway } : {}),
                },
            ],
            selector: { network: s.network },
        },
    };
}

/**
 * A `workloadType: vm` load balancer on the supervisor (9345) and API (6443) ports, whose backends are the
 * cluster's server VMIs, selected by drover's labels (pkg/controller/vmi/controller.go matches VMI labels with
 * an `In` requirement per key, pkg/utils/selector.go). The health check probes the API port with every
 * threshold set, so the webhook's defaulting (pkg/webhook/loadbalancer/mutator.go) never rewrites it.
 */
export function buildLoadBalancer(s: RegistrationLoadBalancerSpec) {
    return {
        apiVersion: "loadbalancer.harvesterhci.io/v1beta1",
        kind: "LoadBalancer",
        metadata: { name: s.name, namespace: s.namespace },
        spec: {
            description: `RKE2 servers of ${s.clusterName} (drover)`,
            workloadType: "vm",
            ipam: "pool",
            ipPool: s.poolName,
            listeners: [
                {
                    name: "supervisor",
                    port: RKE2_PORTS.supervisor,
                    protocol: "TCP",
                    backendPort: RKE2_PORTS.supervisor,
                },
                { name: "apiserver", port: RKE2_PORTS.apiserver, protocol: "TCP", backendPort: RKE2_PORTS.apiserver },
            ],
            backendServerSelector: {
                [RKE2_LABELS.cluster]: [s.clusterName],
                [RKE2_LABELS.role]: ["server"],
            },
            healthCheck: {
                port: RKE2_PORTS.apiserver,
                successThreshold: 1,
                failureThreshold: 3,
                periodSeconds: 5,
                timeoutSeconds: 3,
            },
        },
    };
}
