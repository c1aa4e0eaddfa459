import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { droverType } from "../common/names";
import { DroverInputError } from "../common/errors";
import { HarvesterImage } from "../harvester/image";
import { HarvesterKeyPair } from "../harvester/keyPair";
import { HarvesterNetwork } from "../harvester/network";
import { clusterProblems, CONTROL_PLANE_POOL } from "./clusterSchema";
import { createRegistrationLoadBalancer, fetchKubeconfig, nodeKey, RegistrationLoadBalancer } from "./clusterParts";
import { supervisorUrl } from "./config";
import { RKE2_DEFAULTS, RKE2_PORTS } from "./constants";
import { addressOf } from "./net";
import { Rke2NodePool, Rke2NodePoolArgs } from "./nodePool";
import { buildPolicySettings, tokenSource } from "./policySettings";
import { pickSettings, Rke2ClusterSettingsArgs } from "./settingsArgs";

/** The machine shape and node settings of a pool. */
export interface Rke2PoolMachineArgs {
    /** Number of nodes. */
    count: number;
    /** vCPU cores per node. */
    cpu: pulumi.Input<number>;
    /** Memory per node, e.g. `8Gi`. */
    memory: pulumi.Input<string>;
    /** Root disk size per node, e.g. `40Gi`. */
    diskSize: pulumi.Input<string>;
    /** Storage class of the root disks. @default - the image's storage class */
    storageClassName?: pulumi.Input<string>;
    /** Kubernetes node labels. @default {} */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Node taints, `key=value:Effect`. @default [] */
    taints?: pulumi.Input<pulumi.Input<string>[]>;
    /** One static `address/prefix` per node (needs `gateway`). @default - DHCP */
    addresses?: pulumi.Input<string>[];
}

/** A pool of agents (workers). */
export interface Rke2WorkerPoolArgs extends Rke2PoolMachineArgs {
    /** Pool name, a DNS label; nodes are named `<cluster>-<pool>-<index>`. */
    name: string;
    /** Nodes of this pool replaced at the same time. @default 1 */
    maxUnavailable?: number;
    /** Boot image of this pool. @default - the cluster's image */
    image?: HarvesterImage | pulumi.Input<string>;
}

/**
 * A Harvester load balancer drover creates to serve the registration address. Harvester finds the servers'
 * addresses in their VMI status, which on a bridged VM network only qemu-guest-agent reports: the node image
 * must run it.
 */
export interface Rke2LoadBalancerArgs {
    /** Subnet of the registration address, e.g. `10.10.0.0/24`; the IPPool holds only that one address. */
    subnet: pulumi.Input<string>;
    /** Gateway of the subnet. @default - none */
    gateway?: pulumi.Input<string>;
}

export interface Rke2ClusterArgs extends Rke2ClusterSettingsArgs {
    /** Namespace of the VMs on the Harvester cluster. */
    namespace: pulumi.Input<string>;
    /** Cluster name: node names (`<cluster>-cp-0`), labels and the kubeconfig context. @default the resource name */
    clusterName?: string;
    /** Fixed address every node joins through (`https://<address>:9345`) and clients use (`:6443`): a VIP or DNS name you provide, or the address of the load balancer drover creates with `loadBalancer`. */
    registrationAddress: pulumi.Input<string>;
    /** VM network of every node: a {@link HarvesterNetwork} or `"namespace/name"`. */
    network: HarvesterNetwork | pulumi.Input<string>;
    /** Boot image of every node: a {@link HarvesterImage} or `"namespace/name"`. */
    image: HarvesterImage | pulumi.Input<string>;
    /** The servers (etcd + control plane); `count` must be odd. */
    controlPlane: Rke2PoolMachineArgs;
    /** Agent pools. @default [] */
    workerPools?: Rke2WorkerPoolArgs[];
    /** Create a Harvester IPPool and load balancer (ports 9345 and 6443) for `registrationAddress`. @default - you provide the address */
    loadBalancer?: Rke2LoadBalancerArgs;
    /**
     * Join token; kept secret whatever you pass. A generated token is the short form (no cluster CA hash), so a
     * joining node does not pin the CA (rancher/rke2-docs docs/security/token.md): keep the node network trusted.
     * @default - generated (48 random characters)
     */
    token?: pulumi.Input<string>;
    /**
     * An existing SSH private key (OpenSSH, or unencrypted PEM; ED25519, ECDSA or RSA) for the automation user,
     * instead of the ED25519 key drover generates with `@pulumi/tls`. Its public half, derived locally, goes into
     * the Harvester key pair and the nodes' authorized keys; the kubeconfig is read with it. Kept secret.
     * @default - generated (ED25519)
     */
    sshPrivateKey?: pulumi.Input<string>;
    /** Wait for every node over SSH and read the kubeconfig. `false` renders everything but never connects: for stacks without live hosts. @default true */
    kubeconfig?: boolean;
    /** SSH address of the first server. @default - controlPlane.addresses[0], else the registration address (a VIP held by a server) */
    sshHost?: pulumi.Input<string>;
    /** More public keys allowed to log in as the automation user `drover`. @default [] */
    sshAuthorizedKeys?: pulumi.Input<pulumi.Input<string>[]>;
    /** How long to wait for the first server's API. @default 900 */
    kubeconfigTimeoutSeconds?: number;
    /** How long each node's readiness gate waits. @default 900 */
    nodeReadyTimeoutSeconds?: number;
    /** How long a node's drain may take before it is removed anyway. @default 300 */
    drainTimeoutSeconds?: number;
}

