import { z } from "zod";
import { dnsSubdomain, intBetween, noDuplicates } from "../common/rules";
import { ARCHES, CNIS, DISABLEABLE, PROFILES, RKE2_DEFAULTS, SECRETS_ENCRYPTION_PROVIDERS } from "./constants";
import { cidrContains, cidrsOverlap, parseCidr, parseIPv4 } from "./net";
import {
    absolutePath,
    componentArg,
    cron,
    hostAddress,
    hostPort,
    httpUrl,
    installScript,
    ipv4,
    networkCidr,
    octalMode,
    rke2Version,
} from "./rules";
import { requireFields } from "./required";
import { parseRke2Version, supportsSecretbox } from "./version";

const mirrorSchema = z.strictObject({
    registry: z.string().refine((s) => s === "*" || /^[^\s/]+$/.test(s), {
        message: 'is not a registry host or "*"; use e.g. "docker.io"',
    }),
    endpoints: z
        .array(httpUrl("https://hauler.example.internal:5000"))
        .min(1, { message: 'must list at least one endpoint, e.g. ["https://hauler.example.internal:5000"]' }),
    rewrite: z.record(z.string(), z.string()).optional(),
});

const authSchema = z.strictObject({
    host: hostPort("hauler.example.internal:5000"),
    username: z.string().optional(),
    password: z.string().optional(),
    caPem: z.string().optional(),
    insecureSkipVerify: z.boolean().optional(),
});

const s3Schema = z.strictObject({
    endpoint: hostPort("minio.example.internal:9000"),
    bucket: z.string().min(1, { message: 'is empty; give a bucket name, e.g. "etcd-snapshots"' }),
    region: z.string().optional(),
    folder: z.string().optional(),
    accessKey: z.string().optional(),
    secretKey: z.string().optional(),
    endpointCaPem: z.string().optional(),
    skipSslVerify: z.boolean().optional(),
    insecure: z.boolean().optional(),
});

const args = (example: string) => z.array(componentArg(example)).optional();

/** The zod shape of {@link Rke2ClusterSettingsArgs}, shared by the cluster and node pool schemas. */
export const settingsShape = {
    version: rke2Version().optional(),
    cni: z.array(z.enum(CNIS)).optional(),
    clusterCidr: networkCidr(RKE2_DEFAULTS.clusterCidr).optional(),
    serviceCidr: networkCidr(RKE2_DEFAULTS.serviceCidr).optional(),
    clusterDns: ipv4(RKE2_DEFAULTS.clusterDns).optional(),
    clusterDomain: dnsSubdomain(RKE2_DEFAULTS.clusterDomain).optional(),
    profile: z.enum(PROFILES).optional(),
    protectKernelDefaults: z.boolean().optional(),
    secretsEncryptionProvider: z.enum(SECRETS_ENCRYPTION_PROVIDERS).optional(),
    etcdSnapshotScheduleCron: cron().optional(),
    etcdSnapshotRetention: intBetween(1, 1000).optional(),
    etcdSnapshotS3: s3Schema.optional(),
    writeKubeconfigMode: octalMode().optional(),
    disable: z.array(z.enum(DISABLEABLE)).optional(),
    kubeApiserverArgs: args("audit-log-maxage=30"),
    kubeControllerManagerArgs: args("terminated-pod-gc-threshold=1000"),
    kubeSchedulerArgs: args("v=2"),
    etcdArgs: args("quota-backend-bytes=8589934592"),
    kubeletArgs: args("max-pods=150"),
    kubeProxyArgs: args("proxy-mode=ipvs"),
    cloudProviderName: z.enum(["harvester"]).optional(),
    cloudProviderConfig: z.string().min(1).optional(),
    systemDefaultRegistry: hostPort("hauler.example.internal:5000").optional(),
    registryMirrors: z.array(mirrorSchema).optional(),
    registryAuths: z.array(authSchema).optional(),
    disableDefaultRegistryEndpoint: z.boolean().optional(),
    airGapped: z.boolean().optional(),
    installScript: installScript().optional(),
    artifactPath: absolutePath("/opt/rke2-artifacts").optional(),
    artifactUrl: httpUrl("http://hauler.example.internal:8080").optional(),
    arch: z.enum(ARCHES).optional(),
    tlsSans: z.array(hostAddress("k8s.example.internal")).optional(),
    gateway: ipv4("10.10.0.1").optional(),
    nameservers: z.array(ipv4("10.10.0.2")).optional(),
};

type Settings = z.infer<z.ZodObject<typeof settingsShape>>;

function issue(ctx: z.RefinementCtx, path: PropertyKey[], input: unknown, message: string): void {
    ctx.addIssue({ code: "custom", path, input, message });
}

/** Pods and services must not share addresses; the DNS address must be a service address. */
function refineNetworks(a: Partial<Settings>, ctx: z.RefinementCtx): void {
    const pods = parseCidr(a.clusterCidr ?? RKE2_DEFAULTS.clusterCidr);
    const services = parseCidr(a.serviceCidr ?? RKE2_DEFAULTS.serviceCidr);
    if (pods && services && cidrsOverlap(pods, services)) {
        const onServices = a.serviceCidr !== undefined;
        const other = onServices ? "clusterCidr" : "serviceCidr";
        const otherValue = onServices ? (a.clusterCidr ?? RKE2_DEFAULTS.clusterCidr) : RKE2_DEFAULTS.serviceCidr;
        issue(
            ctx,
            [onServices ? "serviceCidr" : "clusterCidr"],
            onServices ? a.serviceCidr : a.clusterCidr,
            `overlaps ${other} "${otherValue}"; give pods and services ranges that do not overlap`,
        );
    }
    if (a.clusterDns !== undefined && services) {
        const dns = parseIPv4(a.clusterDns);
        if (dns !== undefined && !cidrContains(services, dns)) {
            issue(
                ctx,
                ["clusterDns"],
                a.clusterDns,
                `is outside serviceCidr "${a.serviceCidr ?? RKE2_DEFAULTS.serviceCidr}"; use an address inside it`,
            );
        }
    }
}

