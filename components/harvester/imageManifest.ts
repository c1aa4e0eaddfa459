import { z } from "zod";
import { dnsLabel, dnsSubdomain, intBetween, labelMap } from "../common/rules";
import { HARVESTER } from "./constants";

/** Resolved description of a downloaded Harvester image. */
export interface ImageSpec {
    name: string;
    namespace: string;
    displayName: string;
    url: string;
    checksum?: string;
    description?: string;
    storageClassParameters?: Record<string, string>;
    backend?: "backingimage" | "cdi";
    baseStorageClassName?: string;
    retry?: number;
    labels: Record<string, string>;
    waitForImport: boolean;
}

/** Builds a `harvesterhci.io/v1beta1 VirtualMachineImage` with a download source (pkg/apis/harvesterhci.io/v1beta1/image.go). */
export function buildVirtualMachineImage(spec: ImageSpec) {
    const annotations: Record<string, string> = {};
    if (spec.baseStorageClassName) {
        annotations[HARVESTER.imageStorageClass] = spec.baseStorageClassName;
    }
    if (spec.waitForImport) {
        // @pulumi/kubernetes waits for this condition before it reports the image created, so VMs that use the
        // image are only created once Harvester has imported it and published status.storageClassName.
        annotations["pulumi.com/waitFor"] = "condition=Imported";
    }
    const spec_: Record<string, unknown> = {
        displayName: spec.displayName,
        sourceType: "download",
        url: spec.url,
    };
    if (spec.checksum) {
        spec_.checksum = spec.checksum;
    }
    if (spec.description) {
        spec_.description = spec.description;
    }
    if (spec.backend) {
        spec_.backend = spec.backend;
    }
    if (spec.retry !== undefined) {
        spec_.retry = spec.retry;
    }
    if (spec.storageClassParameters && Object.keys(spec.storageClassParameters).length > 0) {
        spec_.storageClassParameters = { ...spec.storageClassParameters };
    }
    return {
        apiVersion: "harvesterhci.io/v1beta1",
        kind: "VirtualMachineImage",
        metadata: {
            name: spec.name,
            namespace: spec.namespace,
            ...(Object.keys(spec.labels).length > 0 ? { labels: { ...spec.labels } } : {}),
            ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
        },
        spec: spec_,
    };
}

const SHA512 = /^[0-9a-f]{128}$/;

/** The zod schema for {@link HarvesterImageArgs}. */
export const imageArgsSchema = z
    .strictObject({
        namespace: dnsLabel("default"),
        imageName: dnsSubdomain("ubuntu-22.04").optional(),
        displayName: z.string().min(1, { message: 'is empty; give a name people see, e.g. "ubuntu-22.04"' }),
        url: z.string().refine((u) => /^(https?|file):\/\/\S+$/.test(u), {
            message: 'is not an http(s):// or file:// URL; use e.g. "https://images.example.internal/jammy.img"',
        }),
        checksum: z
            .string()
            .refine((c) => SHA512.test(c), {
                message: "is not a SHA-512 checksum (128 lower-case hex digits); use the output of `sha512sum <image>`",
            })
            .optional(),
        description: z.string().optional(),
        storageClassParameters: z.record(z.string(), z.string()).optional(),
        backend: z.enum(["backingimage", "cdi"]).optional(),
        baseStorageClassName: dnsSubdomain("harvester-longhorn").optional(),
        retry: intBetween(0, 10).optional(),
        labels: labelMap().optional(),
        waitForImport: z.boolean().optional(),
        importTimeoutMinutes: intBetween(1, 1440).optional(),
    })
    .superRefine((a, ctx) => {
        const replicas = a.storageClassParameters?.numberOfReplicas;
        if (replicas !== undefined && !/^[1-9]\d*$/.test(replicas)) {
            ctx.addIssue({
                code: "custom",
                path: ["storageClassParameters", "numberOfReplicas"],
                input: replicas,
                message: 'is not a positive whole number in a string; use e.g. "3"',
            });
        }
        if (a.backend === "cdi" && a.baseStorageClassName === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["baseStorageClassName"],
                input: undefined,
                message:
                    'is required with backend "cdi" (Harvester needs the base storage class); set e.g. "harvester-longhorn"',
            });
        }
    });
