import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { DroverInputError, InputProblem } from "../common/errors";
import { droverType } from "../common/names";
import { HarvesterImage } from "../harvester/image";
import { HarvesterKeyPair } from "../harvester/keyPair";
import { HarvesterNetwork } from "../harvester/network";
import { HarvesterVirtualMachine } from "../harvester/virtualMachine";
import { buildNetworkData, buildNodeUserData } from "./cloudInit";
import { RKE2_DEFAULTS, RKE2_LABELS } from "./constants";
import { addressOf } from "./net";
import {
    createGate,
    NodeMachine,
    nodeGeneration,
    replaceNodeVmOnChange,
    rootDiskName,
    withGenerationLabel,
} from "./nodeBuild";
import { nodePoolProblems } from "./nodePoolSchema";
import { buildPolicySettings, tokenSource } from "./policySettings";
import { resolveClusterSpec, ResolvedSettings } from "./resolve";
import { pickSettings, Rke2ClusterSettingsArgs } from "./settingsArgs";
import { Rke2ClusterSpec, Rke2NodeSpec } from "./spec";

export interface Rke2NodePoolArgs extends Rke2ClusterSettingsArgs {
    /** Namespace of the VMs on the Harvester cluster. */
    namespace: pulumi.Input<string>;
    /** `server` (etcd + control plane) or `agent` (worker). */
    role: string;
    /** Number of nodes. */
    count: number;
    /** Fixed address (VIP, DNS name or load balancer) the nodes join through: `https://<address>:9345`. */
    registrationAddress: pulumi.Input<string>;
    /** The cluster's join token; kept secret whatever you pass. */
    token: pulumi.Input<string>;
    /** Boot image: a {@link HarvesterImage} or `"namespace/name"`. */
    image: HarvesterImage | pulumi.Input<string>;
    /** VM network: a {@link HarvesterNetwork} or `"namespace/name"`. */
    network: HarvesterNetwork | pulumi.Input<string>;
    /** vCPU cores per node. */
    cpu: pulumi.Input<number>;
    /** Memory per node, e.g. `8Gi`. */
    memory: pulumi.Input<string>;
    /** Root disk size per node, e.g. `40Gi`. */
    diskSize: pulumi.Input<string>;
    /** Storage class of the root disk. @default - the image's storage class */
    storageClassName?: pulumi.Input<string>;
    /** Kubernetes node labels, applied when a node registers. @default {} */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Node taints, `key=value:Effect`. @default [] */
    taints?: pulumi.Input<pulumi.Input<string>[]>;
    /** One static `address/prefix` per node, rendered as cloud-init network data; needs `gateway`. @default - DHCP */
    addresses?: pulumi.Input<string>[];
    /** The first node may initialise a new cluster (it joins instead when a cluster already answers). Servers only. @default false */
    bootstrap?: boolean;
    /** Cluster name in node VM labels (the Harvester load balancer selects servers by it). @default the resource name */
    clusterName?: pulumi.Input<string>;
    /** Node names are `<prefix>-<index>`; also the VM and host names. @default the resource name */
    nodeNamePrefix?: string;
    /** Public keys allowed to log in as `sshUser`. @default [] */
    sshAuthorizedKeys?: pulumi.Input<pulumi.Input<string>[]>;
    /** The automation user cloud-init creates, with passwordless sudo. @default "drover" */
    sshUser?: string;
    /** Harvester KeyPair to attach to the VMs: a {@link HarvesterKeyPair} or `"namespace/name"`. @default - none */
    keyPair?: HarvesterKeyPair | pulumi.Input<string>;
    /** Private key of `sshUser`. When given, each node gets a readiness gate run over SSH (see the class doc). @default - no gates */
    sshPrivateKey?: pulumi.Input<string>;
    /** SSH address of a server, where the gates of agents (and of servers without static addresses) run. @default - none */
    sshHost?: pulumi.Input<string>;
    /** Agent pools: nodes replaced at the same time. Server pools always replace one at a time. @default 1 */
    maxUnavailable?: number;
    /** How long a gate waits for its node to become Ready. @default 900 */
    nodeReadyTimeoutSeconds?: number;
    /** How long a node's drain may take before it is removed anyway. @default 300 */
    drainTimeoutSeconds?: number;
}