function networkRef(n: HarvesterNetwork | pulumi.Input<string>): pulumi.Input<string> {
    return n instanceof HarvesterNetwork ? n.networkId : n;
}

/**
 * An RKE2 cluster on Harvester VMs: an odd number of servers, any number of agent pools, a generated join token
 * and an ED25519 SSH key (registered as a Harvester KeyPair) for the automation user. With `kubeconfig` on
 * (the default) every node gets a readiness gate and the admin kubeconfig is read from the first server over
 * SSH, rewritten to the registration address, and exposed as the secret {@link kubeconfig} and a ready
 * {@link clusterProvider}.
 *
 * **How drover reaches the nodes over SSH.** With `controlPlane.addresses` (static addresses, rendered as
 * cloud-init network data) each server's gate runs on that server, and the kubeconfig and agents' gates use the
 * first server's address. Without static addresses everything goes through `sshHost`, which defaults to the
 * registration address: that works when the address is a VIP held by a server (kube-vip, keepalived) or a DNS
 * name of the servers; a drover-created Harvester load balancer does not forward SSH, so with `loadBalancer`
 * give static addresses or `sshHost`.
 *
 * **Changes** roll one server at a time, then the agent pools, `maxUnavailable` nodes at a time; see
 * {@link Rke2NodePool} for how that holds with the Pulumi engine's ordering.
 */
export class Rke2Cluster extends pulumi.ComponentResource {
    /** The admin kubeconfig, server rewritten to `https://<registrationAddress>:6443`; undefined with `kubeconfig: false`. Secret. */
    public readonly kubeconfig!: pulumi.Output<string | undefined>;
    /** A Kubernetes provider for the cluster, ready once the first server's API answers; absent with `kubeconfig: false`. */
    public readonly clusterProvider?: k8s.Provider;
    /** The join token, to add pools with {@link Rke2NodePool}. Secret. */
    public readonly token!: pulumi.Output<string>;
    /** The automation user's private key (OpenSSH). Secret. */
    public readonly sshPrivateKey!: pulumi.Output<string>;
    public readonly sshPublicKey!: pulumi.Output<string>;
    public readonly registrationAddress!: pulumi.Output<string>;
    /** `https://<registrationAddress>:9345`, for joining nodes. */
    public readonly supervisorUrl!: pulumi.Output<string>;
    /** `https://<registrationAddress>:6443`. */
    public readonly apiServerUrl!: pulumi.Output<string>;
    public readonly controlPlane!: Rke2NodePool;
    public readonly workerPools!: Rke2NodePool[];
    public readonly keyPair!: HarvesterKeyPair;
    public readonly registrationLoadBalancer?: RegistrationLoadBalancer;

