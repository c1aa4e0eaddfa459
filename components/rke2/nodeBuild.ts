import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { HarvesterVirtualMachine } from "../harvester/virtualMachine";
import { buildNetworkData, buildNodeUserData } from "./cloudInit";
import { RKE2_LABELS } from "./constants";
import { buildNodeDrainScript, buildNodeReadyScript } from "./scripts";
import { Rke2ClusterSpec, Rke2NodeSpec } from "./spec";

/** The type token of the KubeVirt VM a {@link HarvesterVirtualMachine} registers. */
export const VM_TYPE = "kubernetes:kubevirt.io/v1:VirtualMachine";

/**
 * Applied to each node's {@link HarvesterVirtualMachine}: its VirtualMachine is replaced, never patched, on any
 * change, and the old VM is deleted before the new one is created. A KubeVirt VM patched in place keeps running
 * its old disk and old cloud-init, so a new image, size or RKE2 version would otherwise never reach the node; and
 * delete-before-replace keeps the fixed VM name and lets the node's pre-delete hook (its gate's delete command)
 * run first. `transformations` run in the SDK and reach the component's children, which resource options do not.
 */
export function replaceNodeVmOnChange(
    args: pulumi.ResourceTransformationArgs,
): pulumi.ResourceTransformationResult | undefined {
    if (args.type !== VM_TYPE) {
        return undefined;
    }
    return {
        props: args.props,
        opts: pulumi.mergeOptions(args.opts, { replaceOnChanges: ["*"], deleteBeforeReplace: true }),
    };
}

const REDACTED = "<secret>";

/** A copy of the specs with every secret replaced, for hashing into a non-secret label. */
export function redactSecrets(c: Rke2ClusterSpec, n: Rke2NodeSpec): [Rke2ClusterSpec, Rke2NodeSpec] {
    const s3 = c.etcdS3;
    return [
        {
            ...c,
            cloudProviderConfig: c.cloudProviderConfig === undefined ? undefined : REDACTED,
            registryAuths: c.registryAuths.map((a) => ({
                ...a,
                password: a.password === undefined ? undefined : REDACTED,
            })),
            etcdS3:
                s3 === undefined
                    ? undefined
                    : {
                          ...s3,
                          accessKey: s3.accessKey === undefined ? undefined : REDACTED,
                          secretKey: s3.secretKey === undefined ? undefined : REDACTED,
                      },
        },
        { ...n, token: REDACTED },
    ];
}

/** What a node VM is built from, besides its user data. */
export interface NodeMachine {
    imageId?: string;
    cpu: number;
    memory: string;
    diskSize: string;
    storageClassName?: string;
}

/**
 * A short hash of everything a node is built from, secrets excluded (so the hash can be a plain label, and a
 * rotated password or token does not replace nodes). A change of version, image, size or RKE2 setting changes it.
 */
export function nodeGeneration(c: Rke2ClusterSpec, n: Rke2NodeSpec, m: NodeMachine): string {
    const [rc, rn] = redactSecrets(c, n);
    const text = JSON.stringify({
        userData: buildNodeUserData(rc, rn),
        networkData: buildNetworkData(rn) ?? null,
        machine: m,
    });
    return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/**
 * The node spec with its generation added to its Node labels (`rke2.drover.io/generation`). RKE2 applies
 * `node-label` when the node first registers, so the label says which VM the Node object belongs to. It is not part
 * of the generation hash, which would otherwise depend on itself.
 */
export function withGenerationLabel(n: Rke2NodeSpec, generation: string): Rke2NodeSpec {
    return { ...n, labels: { ...n.labels, [RKE2_LABELS.generation]: generation } };
}

/** Name of a node's root disk: a new generation gets a new PVC, so a replaced VM never meets its predecessor's terminating PVC. */
export function rootDiskName(generation: string): string {
    return `root-${generation.slice(0, 8)}`;
}

/** How a node's readiness gate reaches a server over SSH. */
export interface GateConnection {
    host: pulumi.Input<string>;
    user: string;
    privateKey: pulumi.Input<string>;
}

/**
 * A node's readiness gate: a `command.remote.Command` that
 * - on create, waits (bounded) until the node is Ready (a server: also its etcd and apiserver pods), so whatever
 *   depends on the gate (the next node) only starts once this node is healthy;
 * - on delete, drains the node and deletes its Node object, which removes a server's etcd member. The engine
 *   deletes the gate before its VM: the gate's `triggers` hold the VM's uid, so when the VM is deleted before
 *   replacement the engine counts the gate among the VM's dependents that must go first
 *   (pulumi/pulumi pkg/resource/deploy/step_generator.go, `calculateDependentReplacements`: a dependent whose
 *   property depends on the condemned resource and whose provider diff then says "replace" is deleted first).
 *
 * The delete acts only on the Node of the VM the gate was made for: the script checks the Node's generation label
 * first, so a gate that runs again after an interrupted `up` never drains the replacement VM's Node, which has the
 * same name.
 *
 * Only a changed VM uid may replace a gate: its scripts and connection are in `ignoreChanges`, because replacing
 * a gate for any other reason would run its delete command, and drain a healthy node.
 */
export function createGate(
    parent: pulumi.Resource,
    name: string,
    vm: HarvesterVirtualMachine,
    node: {
        name: string;
        role: "server" | "agent";
        readyTimeoutSeconds: number;
        drainTimeoutSeconds: number;
        /** The VM's generation: the delete acts only on a Node that carries it. */
        generation: pulumi.Input<string>;
    },
    conn: GateConnection,
): command.remote.Command {
    return new command.remote.Command(
        `${name}-ready`,
        {
            connection: {
                host: conn.host,
                user: conn.user,
                privateKey: pulumi.secret(conn.privateKey),
                // A new VM takes a while to boot and start sshd; keep dialling for about ten minutes.
                dialErrorLimit: 60,
                perDialTimeout: 10,
            },
            create: pulumi
                .output(node.generation)
                .apply((g) => buildNodeReadyScript(node.name, node.role, node.readyTimeoutSeconds, undefined, g)),
            delete: pulumi
                .output(node.generation)
                .apply((g) => buildNodeDrainScript(node.name, node.drainTimeoutSeconds, g)),
            triggers: [vm.virtualMachine.metadata.uid],
        },
        { parent, dependsOn: [vm], ignoreChanges: ["create", "delete", "connection"] },
    );
}