/** The pool-wide inputs of a node spec, resolved: registration address, token, labels, taints, gateway, nameservers, keys. */
type SharedNodeInputs = [string, string, Record<string, string>, string[], string | undefined, string[], string[]];

/** What the nodes of a pool are built from, combined once per pool. */
interface PoolSources {
    shared: pulumi.Output<SharedNodeInputs>;
    forUserData: pulumi.Output<[Rke2ClusterSpec, SharedNodeInputs]>;
    forGeneration: pulumi.Output<[Rke2ClusterSpec, SharedNodeInputs, NodeMachine]>;
}

function isResourceWith<K extends string>(v: unknown, key: K): v is Record<K, pulumi.Output<string>> {
    return pulumi.Resource.isInstance(v) && key in v;
}

/** Problems the schema cannot see because the values involved are usually Outputs (secrets, addresses). */
function gateProblems(args: Rke2NodePoolArgs): InputProblem[] {
    if (args.sshPrivateKey === undefined || args.sshHost !== undefined) {
        return [];
    }
    if (args.role === "agent" || args.addresses === undefined) {
        const why =
            args.role === "agent"
                ? "agents' readiness gates run on a server"
                : "servers without static addresses are reached through it";
        return [
            {
                path: "sshHost",
                value: undefined,
                reason: `is required with sshPrivateKey: ${why}; give a server's SSH address, or drop sshPrivateKey to build the pool without gates`,
            },
        ];
    }
    return [];
}

/** Where node `i`'s gate runs: a server on itself (static address), anything else on `sshHost`. */
function gateHost(args: Rke2NodePoolArgs, role: "server" | "agent", i: number): pulumi.Input<string> | undefined {
    const own = args.addresses?.[i];
    return role === "server" && own !== undefined ? pulumi.output(own).apply(addressOf) : args.sshHost;
}

/**
 * A pool of RKE2 nodes on Harvester: one {@link HarvesterVirtualMachine} per node, each with `#cloud-config`
 * that writes `/etc/rancher/rke2/config.yaml` (plus one drop-in per concern), installs RKE2 at the pinned version
 * and starts it. Use it on its own to add servers or agents to an existing cluster (give the registration
 * address and the token), or through {@link Rke2Cluster}.
 *
 * **Rolling replacement.** A change to a node (image, size, version, any RKE2 setting) replaces its VM: deleted
 * first, then created (see {@link replaceNodeVmOnChange}). Nodes are chained: node `i` depends on the readiness
 * gate of node `i - maxUnavailable` (servers: `maxUnavailable` is 1). Why this replaces one server at a time with
 * the Pulumi engine's real ordering:
 * - The Node.js SDK sends a resource's registration only after everything in its `dependsOn` has finished its
 *   step, and a component's children wait for the component. So node `i+1` is not even registered, let alone
 *   diffed or replaced, until the gate of node `i` has finished: for a replaced node `i` that is after its new
 *   VM is Ready and, for a server, its etcd and apiserver pods are Ready.
 * - A delete-before-replace of node `i`'s VM deletes first every dependent the engine computes with
 *   `calculateDependentReplacements` (pulumi/pulumi pkg/resource/deploy/step_generator.go). That walk skips
 *   resources already registered, skips component resources, and keeps a dependent only when one of its
 *   *input properties* depends on the condemned resource and its provider's diff then asks for replacement. A
 *   plain `dependsOn` edge carries no property dependency, so the chain never pulls node `i+1`'s VM into node
 *   `i`'s replacement; only node `i`'s own gate qualifies (its `triggers` hold the VM's uid), which is exactly
 *   what we want: the gate's delete command drains the node and removes its etcd member before the VM goes.
 * - Nothing else takes a property from a node VM: the kubeconfig command and the cluster provider depend on the
 *   first server by `dependsOn` only, so replacing that server does not replace the provider and everything
 *   deployed with it.
 * Without `sshPrivateKey` there are no gates: nodes are still replaced in order, but nothing waits for a node to
 * be healthy, so use that only for render-only stacks.
 */
