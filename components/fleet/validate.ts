import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { DroverInputError, InputProblem } from "../common/errors";
import { dnsLabel, namespacedRef } from "../common/rules";
import { collectProblems } from "../common/validation";
import { FleetClusterArgs } from "./args";
import { fluxProblems, imageProblems, networkProblems, rancherProblems, rke2Problems } from "./partProblems";

/** The FleetCluster's own arguments; the parts (image, network, rke2, rancher, flux) have their components' schemas. */
const ownShape = z.strictObject({
    environment: dnsLabel("prod").optional(),
    clusterName: dnsLabel("prod-a").optional(),
    namespace: dnsLabel("fleet-prod").optional(),
    harvesterProvider: z.unknown().optional(),
    renderDirectory: z
        .string()
        .min(1, { message: 'is empty; give a directory such as "out/prod-a" or leave it out' })
        .optional(),
    image: z.unknown().optional(),
    imageRef: namespacedRef("default/ubuntu-24.04").optional(),
    network: z.unknown().optional(),
    networkRef: namespacedRef("default/vlan100").optional(),
    secureBoot: z.boolean().optional(),
    rke2: z.unknown().optional(),
    rancher: z.unknown().optional(),
    flux: z.unknown().optional(),
});

/** Which of two alternatives is given: exactly one must be. */
function exactlyOne(args: Record<string, unknown>, a: string, b: string, what: string): InputProblem[] {
    if (args[a] !== undefined && args[b] !== undefined) {
        return [
            {
                path: b,
                value: undefined,
                reason: `cannot be combined with ${a}; create the ${what} or reference an existing one, not both`,
            },
        ];
    }
    if (args[a] === undefined && args[b] === undefined) {
        return [
            {
                path: a,
                value: undefined,
                reason: `is required: give ${a} to create the ${what}, or ${b} ("namespace/name") to use an existing one`,
            },
        ];
    }
    return [];
}

/** The FleetCluster's own rules: names, the alternatives, and render mode against the providers. */
export function ownProblems(name: string, args: FleetClusterArgs, isProvider: (v: unknown) => boolean): InputProblem[] {
    const a = args as unknown as Record<string, unknown>;
    // The resource name is the cluster name unless clusterName is given, so it is checked as one.
    const problems = collectProblems(ownShape, { ...a, clusterName: args.clusterName ?? name });
    for (const k of ["environment", "namespace"] as const) {
        if (a[k] === undefined) {
            problems.push({
                path: k,
                value: undefined,
                reason:
                    k === "environment"
                        ? 'is required, e.g. "prod"'
                        : 'is required: the Harvester namespace of the VMs, e.g. "fleet-prod"',
            });
        }
    }
    problems.push(
        ...exactlyOne(a, "image", "imageRef", "boot image"),
        ...exactlyOne(a, "network", "networkRef", "VM network"),
    );
    const render = args.renderDirectory !== undefined;
    if (render && args.harvesterProvider !== undefined) {
        problems.push({
            path: "harvesterProvider",
            value: undefined,
            reason: "cannot be combined with renderDirectory: a rendering FleetCluster writes through its own providers; remove one",
        });
    } else if (!render && args.harvesterProvider === undefined) {
        problems.push({
            path: "harvesterProvider",
            value: undefined,
            reason: "is required to deploy: pass the kubernetes provider of the Harvester cluster, or set renderDirectory to only render",
        });
    } else if (!render && !isProvider(args.harvesterProvider)) {
        problems.push({
            path: "harvesterProvider",
            value: undefined,
            reason: 'is not a kubernetes provider; pass e.g. new k8s.Provider("harvester", { kubeconfig })',
        });
    }
    if (!render && args.rancher?.rancherProvider !== undefined && !isProvider(args.rancher.rancherProvider)) {
        problems.push({
            path: "rancher.rancherProvider",
            value: undefined,
            reason: 'is not a kubernetes provider; pass e.g. new k8s.Provider("rancher", { kubeconfig })',
        });
    }
    return problems;
}

type Pool = { storageClassName?: unknown; image?: unknown };

/**
 * A node VM whose image is a reference reads the image's storage class from Harvester (HarvesterVirtualMachine),
 * which a rendering FleetCluster cannot do: it has no Harvester to read from.
 */
export function renderProblems(args: FleetClusterArgs): InputProblem[] {
    if (args.renderDirectory === undefined || args.rke2 === undefined || args.rke2 === null) {
        return [];
    }
    const rke2 = args.rke2 as unknown as { controlPlane?: Pool; workerPools?: Pool[] };
    const pools: Array<[string, Pool | undefined, boolean]> = [
        ["rke2.controlPlane", rke2.controlPlane, args.imageRef !== undefined],
        ...(Array.isArray(rke2.workerPools) ? rke2.workerPools : []).map((p, i): [string, Pool, boolean] => [
            `rke2.workerPools[${i}]`,
            p,
            p?.image !== undefined
                ? typeof p.image === "string" || pulumi.Output.isInstance(p.image)
                : args.imageRef !== undefined,
        ]),
    ];
    return pools
        .filter(([, pool, byReference]) => byReference && pool !== undefined && pool.storageClassName === undefined)
        .map(([where]) => ({
            path: `${where}.storageClassName`,
            value: undefined,
            reason: 'is required with an image reference when rendering: the image\'s storage class cannot be read from Harvester; give it (e.g. "longhorn-ubuntu-2404") or create the image with image',
        }));
}

/**
 * Every problem of a FleetCluster's arguments: its own, and each part's by that part's component schema, all at
 * once. `clusterName` defaults to the resource name.
 */
export function fleetClusterProblems(
    name: string,
    args: FleetClusterArgs,
    isProvider: (v: unknown) => boolean,
): InputProblem[] {
    const clusterName = args.clusterName ?? name;
    const render = args.renderDirectory !== undefined;
    const own = ownProblems(name, args, isProvider);
    const badName = own.some((p) => p.path === "clusterName");
    return [
        ...own,
        ...imageProblems(args.image),
        ...networkProblems(args.network),
        ...rke2Problems(args.rke2, clusterName, render),
        ...renderProblems(args),
        // Rancher's name rules are stricter than a DNS label; report them only for a name that is a DNS label.
        ...rancherProblems(args.rancher, clusterName, render).filter((p) => !(badName && p.path === "clusterName")),
        ...fluxProblems(args.flux, args.environment, clusterName, render),
    ];
}

/** Throws one {@link DroverInputError} listing every problem of a FleetCluster's arguments. */
export function validateFleetCluster(name: string, args: FleetClusterArgs, isProvider: (v: unknown) => boolean): void {
    const problems = fleetClusterProblems(name, args, isProvider);
    if (problems.length > 0) {
        throw new DroverInputError("FleetCluster", name, problems);
    }
}
