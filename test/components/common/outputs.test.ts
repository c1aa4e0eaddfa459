import * as pulumi from "@pulumi/pulumi";
import * as fc from "fast-check";
import { applyTree, mapInput, mapInputs, outputOf, resolveTree } from "../../../components/common/outputs";
import { recordResources, valueOf } from "../../support/mocks";

/** The SDK-internal parts of an Output that decide how it registers: known-ness and the resources it depends on. */
interface OutputInternals {
    isKnown: Promise<boolean>;
    allResources(): Promise<Set<pulumi.Resource>>;
}

async function describeOutput(o: pulumi.Output<unknown>) {
    const internals = o as unknown as OutputInternals;
    const resources = [...(await internals.allResources())].map((r) => (r as unknown as { __name: string }).__name);
    return {
        known: await internals.isKnown,
        secret: await pulumi.isSecret(o),
        resources: resources.sort(),
        value: (await internals.isKnown) ? await valueOf(o) : undefined,
    };
}

beforeAll(async () => {
    await recordResources();
});

describe("applyTree", () => {
    it("gives what pulumi.all(tree).apply gives: value, secretness and the resources it depends on", async () => {
        const a = new pulumi.ComponentResource("test:index:A", "a", {});
        const b = new pulumi.ComponentResource("test:index:B", "b", {});
        const withDeps: Record<string, unknown> = {
            name: "vm",
            nested: { label: a.urn, list: [1, pulumi.secret("s"), undefined] },
            promised: Promise.resolve({ deep: [true] }),
            resource: b,
            plain: undefined,
            other: b.urn,
        };
        const f = (v: unknown) => JSON.stringify(v, (_k, x) => (pulumi.Resource.isInstance(x) ? "<resource>" : x));
        const expected = await describeOutput(pulumi.output(withDeps).apply(f));
        const actual = await describeOutput(applyTree(withDeps, f));
        expect(actual).toEqual(expected);
        expect(actual).toEqual({
            known: true,
            secret: true,
            resources: ["a", "b"],
            value: '{"name":"vm","nested":{"label":"urn:pulumi:test::drover::test:index:A::a","list":[1,"s",null]},"promised":{"deep":[true]},"resource":"<resource>","other":"urn:pulumi:test::drover::test:index:B::b"}',
        });
    });

    it("is unknown, and does not call f, when an Output in the tree is unknown", async () => {
        const unknown = pulumi.output(pulumi.unknown) as unknown as pulumi.Output<string>;
        const f = jest.fn((v: { x: string; y: string }) => `${v.x}-${v.y}`);
        const o = applyTree({ x: unknown, y: pulumi.output("y") }, f);
        const reference = pulumi.all({ x: unknown, y: pulumi.output("y") }).apply((v) => `${v.x}-${v.y}`);
        expect(await describeOutput(o)).toEqual(await describeOutput(reference));
        expect((await describeOutput(o)).known).toBe(false);
        expect(f).not.toHaveBeenCalled();
    });

    it("applies a single Output directly, keeping its secretness", async () => {
        const o = applyTree({ data: pulumi.secret("t0ken"), kind: "Secret" }, (v) => `${v.kind}:${v.data}`);
        expect(await describeOutput(o)).toEqual({ known: true, secret: true, resources: [], value: "Secret:t0ken" });
    });

    it("computes a tree without Outputs at once, as a known, non-secret Output", async () => {
        const f = jest.fn((v: { ns: string; name: string }) => `${v.ns}/${v.name}`);
        const o = applyTree({ ns: "default", name: "web-0" }, f);
        expect(f).toHaveBeenCalledTimes(1);
        expect(await describeOutput(o)).toEqual({ known: true, secret: false, resources: [], value: "default/web-0" });
    });

    it("matches pulumi.all on random trees of plain values, Outputs and secrets", async () => {
        const leaf = fc.oneof(
            fc.string({ maxLength: 4 }).map((s) => ({ kind: "plain" as const, s })),
            fc.string({ maxLength: 4 }).map((s) => ({ kind: "output" as const, s })),
            fc.string({ maxLength: 4 }).map((s) => ({ kind: "secret" as const, s })),
        );
        const shape = fc.letrec((tie) => ({
            node: fc.oneof(
                { depthSize: "small", withCrossShrink: true },
                leaf,
                fc.array(tie("node"), { maxLength: 3 }),
                fc.dictionary(fc.constantFrom("a", "b", "c"), tie("node"), { maxKeys: 3 }),
            ),
        })).node;
        const build = (n: unknown): unknown => {
            if (Array.isArray(n)) {
                return n.map(build);
            }
            const l = n as { kind?: string; s?: string };
            if (l.kind === "plain") {
                return l.s;
            }
            if (l.kind === "output") {
                return pulumi.output(l.s);
            }
            if (l.kind === "secret") {
                return pulumi.secret(l.s);
            }
            return Object.fromEntries(Object.entries(n as object).map(([k, v]) => [k, build(v)]));
        };
        await fc.assert(
            fc.asyncProperty(shape, async (s) => {
                const f = (v: unknown) => JSON.stringify(v);
                const expected = await describeOutput(pulumi.all([build(s)]).apply(([v]) => f(v)));
                const actual = await describeOutput(applyTree([build(s)], ([v]) => f(v)));
                expect(actual).toEqual(expected);
            }),
            { numRuns: 60 },
        );
    });
});

describe("resolveTree", () => {
    it("resolves every Output in the tree in place", async () => {
        const o = resolveTree({ a: pulumi.output(1), b: [pulumi.output("x"), 2], c: { d: Promise.resolve(true) } });
        expect(await valueOf(o)).toEqual({ a: 1, b: ["x", 2], c: { d: true } });
    });
});

describe("mapInputs and mapInput", () => {
    it("keep plain values plain, computed at once", () => {
        expect(mapInputs({ ns: "default", name: "img" }, (v) => `${v.ns}/${v.name}`)).toBe("default/img");
        expect(mapInput({ metadata: { name: "x" } }, (m) => m.metadata.name)).toBe("x");
    });

    it("go through Outputs when any value is one, keeping secretness", async () => {
        const r = mapInputs({ ns: "default", key: pulumi.secret("ssh-ed25519 AAAA") }, (v) => `${v.ns}:${v.key}`);
        expect(pulumi.Output.isInstance(r)).toBe(true);
        expect(await describeOutput(r as pulumi.Output<string>)).toEqual({
            known: true,
            secret: true,
            resources: [],
            value: "default:ssh-ed25519 AAAA",
        });
    });
});

describe("outputOf", () => {
    it("returns an Output as it is and wraps anything else", async () => {
        const o = pulumi.output("x");
        expect(outputOf(o)).toBe(o);
        expect(await valueOf(outputOf("y"))).toBe("y");
    });
});