export class Rke2NodePool extends pulumi.ComponentResource {
    /** Node (VM, host and Kubernetes node) names, in index order. */
    public readonly nodeNames!: pulumi.Output<string[]>;
    public readonly nodes!: HarvesterVirtualMachine[];
    /** One readiness gate per node when `sshPrivateKey` is given, else empty. */
    public readonly gates!: command.remote.Command[];
    /** Depend on these to start once every node of this pool is up: the gates, or the VMs when there are none. */
    public readonly readyResources!: pulumi.Resource[];

    constructor(name: string, args: Rke2NodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before anything is registered, the component itself included.
        if (!opts?.urn) {
            const problems = [...nodePoolProblems(name, args), ...gateProblems(args)];
            if (problems.length > 0) {
                throw new DroverInputError("Rke2NodePool", name, problems);
            }
        }
        const prefix = args.nodeNamePrefix ?? name;
        const settings = pickSettings(args);
        const policy = {
            ...buildPolicySettings(settings, {
                registrationAddress: args.registrationAddress,
                tokenSource: tokenSource(args.token),
                workerPools: args.role === "agent" ? [{ name: prefix, count: args.count }] : [],
            }),
            role: args.role,
            count: args.count,
        };
        super(droverType("Rke2NodePool"), name, { settings: policy }, opts);
        if (opts?.urn) {
            return;
        }

        const spec = pulumi.output(settings).apply((s) => resolveClusterSpec(s as unknown as ResolvedSettings));
        const sources = this.poolSources(args, spec);
        const nodeNames = Array.from({ length: args.count }, (_, i) => `${prefix}-${i}`);
        const role = args.role as "server" | "agent";
        const lane = role === "server" ? 1 : (args.maxUnavailable ?? 1);
        const nodes: HarvesterVirtualMachine[] = [];
        const gates: command.remote.Command[] = [];
        nodeNames.forEach((nodeName, i) => {
            const after = i >= lane ? [gates[i - lane] ?? nodes[i - lane]] : [];
            const { vm, generation } = this.createNode(name, i, nodeName, role, args, sources, after);
            nodes.push(vm);
            const host = gateHost(args, role, i);
            if (args.sshPrivateKey !== undefined && host !== undefined) {
                gates.push(
                    createGate(
                        this,
                        `${name}-${i}`,
                        vm,
                        {
                            name: nodeName,
                            role,
                            readyTimeoutSeconds: args.nodeReadyTimeoutSeconds ?? 900,
                            drainTimeoutSeconds: args.drainTimeoutSeconds ?? 300,
                            generation,
                        },
                        { host, user: args.sshUser ?? RKE2_DEFAULTS.sshUser, privateKey: args.sshPrivateKey },
                    ),
                );
            }
        });

        this.nodes = nodes;
        this.gates = gates;
        this.readyResources = gates.length > 0 ? [...gates] : [...nodes];
        this.nodeNames = pulumi.output(nodeNames);
        this.registerOutputs({ nodeNames: this.nodeNames });
    }

    /**
     * The inputs every node of the pool shares, combined once per pool rather than once per node: each `all` and
     * `apply` costs the SDK a dozen promises or more, and a fleet has thousands of nodes. A node's own inputs (its
     * static address) are added per node, so each node's outputs still depend on exactly what they did.
     */
    private poolSources(args: Rke2NodePoolArgs, spec: pulumi.Output<Rke2ClusterSpec>): PoolSources {
        const shared: pulumi.Output<SharedNodeInputs> = pulumi.all([
            pulumi.output(args.registrationAddress),
            pulumi.secret(args.token),
            pulumi.output(args.labels ?? {}),
            pulumi.output(args.taints ?? []),
            pulumi.output(args.gateway),
            pulumi.output(args.nameservers ?? []),
            pulumi.output(args.sshAuthorizedKeys ?? []),
        ]);
        const imageId = isResourceWith(args.image, "imageId") ? args.image.imageId : pulumi.output(args.image);
        const machine = pulumi.output({
            imageId,
            cpu: args.cpu,
            memory: args.memory,
            diskSize: args.diskSize,
            storageClassName: args.storageClassName,
        });
        return { shared, forUserData: pulumi.all([spec, shared]), forGeneration: pulumi.all([spec, shared, machine]) };
    }