/** `cni`: one plugin, or `multus` followed by one plugin. */
function refineCni(cni: string[] | undefined, ctx: z.RefinementCtx): void {
    if (cni === undefined) {
        return;
    }
    const plugins = cni[0] === "multus" ? cni.slice(1) : cni;
    if (plugins.includes("multus")) {
        issue(ctx, ["cni"], cni, 'lists "multus" after another plugin; put it first, e.g. ["multus", "canal"]');
    } else if (plugins.length !== 1) {
        issue(ctx, ["cni"], cni, 'must name exactly one CNI plugin (optionally after "multus"), e.g. ["canal"]');
    }
}

function refineSecurity(a: Partial<Settings>, ctx: z.RefinementCtx): void {
    if (a.profile === "cis" && a.protectKernelDefaults === false) {
        issue(
            ctx,
            ["protectKernelDefaults"],
            false,
            'cannot be used with profile "cis", which requires protect-kernel-defaults; remove protectKernelDefaults or set it to true',
        );
    }
    const v = a.version === undefined ? undefined : parseRke2Version(a.version);
    if (a.secretsEncryptionProvider === "secretbox" && v !== undefined && !supportsSecretbox(v)) {
        issue(
            ctx,
            ["secretsEncryptionProvider"],
            "secretbox",
            `needs RKE2 v1.30.12, v1.31.8, v1.32.4, v1.33.0 or later (version is "${a.version}"); use "aescbc" or upgrade`,
        );
    }
    if (a.cloudProviderName !== undefined && a.cloudProviderConfig === undefined) {
        issue(
            ctx,
            ["cloudProviderConfig"],
            undefined,
            "is required with cloudProviderName; give the kubeconfig the Harvester cloud provider uses",
        );
    }
    if (a.cloudProviderConfig !== undefined && a.cloudProviderName === undefined) {
        issue(ctx, ["cloudProviderName"], undefined, 'is required with cloudProviderConfig; set it to "harvester"');
    }
    const s3 = a.etcdSnapshotS3;
    if (s3 && (s3.accessKey === undefined) !== (s3.secretKey === undefined)) {
        const missing = s3.accessKey === undefined ? "accessKey" : "secretKey";
        issue(ctx, ["etcdSnapshotS3", missing], undefined, "is required when the other S3 key is given");
    }
}

/** RKE2's public download locations, which an air-gapped node cannot reach. */
const INTERNET_SOURCES = /^https?:\/\/([^/]*\.)?(rke2\.io|github\.com|githubusercontent\.com)(\/|:|$)/;

function refineAirGap(a: Partial<Settings>, ctx: z.RefinementCtx): void {
    if (a.artifactUrl !== undefined && a.artifactPath === undefined) {
        issue(
            ctx,
            ["artifactPath"],
            undefined,
            'is required with artifactUrl: the directory the artifacts are downloaded to, e.g. "/opt/rke2-artifacts"',
        );
    }
    if (a.airGapped !== true) {
        return;
    }
    if (a.installScript === undefined) {
        issue(
            ctx,
            ["installScript"],
            undefined,
            'is required when airGapped is true (nodes cannot reach get.rke2.io); give a URL on your file server, e.g. "http://hauler.example.internal:8080/install.sh", or a path on the node image',
        );
    }
    for (const key of ["installScript", "artifactUrl"] as const) {
        const url = a[key];
        if (url !== undefined && INTERNET_SOURCES.test(url)) {
            issue(
                ctx,
                [key],
                url,
                'is on the internet, but airGapped is true; serve it from your own file server, e.g. "http://hauler.example.internal:8080"',
            );
        }
    }
    if (a.artifactPath === undefined) {
        issue(
            ctx,
            ["artifactPath"],
            undefined,
            'is required when airGapped is true: the directory on the node with the RKE2 release artifacts, e.g. "/opt/rke2-artifacts"',
        );
    }
}

/** Cross-field rules of the shared settings. */
export function refineSettings(a: Partial<Settings>, ctx: z.RefinementCtx): void {
    requireFields(a, ctx, [], ["version"]);
    refineNetworks(a, ctx);
    refineCni(a.cni, ctx);
    refineSecurity(a, ctx);
    refineAirGap(a, ctx);
    noDuplicates(a.registryMirrors, (m) => m?.registry, "registry", ctx, ["registryMirrors"]);
    noDuplicates(a.registryAuths, (m) => m?.host, "host", ctx, ["registryAuths"]);
}

/** True when an address lies inside the pod or service network, where a node or VIP must never be. */
export function insideClusterNetworks(
    address: string,
    a: Partial<Settings>,
): "clusterCidr" | "serviceCidr" | undefined {
    const ip = parseIPv4(address.split("/")[0]);
    if (ip === undefined) {
        return undefined;
    }
    const pods = parseCidr(a.clusterCidr ?? RKE2_DEFAULTS.clusterCidr);
    if (pods && cidrContains(pods, ip)) {
        return "clusterCidr";
    }
    const services = parseCidr(a.serviceCidr ?? RKE2_DEFAULTS.serviceCidr);
    return services && cidrContains(services, ip) ? "serviceCidr" : undefined;
}

export type SettingsInput = Partial<Settings>;
