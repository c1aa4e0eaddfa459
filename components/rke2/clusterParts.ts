import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { DroverInputError } from "../common/errors";
import { sshPublicKeyOf } from "../common/sshKeys";
import { rewriteKubeconfig } from "./kubeconfig";
import { buildIPPool, buildLoadBalancer } from "./loadBalancerManifest";
import { buildKubeconfigScript } from "./scripts";

/** The Harvester objects that serve the registration address. */
export interface RegistrationLoadBalancer {
    ipPool: k8s.apiextensions.CustomResource;
    loadBalancer: k8s.apiextensions.CustomResource;
}

/**
 * Creates the IPPool (holding only the registration address) and the load balancer in front of the servers.
 * The load balancer names the pool through the pool's name output, so it is deleted before the pool, which
 * Harvester refuses to delete while an address is allocated (pkg/webhook/ippool/validator.go `Delete`).
 */
export function createRegistrationLoadBalancer(
    parent: pulumi.Resource,
    name: string,
    s: {
        namespace: pulumi.Input<string>;
        clusterName: string;
        address: pulumi.Input<string>;
        subnet: pulumi.Input<string>;
        gateway?: pulumi.Input<string>;
        network: pulumi.Input<string>;
    },
): RegistrationLoadBalancer {
    const spec = pulumi
        .output({
            namespace: s.namespace,
            address: s.address,
            subnet: s.subnet,
            gateway: s.gateway,
            network: s.network,
        })
        .apply((v) => ({
            ...v,
            clusterName: s.clusterName,
            // IPPools are cluster-scoped: prefix the namespace so two namespaces can reuse a cluster name.
            poolName: `${v.namespace}-${s.clusterName}-registration`,
            name: `${s.clusterName}-registration`,
        }));
    const poolObj = spec.apply(buildIPPool);
    const ipPool = new k8s.apiextensions.CustomResource(
        `${name}-registration-pool`,
        {
            apiVersion: "loadbalancer.harvesterhci.io/v1beta1",
            kind: "IPPool",
            metadata: poolObj.metadata,
            spec: poolObj.spec,
        },
        { parent },
    );
    const lbObj = pulumi
        .all([spec, ipPool.metadata.name])
        .apply(([v, poolName]) => buildLoadBalancer({ ...v, poolName }));
    const loadBalancer = new k8s.apiextensions.CustomResource(
        `${name}-registration`,
        {
            apiVersion: "loadbalancer.harvesterhci.io/v1beta1",
            kind: "LoadBalancer",
            metadata: lbObj.metadata,
            spec: lbObj.spec,
        },
        { parent },
    );
    return { ipPool, loadBalancer };
}

/**
 * Reads the admin kubeconfig from the first server over SSH once its API answers, and rewrites its server
 * address to the registration address. The command depends on the server only through `dependsOn`, never
 * through a property, so replacing that server later never replaces the command, the kubeconfig or the
 * provider built from it (the cluster CA, and so the kubeconfig, outlives any one server).
 */
export function fetchKubeconfig(
    parent: pulumi.Resource,
    name: string,
    s: {
        host: pulumi.Input<string>;
        user: string;
        privateKey: pulumi.Input<string>;
        registrationAddress: pulumi.Input<string>;
        contextName: string;
        timeoutSeconds: number;
        after: pulumi.Resource[];
    },
): { command: command.remote.Command; kubeconfig: pulumi.Output<string> } {
    const cmd = new command.remote.Command(
        `${name}-kubeconfig`,
        {
            connection: {
                host: s.host,
                user: s.user,
                privateKey: pulumi.secret(s.privateKey),
                dialErrorLimit: 60,
                perDialTimeout: 10,
            },
            create: buildKubeconfigScript(s.timeoutSeconds),
            // stdout is the admin kubeconfig: never log it.
            logging: command.types.enums.remote.Logging.Stderr,
        },
        { parent, dependsOn: s.after, additionalSecretOutputs: ["stdout"] },
    );
    const kubeconfig = pulumi.secret(
        pulumi
            .all([cmd.stdout, s.registrationAddress])
            .apply(([out, address]) => rewriteKubeconfig(out, address, s.contextName)),
    );
    return { command: cmd, kubeconfig };
}

/** The automation user's key pair: the caller's key (public half derived locally) or a generated ED25519 key. */
export function nodeKey(
    parent: pulumi.Resource,
    name: string,
    given: pulumi.Input<string> | undefined,
): { privateKey: pulumi.Output<string>; publicKey: pulumi.Output<string> } {
    if (given !== undefined) {
        const privateKey = pulumi.secret(pulumi.output(given));
        const publicKey = pulumi.unsecret(
            privateKey.apply((k) => {
                const derived = sshPublicKeyOf(k);
                if ("problem" in derived) {
                    throw new DroverInputError("Rke2Cluster", name, [
                        { path: "sshPrivateKey", value: undefined, reason: derived.problem },
                    ]);
                }
                return derived.publicKey;
            }),
        );
        return { privateKey, publicKey };
    }
    const key = new tls.PrivateKey(`${name}-ssh`, { algorithm: "ED25519" }, { parent });
    return { privateKey: pulumi.secret(key.privateKeyOpenssh), publicKey: key.publicKeyOpenssh };
}