    /** A function that builds node `i`'s spec from the pool's shared inputs and the node's own address. */
    private nodeSpec(i: number, nodeName: string, role: "server" | "agent", args: Rke2NodePoolArgs) {
        return (
            [registrationAddress, token, labels, taints, gateway, nameservers, keys]: SharedNodeInputs,
            address: string | undefined,
        ): Rke2NodeSpec => ({
            name: nodeName,
            role,
            bootstrap: args.bootstrap === true && i === 0,
            registrationAddress,
            token,
            labels,
            taints,
            address,
            gateway,
            nameservers,
            sshAuthorizedKeys: keys,
            sshUser: args.sshUser ?? RKE2_DEFAULTS.sshUser,
        });
    }

    private createNode(
        name: string,
        i: number,
        nodeName: string,
        role: "server" | "agent",
        args: Rke2NodePoolArgs,
        sources: PoolSources,
        after: pulumi.Resource[],
    ): { vm: HarvesterVirtualMachine; generation: pulumi.Output<string> } {
        const node = this.nodeSpec(i, nodeName, role, args);
        // With the node's address, every value of the node also depends on it; without, `pulumi.output(undefined)`
        // adds nothing, so the pool's sources are used as they are.
        const address = args.addresses?.[i];
        const perNode = <T, U>(source: pulumi.Output<T>, f: (v: T, a: string | undefined) => U): pulumi.Output<U> =>
            address === undefined
                ? source.apply((v) => f(v as T, undefined))
                : pulumi.all([source, pulumi.output(address)]).apply(([v, a]) => f(v as T, a));
        // The hash is computed from the specs with every secret redacted, so it is not secret itself.
        const generation = pulumi.unsecret(
            perNode(sources.forGeneration, ([c, s, m], a) => nodeGeneration(c, node(s, a), m)),
        );
        // The node registers with its generation as a Node label (excluded from the hash itself), so the gates can
        // tell this VM's Node from a later VM's under the same name (buildNodeDrainScript).
        const userData = pulumi.secret(
            pulumi
                .all([perNode(sources.forUserData, ([c, s], a) => ({ c, n: node(s, a) })), generation])
                .apply(([{ c, n }, g]) => buildNodeUserData(c, withGenerationLabel(n, g))),
        );
        const networkData =
            args.addresses === undefined
                ? undefined
                : perNode(sources.shared, (s, a) => buildNetworkData(node(s, a)) ?? "");
        const clusterName = args.clusterName ?? name;
        const pool = args.nodeNamePrefix ?? name;
        const vm = new HarvesterVirtualMachine(
            `${name}-${i}`,
            {
                namespace: args.namespace,
                vmName: nodeName,
                hostname: nodeName,
                description: `RKE2 ${role} ${nodeName} (drover)`,
                cpu: args.cpu,
                memory: args.memory,
                disks: [
                    {
                        name: generation.apply(rootDiskName),
                        size: args.diskSize,
                        image: args.image,
                        storageClassName: args.storageClassName,
                    },
                ],
                networks: [{ name: "nic-1", network: args.network }],
                sshKeys: args.keyPair === undefined ? [] : [args.keyPair],
                cloudInit: { userData, networkData },
                labels: {
                    [RKE2_LABELS.cluster]: clusterName,
                    [RKE2_LABELS.pool]: pool,
                    [RKE2_LABELS.role]: role,
                    [RKE2_LABELS.generation]: generation,
                },
                antiAffinityLabels: { [RKE2_LABELS.cluster]: clusterName, [RKE2_LABELS.pool]: pool },
            },
            { parent: this, dependsOn: after, transformations: [replaceNodeVmOnChange] },
        );
        return { vm, generation };
    }
}
