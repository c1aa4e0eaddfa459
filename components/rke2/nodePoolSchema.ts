import { z } from "zod";
import { InputProblem } from "../common/errors";
import { collectProblems } from "../common/validation";
import { dnsLabel, intBetween, labelMap, namespacedRef, quantity } from "../common/rules";
import { ROLES } from "./constants";
import { requireFields } from "./required";
import { hostAddress, hostCidr, registrationAddress, sshPublicKey, taint } from "./rules";
import { insideClusterNetworks, refineSettings, settingsShape, SettingsInput } from "./settingsSchema";

/** Longest Kubernetes name drover lets a node have: a DNS label. */
const MAX_NODE_NAME = 63;

/** The machine shape and node settings of one pool, shared by the cluster's `controlPlane` and `workerPools`. */
export const poolShape = {
    cpu: intBetween(1, 512, "a whole number of cores").optional(),
    memory: quantity("8Gi").optional(),
    diskSize: quantity("40Gi").optional(),
    labels: labelMap().optional(),
    taints: z.array(taint()).optional(),
    addresses: z.array(hostCidr("10.10.0.21/24")).optional(),
    storageClassName: z.string().min(1).optional(),
};

function issue(ctx: z.RefinementCtx, path: PropertyKey[], input: unknown, message: string): void {
    ctx.addIssue({ code: "custom", path, input, message });
}

/** The machine fields every pool must have. */
export const POOL_REQUIRED = ["count", "cpu", "memory", "diskSize"] as const;

/** Rules for one pool's node count, names and static addresses. */
export function refinePool(
    p: { count?: number; addresses?: string[] },
    ctx: z.RefinementCtx,
    base: PropertyKey[],
    settings: SettingsInput & { gateway?: string },
    namePrefix: string | undefined,
): void {
    requireFields(p, ctx, base, POOL_REQUIRED);
    if (p.addresses !== undefined && p.count !== undefined && p.addresses.length !== p.count) {
        issue(
            ctx,
            [...base, "addresses"],
            p.addresses,
            `has ${p.addresses.length} address(es) for ${p.count} node(s); give exactly one static address per node`,
        );
    }
    if (p.addresses !== undefined && p.addresses.length > 0 && settings.gateway === undefined) {
        issue(
            ctx,
            ["gateway"],
            undefined,
            'is required with static addresses: RKE2 needs a default route; give e.g. "10.10.0.1"',
        );
    }
    (p.addresses ?? []).forEach((a, i) => {
        const inside = a === undefined ? undefined : insideClusterNetworks(a, settings);
        if (inside !== undefined) {
            issue(
                ctx,
                [...base, "addresses", i],
                a,
                `lies inside ${inside}; node addresses must be outside the pod and service networks`,
            );
        }
    });
    if (namePrefix !== undefined && p.count !== undefined && p.count > 0) {
        const longest = `${namePrefix}-${p.count - 1}`;
        if (longest.length > MAX_NODE_NAME) {
            issue(
                ctx,
                [...base, "count"],
                p.count,
                `makes node names such as "${longest}" longer than 63 characters; use a shorter cluster or pool name`,
            );
        }
    }
}

/** The registration address must not sit inside the pod or service network. */
export function refineRegistrationAddress(a: SettingsInput & { registrationAddress?: string }, ctx: z.RefinementCtx) {
    if (a.registrationAddress === undefined) {
        return;
    }
    const inside = insideClusterNetworks(a.registrationAddress, a);
    if (inside !== undefined) {
        issue(
            ctx,
            ["registrationAddress"],
            a.registrationAddress,
            `lies inside ${inside}; the registration address must be reachable outside the cluster's pod and service networks`,
        );
    }
}

/** The zod schema for {@link Rke2NodePoolArgs}; `name` is the pool's resource name. */
export function nodePoolArgsSchema(name: string) {
    return poolArgsSchema(() => name);
}

/** The pool schema, with the pool's resource name read when a value is checked. */
function poolArgsSchema(poolName: () => string) {
    return z
        .strictObject({
            ...settingsShape,
            ...poolShape,
            namespace: dnsLabel("default").optional(),
            role: z.enum(ROLES).optional(),
            count: intBetween(0, 100, "a whole number of nodes").optional(),
            registrationAddress: registrationAddress().optional(),
            token: z.string().min(1, { message: "is empty; give the cluster's join token" }).optional(),
            image: namespacedRef("default/ubuntu-22.04").optional(),
            network: namespacedRef("default/vlan100").optional(),
            bootstrap: z.boolean().optional(),
            clusterName: dnsLabel("dev-a").optional(),
            nodeNamePrefix: dnsLabel("dev-a-general").optional(),
            sshAuthorizedKeys: z.array(sshPublicKey()).optional(),
            sshUser: dnsLabel("drover").optional(),
            keyPair: namespacedRef("default/ops-key").optional(),
            sshPrivateKey: z.string().min(1).optional(),
            sshHost: hostAddress("10.10.0.21").optional(),
            maxUnavailable: intBetween(1, 100, "a whole number of nodes").optional(),
            nodeReadyTimeoutSeconds: intBetween(60, 7200, "a number of seconds").optional(),
            drainTimeoutSeconds: intBetween(0, 7200, "a number of seconds").optional(),
        })
        .superRefine((a, ctx) => {
            requireFields(a, ctx, [], ["namespace", "role", "registrationAddress", "token", "image", "network"]);
            refineSettings(a, ctx);
            refineRegistrationAddress(a, ctx);
            refinePool(a, ctx, [], a, a.nodeNamePrefix ?? poolName());
            if (a.bootstrap === true && a.role === "agent") {
                issue(
                    ctx,
                    ["bootstrap"],
                    true,
                    'only a server pool can bootstrap a cluster; set role: "server" or drop bootstrap',
                );
            }
            if (a.role === "server" && a.maxUnavailable !== undefined && a.maxUnavailable > 1) {
                issue(
                    ctx,
                    ["maxUnavailable"],
                    a.maxUnavailable,
                    "must be 1 for a server pool: servers are replaced one at a time so etcd keeps quorum",
                );
            }
        });
}

let checking = "";
let sharedSchema: ReturnType<typeof poolArgsSchema> | undefined;

/**
 * The problems `nodePoolArgsSchema(name)` finds in `args`, from one schema built once for the whole program: zod
 * builds (and compiles) a schema per call, which cost about 2 ms a pool, against 0.1 ms to check one.
 */
export function nodePoolProblems(name: string, args: unknown): InputProblem[] {
    sharedSchema ??= poolArgsSchema(() => checking);
    checking = name;
    try {
        return collectProblems(sharedSchema, args);
    } finally {
        checking = "";
    }
}
