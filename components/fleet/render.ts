import * as pulumi from "@pulumi/pulumi";
import { applyTree } from "../common/outputs";
import { isUnknownInput } from "../common/validation";

/**
 * Rendering without leaking secrets. A `renderYamlToDirectory` provider writes every object as it is given, so a
 * Secret's `data` would land in the rendered files in plain text (base64 is not encryption). drover removes `data`
 * and `stringData` from every `kubernetes:core/v1:Secret` before it reaches the provider and annotates the object
 * with where the values are: in a secret output.
 */

/** The type token of a Kubernetes Secret. */
export const SECRET_TYPE = "kubernetes:core/v1:Secret";

/** The annotation on a redacted Secret that says where its values are. */
export const REDACTED_ANNOTATION = "drover.io/redacted";

/** The stack output that holds the values of rendered Secrets. */
export const RENDERED_SECRETS_OUTPUT = "renderedSecrets";

/** `namespace/name` of a Secret, the key of its values in {@link RENDERED_SECRETS_OUTPUT}. */
export function secretKey(metadata: { namespace?: string; name?: string } | undefined, fallbackName: string): string {
    return `${metadata?.namespace ?? "default"}/${metadata?.name ?? fallbackName}`;
}

/** The note of a Secret a FleetCluster rendered: the exact place of its values. */
export function clusterSecretNote(cluster: string, key: string): string {
    return `value is secret; see stack output ${RENDERED_SECRETS_OUTPUT}[${JSON.stringify(cluster)}][${JSON.stringify(key)}] with --show-secrets`;
}

/** The note of any other Secret the stack-wide transform redacts. */
export function genericSecretNote(key: string): string {
    return `value is secret and not rendered; drover's own Secrets are in stack output ${RENDERED_SECRETS_OUTPUT} (--show-secrets), key ${JSON.stringify(key)}`;
}

type Metadata = { namespace?: string; name?: string; annotations?: Record<string, string>; [k: string]: unknown };

function annotate(m: Metadata | undefined, note: (m: Metadata | undefined) => string): Metadata {
    const annotations = m?.annotations ?? {};
    if (annotations[REDACTED_ANNOTATION] !== undefined) {
        return { ...m };
    }
    return { ...m, annotations: { ...annotations, [REDACTED_ANNOTATION]: note(m) } };
}

/** True when a metadata object holds no value that is unknown now (an Output or a Promise), at its top level. */
function isPlain(m: unknown): boolean {
    return m === undefined || (!isUnknownInput(m) && Object.values(m as object).every((v) => !isUnknownInput(v)));
}

/**
 * A Secret's properties without `data` and `stringData`, and with {@link REDACTED_ANNOTATION} (kept when already
 * there, so redacting twice changes nothing). Plain metadata gives plain metadata; metadata holding Outputs (as in
 * the SDK, before serialization) gives an Output.
 */
export function redactSecretProps(props: pulumi.Inputs, note: (m: Metadata | undefined) => string): pulumi.Inputs {
    const { data: _data, stringData: _stringData, ...rest } = props;
    const metadata = props.metadata as Metadata | undefined;
    return {
        ...rest,
        metadata: isPlain(metadata)
            ? annotate(metadata, note)
            : pulumi.output(metadata as pulumi.Input<Metadata>).apply((m) => annotate(m as Metadata, note)),
    };
}

/**
 * The stack-wide transform for render mode (`pulumi.runtime.registerResourceTransform`): redacts every Secret,
 * whoever creates it, multi-language components included. Runs in the engine, so it sees plain values.
 */
export const redactRenderedSecrets: pulumi.ResourceTransform = (args) => {
    if (args.type !== SECRET_TYPE) {
        return undefined;
    }
    return {
        props: redactSecretProps(args.props, (m) => genericSecretNote(secretKey(m, args.name))),
        opts: args.opts,
    };
};

/** A Secret's values as text: `data` decoded from base64, then `stringData` on top (as the API server merges them). */
export function secretValues(data: unknown, stringData: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries((data ?? {}) as Record<string, unknown>)) {
        out[k] = Buffer.from(String(v), "base64").toString("utf8");
    }
    for (const [k, v] of Object.entries((stringData ?? {}) as Record<string, unknown>)) {
        out[k] = String(v);
    }
    return out;
}

/** The values of one rendered Secret, keyed by `namespace/name`. */
export type CapturedSecret = pulumi.Output<[string, Record<string, string>]>;

/**
 * A `transformations` entry for a rendering FleetCluster: records the values of every Secret its children create
 * (as Outputs, before anything is serialized) into `sink`, then redacts the Secret with a note naming the exact
 * place of the values. Runs in the SDK, synchronously, while the children are constructed.
 */
export function captureAndRedactSecrets(cluster: string, sink: CapturedSecret[]): pulumi.ResourceTransformation {
    return (args) => {
        if (args.type !== SECRET_TYPE) {
            return undefined;
        }
        const { metadata, data, stringData } = args.props;
        // One flat combination of just the Outputs among the three (usually only `data`): see applyTree.
        sink.push(
            applyTree({ m: metadata, d: data, s: stringData }, ({ m, d, s }): [string, Record<string, string>] => [
                secretKey(m as Metadata, args.name),
                secretValues(d, s),
            ]),
        );
        const props = redactSecretProps(args.props, (m) => clusterSecretNote(cluster, secretKey(m, args.name)));
        return { props, opts: args.opts };
    };
}

/** The captured values as one secret map, `namespace/name` to key to text. */
export function collectCaptured(captured: CapturedSecret[]): pulumi.Output<Record<string, Record<string, string>>> {
    return pulumi.secret(pulumi.all(captured).apply((entries) => Object.fromEntries(entries)));
}
