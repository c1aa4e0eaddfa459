import * as fs from "fs";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { isSecretValue, RecordedResource, unwrapSecrets } from "../test/support/mocks";
import { clusterName } from "./fleetArgs";

/** One custom resource of a cluster as drover registered it, to be rebuilt flat. */
export interface TemplateResource {
    type: string;
    name: string;
    /** Name of the provider resource it was registered with, if any. */
    provider?: string;
    inputs: Record<string, unknown>;
    /** Top-level inputs that arrived secret; the flat program wraps them in pulumi.secret. */
    secretKeys: string[];
}

const PROVIDER = "pulumi:providers:kubernetes";

/** True when a value holds a secret anywhere inside it. */
export function containsSecret(v: unknown): boolean {
    if (isSecretValue(v)) {
        return true;
    }
    if (typeof v === "object" && v !== null) {
        return Object.values(v).some(containsSecret);
    }
    return false;
}

/** The custom resources of one recorded cluster (providers first, as registered), with their plain inputs. */
export function toTemplate(recorded: RecordedResource[]): TemplateResource[] {
    return recorded
        .filter((r) => r.custom)
        .map((r) => ({
            type: r.type,
            name: r.name,
            ...(r.provider !== undefined ? { provider: r.provider.split("::")[3] } : {}),
            inputs: unwrapSecrets(r.inputs) as Record<string, unknown>,
            secretKeys: Object.keys(r.inputs).filter((k) => containsSecret(r.inputs[k])),
        }));
}

/** Reads a template written by the capture child. */
export function readTemplate(file: string): TemplateResource[] {
    return JSON.parse(fs.readFileSync(file, "utf8")) as TemplateResource[];
}

/** The template for cluster i: every occurrence of the first cluster's name renamed. */
export function renameTemplate(t: TemplateResource[], i: number): TemplateResource[] {
    return JSON.parse(JSON.stringify(t).split(clusterName(0)).join(clusterName(i))) as TemplateResource[];
}

/** `kubernetes:<group>/<version>:<Kind>` → the group, version and kind. */
export function parseK8sType(type: string): { group: string; version: string; kind: string } | undefined {
    const m = /^kubernetes:([^/]+)\/([^:]+):(.+)$/.exec(type);
    return m ? { group: m[1], version: m[2], kind: m[3] } : undefined;
}

const BUILTIN_GROUPS = new Set(["core", "apps", "batch", "policy", "autoscaling"]);

type Ctor = new (name: string, args: never, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The typed @pulumi/kubernetes class of a built-in kind, or undefined for a custom resource. */
function builtinClass(group: string, version: string, kind: string): Ctor | undefined {
    if (!BUILTIN_GROUPS.has(group) && !group.endsWith(".k8s.io")) {
        return undefined;
    }
    const mod = (k8s as unknown as Record<string, Record<string, Record<string, Ctor>> | undefined>)[
        group.split(".")[0]
    ];
    return mod?.[version]?.[kind];
}

function create(r: TemplateResource, providers: Map<string, k8s.Provider>): pulumi.CustomResource {
    const inputs: Record<string, unknown> = { ...r.inputs };
    for (const k of r.secretKeys) {
        inputs[k] = pulumi.secret(inputs[k]);
    }
    const opts: pulumi.CustomResourceOptions = r.provider ? { provider: providers.get(r.provider) } : {};
    if (r.type === PROVIDER) {
        const p = new k8s.Provider(r.name, inputs as k8s.ProviderArgs);
        providers.set(r.name, p);
        return p;
    }
    if (r.type === "random:index/randomPassword:RandomPassword") {
        return new random.RandomPassword(r.name, inputs as unknown as random.RandomPasswordArgs, opts);
    }
    if (r.type === "tls:index/privateKey:PrivateKey") {
        return new tls.PrivateKey(r.name, inputs as unknown as tls.PrivateKeyArgs, opts);
    }
    const t = parseK8sType(r.type);
    if (!t) {
        throw new Error(`the flat fleet has no constructor for ${r.type}`);
    }
    const Builtin = builtinClass(t.group, t.version, t.kind);
    if (Builtin) {
        return new Builtin(r.name, inputs as never, opts);
    }
    return new k8s.apiextensions.CustomResource(
        r.name,
        inputs as unknown as k8s.apiextensions.CustomResourceArgs,
        opts,
    );
}

/** Builds the fleet flat: the template's resources per cluster, renamed, with no components and no validation. */
export function buildRawFleet(template: TemplateResource[], clusters: number): void {
    for (let i = 0; i < clusters; i++) {
        const providers = new Map<string, k8s.Provider>();
        for (const r of renameTemplate(template, i)) {
            create(r, providers);
        }
    }
}
