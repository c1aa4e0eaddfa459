import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import * as server from "@pulumi/pulumi/provider/server";
import { PROVIDER_DIR } from "./support";

/** The host's own input decoding (internal to @pulumi/pulumi 3.248, not in its typings). */
const { deserializeInputs } = server as unknown as {
    deserializeInputs(struct: { toJavaScript(): unknown }, deps: Map<string, unknown>): Promise<pulumi.Inputs>;
};

/** One resource as it was constructed, with the type and name of its parent. */
export interface Built {
    type: string;
    name: string;
    parent?: string;
}

/**
 * Constructs drover components the way the provider host does for a program in another language: the inputs arrive
 * in wire form, are decoded by the host's `deserializeInputs`, and `ComponentProvider.construct` builds the class
 * the type token names. Records every resource built beneath, with its parent.
 */
export class Host {
    readonly built: Built[] = [];
    private readonly names = new Map<pulumi.Resource, string>();
    private readonly provider: ComponentProvider;

    constructor(components: Array<new (...args: never[]) => pulumi.ComponentResource>) {
        this.provider = new ComponentProvider({
            components: components as unknown as ConstructorParameters<typeof ComponentProvider>[0]["components"],
            name: "drover",
            dirname: PROVIDER_DIR,
        });
    }

    /** Runs the analyzer once, as the host does on its first GetSchema or Construct. */
    async schema(): Promise<void> {
        await this.provider.getSchema();
    }

    /** Constructs `drover:index:<component>`. */
    construct(
        component: string,
        name: string,
        wire: Record<string, unknown>,
        opts: pulumi.ComponentResourceOptions = {},
    ): Promise<{ urn: pulumi.Input<string>; state: pulumi.Inputs }> {
        return this.constructToken(`drover:index:${component}`, name, wire, opts);
    }

    /** Constructs the resource a full type token names, as the engine asks for it. */
    async constructToken(
        token: string,
        name: string,
        wire: Record<string, unknown>,
        opts: pulumi.ComponentResourceOptions = {},
    ): Promise<{ urn: pulumi.Input<string>; state: pulumi.Inputs }> {
        const inputs = await deserializeInputs({ toJavaScript: () => wire }, new Map());
        const record: pulumi.ResourceTransformation = (a) => {
            const label = `${a.type} ${a.name}`;
            this.names.set(a.resource, label);
            this.built.push({ type: a.type, name: a.name, parent: a.opts.parent && this.names.get(a.opts.parent) });
            return undefined;
        };
        return this.provider.construct(name, token, inputs, {
            ...opts,
            transformations: [record],
        });
    }
}

/** Resolves every Output in a construct result's state. */
export async function resolveState(state: pulumi.Inputs): Promise<Record<string, unknown>> {
    const entries = await Promise.all(
        Object.entries(state).map(async ([k, v]) => [k, await new Promise((r) => pulumi.output(v).apply(r))] as const),
    );
    return Object.fromEntries(entries);
}
