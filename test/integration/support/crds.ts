import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { SCHEMA_DIR } from "../../support/schemas";
import { KubeAccess, kubeCreate, kubeGet, waitFor } from "./kubeClient";

type Crd = { metadata: { name: string }; [k: string]: unknown };

/** The CRDs in one upstream schema file of ../shared/schemas, unmodified. */
export function upstreamCrds(file: string): Crd[] {
    return YAML.parseAllDocuments(fs.readFileSync(path.join(SCHEMA_DIR, file), "utf8"))
        .map((d) => d.toJSON() as Crd | null)
        .filter((d): d is Crd => d !== null && (d as { kind?: string }).kind === "CustomResourceDefinition");
}

/**
 * A CRD that accepts any spec and status. KubeVirt creates its VirtualMachine CRD at run time, so no CRD file
 * exists upstream; drover's objects are checked strictly against the KubeVirt OpenAPI in the unit tier instead.
 */
export function permissiveCrd(group: string, kind: string, plural: string, version: string, scope = "Namespaced"): Crd {
    return {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: `${plural}.${group}` },
        spec: {
            group,
            scope,
            names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
            versions: [
                {
                    name: version,
                    served: true,
                    storage: true,
                    subresources: { status: {} },
                    schema: {
                        openAPIV3Schema: {
                            type: "object",
                            properties: {
                                spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                                status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                            },
                        },
                    },
                },
            ],
        },
    };
}

/** What the Harvester stand-in serves: KubeVirt, Harvester and NetworkAttachmentDefinition kinds. */
export function harvesterCrds(): Crd[] {
    return [
        permissiveCrd("kubevirt.io", "VirtualMachine", "virtualmachines", "v1"),
        permissiveCrd("kubevirt.io", "VirtualMachineInstance", "virtualmachineinstances", "v1"),
        permissiveCrd("loadbalancer.harvesterhci.io", "LoadBalancer", "loadbalancers", "v1beta1"),
        permissiveCrd("loadbalancer.harvesterhci.io", "IPPool", "ippools", "v1beta1", "Cluster"),
        ...upstreamCrds("harvesterhci.io_virtualmachineimages.yaml"),
        ...upstreamCrds("harvesterhci.io_keypairs.yaml"),
        ...upstreamCrds("k8s.cni.cncf.io_network-attachment-definitions.yaml"),
    ];
}

/** Creates CRDs and waits until each is Established. */
export async function installCrds(access: KubeAccess, crds: Crd[]): Promise<void> {
    for (const crd of crds) {
        await kubeCreate(access, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
    }
    for (const crd of crds) {
        await waitFor(`CRD ${crd.metadata.name} to be established`, async () => {
            const c = await kubeGet(
                access,
                `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`,
            );
            const ok = (c?.status?.conditions ?? []).some(
                (x: { type: string; status: string }) => x.type === "Established" && x.status === "True",
            );
            return ok ? true : undefined;
        });
    }
}