    constructor(name: string, args: Rke2ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before anything is registered, the component itself included.
        if (!opts?.urn) {
            const problems = clusterProblems(name, args);
            if (problems.length > 0) {
                throw new DroverInputError("Rke2Cluster", name, problems);
            }
        }
        const settings = pickSettings(args);
        const workers = args.workerPools ?? [];
        const policy = {
            ...buildPolicySettings(settings, {
                registrationAddress: args.registrationAddress,
                tokenSource: tokenSource(args.token),
                workerPools: workers.map((p) => ({ name: p.name, count: p.count })),
            }),
            serverCount: args.controlPlane.count,
        };
        super(droverType("Rke2Cluster"), name, { settings: policy }, opts);
        if (opts?.urn) {
            return;
        }

        const clusterName = args.clusterName ?? name;
        const live = args.kubeconfig !== false;
        const token = pulumi.secret(
            args.token ??
                new random.RandomPassword(`${name}-token`, { length: 48, special: false }, { parent: this }).result,
        );
        const key = nodeKey(this, name, args.sshPrivateKey);
        const sshPrivateKey = key.privateKey;
        const keyPair = new HarvesterKeyPair(
            `${name}-ssh`,
            { namespace: args.namespace, keyPairName: `${clusterName}-drover`, publicKey: key.publicKey },
            { parent: this },
        );

        let lb: RegistrationLoadBalancer | undefined;
        if (args.loadBalancer !== undefined) {
            lb = createRegistrationLoadBalancer(this, name, {
                namespace: args.namespace,
                clusterName,
                address: args.registrationAddress,
                subnet: args.loadBalancer.subnet,
                gateway: args.loadBalancer.gateway,
                network: networkRef(args.network),
            });
        }

        const firstServer = args.controlPlane.addresses?.[0];
        const sshHost =
            args.sshHost ??
            (firstServer !== undefined ? pulumi.output(firstServer).apply(addressOf) : args.registrationAddress);
        const common: Omit<Rke2NodePoolArgs, "role" | "count" | "cpu" | "memory" | "diskSize"> = {
            ...settings,
            namespace: args.namespace,
            registrationAddress: args.registrationAddress,
            token,
            image: args.image,
            network: args.network,
            clusterName,
            keyPair,
            sshAuthorizedKeys: pulumi
                .all([key.publicKey, pulumi.output(args.sshAuthorizedKeys ?? [])])
                .apply(([own, extra]) => [own.trim(), ...extra]),
            sshPrivateKey: live ? sshPrivateKey : undefined,
            sshHost: live ? sshHost : undefined,
            nodeReadyTimeoutSeconds: args.nodeReadyTimeoutSeconds,
            drainTimeoutSeconds: args.drainTimeoutSeconds,
        };

        const cp = args.controlPlane;
        const controlPlane = new Rke2NodePool(
            `${name}-${CONTROL_PLANE_POOL}`,
            {
                ...common,
                ...cp,
                role: "server",
                bootstrap: true,
                nodeNamePrefix: `${clusterName}-${CONTROL_PLANE_POOL}`,
            },
            { parent: this, dependsOn: lb ? [lb.loadBalancer] : [] },
        );
        // Agents start (and roll) only after every server is Ready: upgrade servers first (docs/upgrades/manual.md).
        const workerPools = workers.map(({ name: pool, image, ...machine }) => {
            return new Rke2NodePool(
                `${name}-${pool}`,
                {
                    ...common,
                    ...machine,
                    image: image ?? args.image,
                    role: "agent",
                    nodeNamePrefix: `${clusterName}-${pool}`,
                },
                { parent: this, dependsOn: controlPlane.readyResources },
            );
        });

        let kubeconfig: pulumi.Output<string | undefined> = pulumi.secret(pulumi.output<string | undefined>(undefined));
        if (live) {
            const fetched = fetchKubeconfig(this, name, {
                host: sshHost,
                user: RKE2_DEFAULTS.sshUser,
                privateKey: sshPrivateKey,
                registrationAddress: args.registrationAddress,
                contextName: clusterName,
                timeoutSeconds: args.kubeconfigTimeoutSeconds ?? 900,
                after: controlPlane.readyResources.slice(0, 1),
            });
            kubeconfig = fetched.kubeconfig;
            this.clusterProvider = new k8s.Provider(
                `${name}-cluster`,
                { kubeconfig: fetched.kubeconfig },
                { parent: this },
            );
        }

        const address = pulumi.output(args.registrationAddress);
        this.kubeconfig = kubeconfig;
        this.token = token;
        this.sshPrivateKey = sshPrivateKey;
        this.sshPublicKey = key.publicKey;
        this.registrationAddress = address;
        this.supervisorUrl = address.apply(supervisorUrl);
        this.apiServerUrl = address.apply((a) => `https://${a}:${RKE2_PORTS.apiserver}`);
        this.controlPlane = controlPlane;
        this.workerPools = workerPools;
        this.keyPair = keyPair;
        this.registrationLoadBalancer = lb;
        this.registerOutputs({
            kubeconfig: this.kubeconfig,
            token: this.token,
            sshPrivateKey: this.sshPrivateKey,
            sshPublicKey: this.sshPublicKey,
            registrationAddress: this.registrationAddress,
            supervisorUrl: this.supervisorUrl,
            apiServerUrl: this.apiServerUrl,
        });
    }
}
