import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KubeObject } from "./manifest";

/**
 * Registers the objects of an install manifest one by one, in the order Flux's own installer uses: Namespaces first,
 * then CRDs, then everything else. Pulumi deletes in reverse, which is Flux's uninstall order (controllers and RBAC,
 * then CRDs, then the namespace).
 *
 * Ownership: drover applies these objects as the manifest has them, on day 1 and whenever the manifest changes (a
 * Flux or operator upgrade), forcing its values over kustomize-controller's, which applies the same objects from the
 * committed `gitFiles` and install manifest. What Flux adds (labels, annotations, defaults) is outside drover's inputs,
 * so a refresh that reads it back proposes no update. See OWNERSHIP.md.
 */

type Ctor = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** Typed classes for the core/v1 kinds install manifests contain; other kinds carry their group in apiVersion. */
const CORE_KINDS: Record<string, Ctor> = {
    Namespace: k8s.core.v1.Namespace as unknown as Ctor,
    ServiceAccount: k8s.core.v1.ServiceAccount as unknown as Ctor,
    Service: k8s.core.v1.Service as unknown as Ctor,
    ConfigMap: k8s.core.v1.ConfigMap as unknown as Ctor,
    Secret: k8s.core.v1.Secret as unknown as Ctor,
    ResourceQuota: k8s.core.v1.ResourceQuota as unknown as Ctor,
    LimitRange: k8s.core.v1.LimitRange as unknown as Ctor,
    PersistentVolumeClaim: k8s.core.v1.PersistentVolumeClaim as unknown as Ctor,
};

/** Kinds of core/v1 drover can register; anything else in the core group is refused. */
export const SUPPORTED_CORE_KINDS = Object.keys(CORE_KINDS);

/** The Pulumi name of an install object: `<component>:<namespace>/<name>`, or `<component>:<name>` cluster-wide. */
export function installObjectName(component: string, o: KubeObject): string {
    return o.metadata.namespace
        ? `${component}:${o.metadata.namespace}/${o.metadata.name}`
        : `${component}:${o.metadata.name}`;
}

/** Why drover cannot register these objects (a core/v1 kind it has no class for), or undefined. */
export function unregistrable(objs: KubeObject[]): string | undefined {
    const o = objs.find((x) => x.apiVersion === "v1" && !(x.kind in CORE_KINDS));
    return o ? `contains a v1 ${o.kind} "${o.metadata.name}", which drover cannot install` : undefined;
}

/**
 * @pulumi/kubernetes applies drover's fields with server-side apply and fails on a conflict with another field manager
 * unless this annotation is set (pulumi-kubernetes provider/pkg/await/await.go `patchForce`). kustomize-controller
 * applies the same objects from Git, so without it a drover upgrade would fail on the fields Flux co-owns.
 */
export const PATCH_FORCE = { "pulumi.com/patchForce": "true" } as const;

/** Metadata with {@link PATCH_FORCE} added to its annotations. */
export function withPatchForce(m: KubeObject["metadata"]): KubeObject["metadata"] {
    return { ...m, annotations: { ...(m.annotations ?? {}), ...PATCH_FORCE } };
}

function register(component: string, o: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
    const name = installObjectName(component, o);
    // `status` belongs to the server; a manifest that carries one must not send it.
    const { status: _status, ...published } = o;
    const obj = { ...published, metadata: withPatchForce(published.metadata) };
    if (obj.apiVersion === "v1") {
        return new CORE_KINDS[obj.kind](name, obj as never, opts);
    }
    // Same type token as the typed class (`kubernetes:<group>/<version>:<Kind>`), and any kind works.
    return new k8s.apiextensions.CustomResource(name, obj as k8s.apiextensions.CustomResourceArgs, opts);
}

function phase(o: KubeObject): 0 | 1 | 2 {
    if (o.apiVersion === "v1" && o.kind === "Namespace") {
        return 0;
    }
    return o.kind === "CustomResourceDefinition" && o.apiVersion.startsWith("apiextensions.k8s.io/") ? 1 : 2;
}

/** Registers the install objects under `parent`; returns them, in registration order. */
export function registerInstallObjects(
    component: string,
    objs: KubeObject[],
    parent: pulumi.Resource,
    retainOnDelete: boolean,
    after: pulumi.Resource[] = [],
): pulumi.CustomResource[] {
    const problem = unregistrable(objs);
    if (problem !== undefined) {
        throw new Error(`the install manifest ${problem}`);
    }
    const base: pulumi.CustomResourceOptions = { parent, retainOnDelete };
    const done: pulumi.CustomResource[][] = [[], [], []];
    for (const p of [0, 1, 2] as const) {
        const before = [...after, ...done.slice(0, p).flat()];
        for (const o of objs.filter((x) => phase(x) === p)) {
            done[p].push(register(component, o, { ...base, dependsOn: before }));
        }
    }
    return done.flat();
}
