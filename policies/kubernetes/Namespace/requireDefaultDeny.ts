import { PolicyResource } from "@pulumi/policy";
import { readConfig, stringList } from "../../lib/config";
import { DROVER_TYPE_PREFIX, TYPES } from "../../lib/kinds";
import { DroverStackPolicy } from "../../lib/types";
import { UnknownTracker } from "../../lib/unknown";

interface NetworkPolicySpec {
    podSelector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
    policyTypes?: string[];
    ingress?: unknown[];
    egress?: unknown[];
}

interface ObjectProps {
    metadata?: { name?: string; namespace?: string };
    spec?: NetworkPolicySpec;
}

/** True when the resource or one of its ancestors is a drover component. */
function createdByDrover(r: PolicyResource): boolean {
    for (let p = r.parent; p !== undefined; p = p.parent) {
        if (p.type.startsWith(DROVER_TYPE_PREFIX)) {
            return true;
        }
    }
    return false;
}

/** True for a policy that selects every pod and allows no traffic of the given direction. */
function deniesAll(spec: NetworkPolicySpec, direction: "Ingress" | "Egress"): boolean {
    const selector = spec.podSelector ?? {};
    const selectsAll =
        Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
    const rules = direction === "Ingress" ? spec.ingress : spec.egress;
    return selectsAll && (spec.policyTypes ?? []).includes(direction) && (rules ?? []).length === 0;
}

/** Every namespace drover creates gets a default-deny NetworkPolicy. */
export const k8sNamespaceDefaultDeny: DroverStackPolicy = {
    name: "k8s-namespace-default-deny",
    displayName: "Default-deny NetworkPolicy per namespace",
    description:
        "Every Namespace a drover component creates (or every Namespace, with onlyDroverNamespaces false) has a " +
        "NetworkPolicy in the stack that selects all pods and allows no ingress and, with requireEgress, no egress.",
    severity: "high",
    tags: ["kubernetes", "network", "isolation"],
    url: "https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies",
    remediationSteps:
        'Add a NetworkPolicy in the namespace with podSelector: {}, policyTypes ["Ingress", "Egress"] and no rules, ' +
        "then allow the traffic the namespace needs with further policies.",
    configSchema: {
        properties: {
            onlyDroverNamespaces: {
                type: "boolean",
                default: true,
                description:
                    "Check only namespaces created by drover components (false: every Namespace in the stack).",
            },
            requireEgress: { type: "boolean", default: true, description: "Also require a default deny for egress." },
            exemptNamespaces: stringList("Namespaces not checked.", [
                "default",
                "kube-system",
                "kube-public",
                "kube-node-lease",
            ]),
        },
    },
    validateStack: (args, reportViolation) => {
        const { onlyDroverNamespaces, requireEgress, exemptNamespaces } = readConfig(args, {
            onlyDroverNamespaces: true,
            requireEgress: true,
            exemptNamespaces: ["default", "kube-system", "kube-public", "kube-node-lease"],
        });
        const policies = args.resources.filter((r) => r.type === TYPES.networkPolicy);
        const tracker = new UnknownTracker();
        const denied = (namespace: string, direction: "Ingress" | "Egress") =>
            policies.some((np) => {
                const props = np.props as ObjectProps;
                return (props.metadata?.namespace ?? "default") === namespace && deniesAll(props.spec ?? {}, direction);
            });
        for (const ns of args.resources.filter((r) => r.type === TYPES.namespace)) {
            if (onlyDroverNamespaces && !createdByDrover(ns)) {
                continue;
            }
            tracker.run(() => {
                const name = (ns.props as ObjectProps).metadata?.name;
                if (name === undefined || exemptNamespaces.includes(name)) {
                    return;
                }
                const missing = [
                    ...(denied(name, "Ingress") ? [] : ["ingress"]),
                    ...(requireEgress && !denied(name, "Egress") ? ["egress"] : []),
                ];
                if (missing.length > 0) {
                    reportViolation(
                        `Namespace ${JSON.stringify(name)} has no default-deny NetworkPolicy for ${missing.join(" and ")}; add one with podSelector {}, policyTypes ["Ingress", "Egress"] and no rules`,
                        ns.urn,
                    );
                }
            });
        }
        tracker.finish();
    },
};
