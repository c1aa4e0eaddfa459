import { z } from "zod";
import { dnsLabel, dnsSubdomain, intBetween, labelMap } from "../common/rules";
import { HARVESTER } from "./constants";

/** Resolved description of a Harvester VM network. */
export interface NetworkSpec {
    name: string;
    namespace: string;
    clusterNetwork: string;
    vlanId: number;
    routeMode?: "auto" | "manual";
    routeCidr?: string;
    routeGateway?: string;
    labels: Record<string, string>;
}

/** The bridge CNI config Harvester writes into `spec.config` (pkg/builder/network.go). */
export function buildBridgeConfig(spec: Pick<NetworkSpec, "name" | "clusterNetwork" | "vlanId">): string {
    return JSON.stringify({
        cniVersion: "0.3.1",
        name: spec.name,
        type: "bridge",
        bridge: `${spec.clusterNetwork}-br`,
        promiscMode: true,
        vlan: spec.vlanId,
        ipam: {},
    });
}

/** The `network.harvesterhci.io/route` annotation, or undefined when no route mode is set. */
export function buildRouteAnnotation(
    spec: Pick<NetworkSpec, "routeMode" | "routeCidr" | "routeGateway">,
): string | undefined {
    if (!spec.routeMode) {
        return undefined;
    }
    if (spec.routeMode === "auto") {
        return JSON.stringify({ mode: "auto" });
    }
    return JSON.stringify({ mode: "manual", cidr: spec.routeCidr, gateway: spec.routeGateway });
}

/** Builds the `k8s.cni.cncf.io/v1 NetworkAttachmentDefinition` for a Harvester VLAN (or untagged) network. */
export function buildNetworkAttachmentDefinition(spec: NetworkSpec) {
    const route = buildRouteAnnotation(spec);
    return {
        apiVersion: "k8s.cni.cncf.io/v1",
        kind: "NetworkAttachmentDefinition",
        metadata: {
            name: spec.name,
            namespace: spec.namespace,
            labels: {
                ...spec.labels,
                [HARVESTER.clusterNetwork]: spec.clusterNetwork,
                [HARVESTER.networkType]: spec.vlanId === 0 ? "UntaggedNetwork" : "L2VlanNetwork",
            },
            ...(route ? { annotations: { [HARVESTER.route]: route } } : {}),
        },
        spec: { config: buildBridgeConfig(spec) },
    };
}

/** Parses an IPv4 address into a 32-bit number, or undefined. */
export function parseIPv4(ip: string): number | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
    if (!m) {
        return undefined;
    }
    const octets = m.slice(1).map(Number);
    if (octets.some((o) => o > 255)) {
        return undefined;
    }
    return ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
}

/** Parses an IPv4 CIDR into its network address and prefix length, or undefined. */
export function parseCidr(cidr: string): { base: number; bits: number } | undefined {
    const [ip, bits, ...rest] = cidr.split("/");
    const base = parseIPv4(ip ?? "");
    const n = Number(bits);
    if (rest.length > 0 || base === undefined || !/^\d{1,2}$/.test(bits ?? "") || n > 32) {
        return undefined;
    }
    const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
    return { base: (base & mask) >>> 0, bits: n };
}

/** True when an address lies inside a parsed CIDR. */
export function cidrContains(c: { base: number; bits: number }, ip: number): boolean {
    const mask = c.bits === 0 ? 0 : (0xffffffff << (32 - c.bits)) >>> 0;
    return (ip & mask) >>> 0 === c.base;
}

/** The zod schema for {@link HarvesterNetworkArgs}. */
export const networkArgsSchema = z
    .strictObject({
        namespace: dnsLabel("default"),
        networkName: dnsSubdomain("vlan100").optional(),
        clusterNetwork: dnsLabel("vmnet").refine((s) => s.length <= 12, {
            message: 'is too long: the bridge "<clusterNetwork>-br" must fit Linux\'s 15 characters; use at most 12',
        }),
        vlanId: intBetween(0, 4094, "a VLAN id (0 for untagged)"),
        routeMode: z.enum(["auto", "manual"]).optional(),
        routeCidr: z.string().optional(),
        routeGateway: z.string().optional(),
        labels: labelMap().optional(),
    })
    .superRefine((a, ctx) => {
        const cidr = a.routeCidr === undefined ? undefined : parseCidr(a.routeCidr);
        if (a.routeCidr !== undefined && cidr === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["routeCidr"],
                input: a.routeCidr,
                message: 'is not an IPv4 CIDR; use e.g. "10.10.0.0/24"',
            });
        }
        const gw = a.routeGateway === undefined ? undefined : parseIPv4(a.routeGateway);
        if (a.routeGateway !== undefined && gw === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["routeGateway"],
                input: a.routeGateway,
                message: 'is not an IPv4 address; use e.g. "10.10.0.1"',
            });
        }
        if (cidr && gw !== undefined && !cidrContains(cidr, gw)) {
            ctx.addIssue({
                code: "custom",
                path: ["routeGateway"],
                input: a.routeGateway,
                message: `is outside routeCidr "${a.routeCidr}"; use an address inside it`,
            });
        }
        if (a.routeMode === "manual") {
            for (const f of ["routeCidr", "routeGateway"] as const) {
                if (a[f] === undefined) {
                    ctx.addIssue({
                        code: "custom",
                        path: [f],
                        input: undefined,
                        message: 'is required with routeMode "manual"',
                    });
                }
            }
        } else if (a.routeCidr !== undefined || a.routeGateway !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["routeMode"],
                input: a.routeMode,
                message: 'must be "manual" when routeCidr or routeGateway is set',
            });
        }
    });
