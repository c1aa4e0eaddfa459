import { z } from "zod";
import { dnsLabel, intBetween, namespacedRef, noDuplicates, sshPrivateKey } from "../common/rules";
import { InputProblem } from "../common/errors";
import { collectProblems, formatPath } from "../common/validation";
import { addressOf, cidrContains, parseCidr, parseIPv4 } from "./net";
import { poolShape, refinePool, refineRegistrationAddress } from "./nodePoolSchema";
import { requireFields } from "./required";
import { hostAddress, ipv4, networkCidr, registrationAddress, sshPublicKey } from "./rules";
import { refineSettings, settingsShape } from "./settingsSchema";

/** The control-plane pool's name suffix; no worker pool may take it. */
export const CONTROL_PLANE_POOL = "cp";

const controlPlaneSchema = z.strictObject({
    ...poolShape,
    count: z
        .number()
        .refine((n) => Number.isInteger(n) && n >= 1 && n <= 9 && n % 2 === 1, {
            message: "must be odd (1, 3, 5, 7 or 9) so etcd keeps quorum when a server is down; use 3",
        })
        .optional(),
});

const workerPoolSchema = z.strictObject({
    ...poolShape,
    name: dnsLabel("general").optional(),
    count: intBetween(0, 100, "a whole number of nodes").optional(),
    maxUnavailable: intBetween(1, 100, "a whole number of nodes").optional(),
    image: namespacedRef("default/ubuntu-22.04").optional(),
});

const loadBalancerSchema = z.strictObject({
    subnet: networkCidr("10.10.0.0/24"),
    gateway: ipv4("10.10.0.1").optional(),
});

type ClusterInput = z.infer<typeof clusterShape>;

const clusterShape = z.strictObject({
    ...settingsShape,
    namespace: dnsLabel("default").optional(),
    clusterName: dnsLabel("dev-a").optional(),
    registrationAddress: registrationAddress().optional(),
    network: namespacedRef("default/vlan100").optional(),
    image: namespacedRef("default/ubuntu-22.04").optional(),
    controlPlane: controlPlaneSchema.optional(),
    workerPools: z.array(workerPoolSchema).optional(),
    loadBalancer: loadBalancerSchema.optional(),
    token: z.string().min(1, { message: "is empty; give the join token or leave it out to generate one" }).optional(),
    sshPrivateKey: sshPrivateKey("drover's SSH connection"),
    kubeconfig: z.boolean().optional(),
    sshHost: hostAddress("10.10.0.21").optional(),
    sshAuthorizedKeys: z.array(sshPublicKey()).optional(),
    kubeconfigTimeoutSeconds: intBetween(60, 7200, "a number of seconds").optional(),
    nodeReadyTimeoutSeconds: intBetween(60, 7200, "a number of seconds").optional(),
    drainTimeoutSeconds: intBetween(0, 7200, "a number of seconds").optional(),
});

function issue(ctx: z.RefinementCtx, path: PropertyKey[], input: unknown, message: string): void {
    ctx.addIssue({ code: "custom", path, input, message });
}

/** The Harvester load balancer owns the registration address, so the address must be an IPv4 in its subnet. */
function refineLoadBalancer(a: Partial<ClusterInput>, ctx: z.RefinementCtx): void {
    const lb = a.loadBalancer;
    if (lb === undefined) {
        return;
    }
    const subnet = lb.subnet === undefined ? undefined : parseCidr(lb.subnet);
    if (a.registrationAddress !== undefined && subnet !== undefined) {
        const ip = parseIPv4(a.registrationAddress);
        if (ip === undefined || !cidrContains(subnet, ip)) {
            issue(
                ctx,
                ["registrationAddress"],
                a.registrationAddress,
                `must be an IPv4 address inside loadBalancer.subnet "${lb.subnet}": the load balancer's pool holds exactly this address`,
            );
        }
    }
    if (a.kubeconfig !== false && a.sshHost === undefined && a.controlPlane?.addresses === undefined) {
        issue(
            ctx,
            ["sshHost"],
            undefined,
            "is required with loadBalancer when controlPlane.addresses is not set: the load balancer does not forward SSH; give controlPlane.addresses, set sshHost, or set kubeconfig: false",
        );
    }
}

/** Worker pool names are unique and never the control plane's; static node addresses are never shared. */
function refinePools(a: Partial<ClusterInput>, ctx: z.RefinementCtx, clusterName: string): void {
    const workers = a.workerPools ?? [];
    noDuplicates(workers, (p) => p?.name, "name", ctx, ["workerPools"]);
    workers.forEach((p, i) => {
        if (p?.name === CONTROL_PLANE_POOL) {
            issue(
                ctx,
                ["workerPools", i, "name"],
                p.name,
                'is reserved for the control plane; use another name, e.g. "general"',
            );
        }
    });
    if (a.controlPlane) {
        refinePool(a.controlPlane, ctx, ["controlPlane"], a, `${clusterName}-${CONTROL_PLANE_POOL}`);
    }
    workers.forEach((p, i) => {
        if (p) {
            requireFields(p, ctx, ["workerPools", i], ["name"]);
            refinePool(p, ctx, ["workerPools", i], a, p.name === undefined ? undefined : `${clusterName}-${p.name}`);
        }
    });
    const seen = new Map<string, string>();
    const pools: Array<[PropertyKey[], string[] | undefined]> = [
        [["controlPlane"], a.controlPlane?.addresses],
        ...workers.map((p, i): [PropertyKey[], string[] | undefined] => [["workerPools", i], p?.addresses]),
    ];
    for (const [base, addresses] of pools) {
        (addresses ?? []).forEach((cidr, j) => {
            if (cidr === undefined) {
                return;
            }
            const where = [...base, "addresses", j];
            const ip = addressOf(cidr);
            const first = seen.get(ip);
            if (first !== undefined) {
                issue(ctx, where, cidr, `is also used at ${first}; give every node its own address`);
            } else {
                seen.set(ip, formatPath(where));
            }
        });
    }
}

/** The zod schema for {@link Rke2ClusterArgs}; `name` is the cluster's resource name. */
export function clusterArgsSchema(name: string) {
    return refinedClusterSchema(() => name);
}

/** The cluster schema, with the cluster's resource name read when a value is checked. */
function refinedClusterSchema(clusterName: () => string) {
    return clusterShape.superRefine((a, ctx) => {
        requireFields(a, ctx, [], ["namespace", "registrationAddress", "network", "image", "controlPlane"]);
        refineSettings(a, ctx);
        refineRegistrationAddress(a, ctx);
        refineLoadBalancer(a, ctx);
        refinePools(a, ctx, a.clusterName ?? clusterName());
    });
}

let checking = "";
let sharedSchema: ReturnType<typeof refinedClusterSchema> | undefined;

/**
 * The problems `clusterArgsSchema(name)` finds in `args` (paths under `prefix`), from one schema built once for the
 * whole program: zod compiles every new schema on its first use, which costs more than checking a cluster.
 */
export function clusterProblems(name: string, args: unknown, prefix: ReadonlyArray<PropertyKey> = []): InputProblem[] {
    sharedSchema ??= refinedClusterSchema(() => checking);
    checking = name;
    try {
        return collectProblems(sharedSchema, args, prefix);
    } finally {
        checking = "";
    }
}
