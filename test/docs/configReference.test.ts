import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { z } from "zod";
import { CLUSTER_KEYS, topLevelSchema } from "../../components/fleet/configSchema";
import { CONFIG_SECRET_NAMES } from "../../components/fleet/configSecrets";
import { buildReference, Reference, REFERENCE_FILE, REPO, staleMessage } from "../../scripts/config-reference";
import { cell, renderReference } from "../../scripts/config-reference/markdown";
import { checksText, defaultText, typeText } from "../../scripts/config-reference/rows";
import { formatFieldPath, schemaFields } from "../../scripts/config-reference/schemaFields";

// The generator compiles the argument interfaces with the TypeScript compiler and runs in its own process (prettier,
// which formats the file, cannot be loaded inside jest); allow for a slow, shared machine.
jest.setTimeout(180_000);

/** Runs scripts/gen-config-reference.ts as `npm` scripts and CI would. */
function generator(...args: string[]) {
    return spawnSync(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", "scripts/gen-config-reference.ts", ...args],
        { cwd: REPO, encoding: "utf8" },
    );
}

let reference: Reference;
let rendered: string;

beforeAll(() => {
    reference = buildReference(REPO);
    rendered = renderReference(reference);
});

/** The table row of a key in the reference, or undefined. */
function rowOf(key: string): string | undefined {
    return rendered.split("\n").find((l) => l.startsWith(`| \`${key}\` |`));
}

describe("docs/configuration.md", () => {
    test("is the generated reference: --check passes on the committed file", () => {
        const run = generator("--check");
        expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
        expect(run.stdout.trim()).toBe(`${REFERENCE_FILE} is up to date`);
    });

    test("--check fails with a clear message when the file no longer matches the schema", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drover-config-ref-"));
        try {
            const stale = path.join(dir, "configuration.md");
            const committed = fs.readFileSync(path.join(REPO, REFERENCE_FILE), "utf8");
            // As if the schema had gained the odd-count rule after the file was generated.
            fs.writeFileSync(stale, committed.replace(/must be odd \(1, 3, 5, 7 or 9\)[^|]*/, ""));
            const run = generator("--check", "--file", stale);
            expect(run.status).toBe(1);
            expect(run.stderr).toBe(`${staleMessage("a", "b", path.relative(REPO, stale))}\n`);
            expect(run.stderr).toContain("node -r ts-node/register/transpile-only scripts/gen-config-reference.ts");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    test("lists the environment keys, the cluster keys and a deeply nested RKE2 key with its rule", () => {
        expect(rowOf("environment")).toMatch(/^\| `environment` \| string \| yes \| — \| The environment, a DNS label/);
        expect(rowOf("clusters[].name")).toMatch(/\| string \| yes \|/);
        const count = rowOf("clusters[].rke2.controlPlane.count");
        expect(count).toMatch(/\| number \| yes \| — \| Number of nodes\. \|/);
        expect(count).toContain("must be odd (1, 3, 5, 7 or 9) so etcd keeps quorum when a server is down; use 3");
        expect(rowOf("clusters[].rke2.workerPools[].maxUnavailable")).toContain("| `1` |");
        expect(rowOf("clusters[].flux.branch")).toContain('| `"main"` |');
        expect(rowOf("clusters[].rke2.profile")).toContain('one of `"cis"`, `"etcd"`');
    });

    test("lists every top-level key, every cluster key and every secret", () => {
        const keys = [
            ...Object.keys(topLevelSchema.shape),
            ...CLUSTER_KEYS.map((k) => `clusters[].${k}`),
            ...CONFIG_SECRET_NAMES,
        ];
        expect(keys.filter((k) => rowOf(k) === undefined)).toEqual([]);
        for (const k of CONFIG_SECRET_NAMES) {
            expect(rowOf(k)).toContain(`\`pulumi config set --secret drover:${k} <value>\``);
        }
    });

    test("keeps secrets and fields the FleetCluster sets out of the keys, and says why", () => {
        for (const k of ["clusters[].rke2.token", "clusters[].flux.httpsToken", "clusters[].rke2.namespace"]) {
            expect({ k, row: rowOf(k) }).toEqual({ k, row: undefined });
        }
        expect(rendered).toContain(
            "- `clusters[].rke2.registryAuths[].password` is a secret and must not be in the stack configuration; remove it and store it encrypted: `pulumi config set --secret drover:registryPassword <value>`",
        );
        expect(rendered).toContain("- `clusters[].rke2.network` is set by the FleetCluster from network or networkRef");
    });

    test("has a description for every key", () => {
        expect(reference.undocumented).toEqual([]);
    });

    test("says how to regenerate it when it is stale or missing", () => {
        expect(staleMessage("old text", "new text")).toBe(
            "docs/configuration.md is stale: the configuration schema or its documentation changed since it was generated. Regenerate it with\n  node -r ts-node/register/transpile-only scripts/gen-config-reference.ts\nand commit it.",
        );
        expect(staleMessage(undefined, "new text")).toMatch(/^docs\/configuration\.md is missing: /);
        expect(staleMessage("same", "same")).toBeUndefined();
    });
});

describe("schema fields", () => {
    // As drover's RKE2 schemas do (components/rke2/required.ts): fields optional in the shape, required by a
    // refinement, so that one missing field does not switch off every other rule.
    const schema = z
        .strictObject({
            name: z
                .string()
                .refine((s) => s.length < 5, { message: 'is too long; use e.g. "a"' })
                .optional(),
            mode: z.enum(["fast", "slow"]).optional(),
            pools: z
                .array(z.strictObject({ id: z.string().optional(), tags: z.array(z.string().min(1)).optional() }))
                .optional(),
        })
        .superRefine((a, ctx) => {
            if (a.name === undefined) {
                ctx.addIssue({ code: "custom", path: ["name"], input: undefined, message: "is required" });
            }
            (a.pools ?? []).forEach((p, i) => {
                if (p.id === undefined) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["pools", i, "id"],
                        input: undefined,
                        message: "is required",
                    });
                }
            });
        });

    test("walks maps and lists of maps; fields a refinement requires are required", () => {
        const fields = schemaFields(schema).map((f) => [formatFieldPath(f.path), typeText(f.node), f.required]);
        expect(fields).toEqual([
            ["name", "string", true],
            ["mode", "string", false],
            ["pools", "list of maps", false],
            ["pools[].id", "string", true],
            ["pools[].tags", "list of strings", false],
        ]);
    });

    test("fields the shape requires are required", () => {
        const shaped = z.strictObject({ url: z.string(), retry: z.number().optional() });
        expect(schemaFields(shaped).map((f) => [formatFieldPath(f.path), f.required])).toEqual([
            ["url", true],
            ["retry", false],
        ]);
    });

    test("gives the allowed values and the schema's own messages", () => {
        const byPath = new Map(schemaFields(schema).map((f) => [formatFieldPath(f.path), checksText(f.node)]));
        expect(byPath.get("name")).toEqual(['is too long; use e.g. "a"']);
        expect(byPath.get("mode")).toEqual(['one of `"fast"`, `"slow"`']);
        expect(byPath.get("pools[].tags")).toEqual(["each item: not empty"]);
        expect(byPath.get("pools[].id")).toEqual([]);
    });
});

describe("Markdown cells", () => {
    test.each([
        ["a | b", "a \\| b"],
        ["`a|b`", "`a\\|b`"],
        ["clusters/<env>/<cluster>", "clusters/&lt;env>/&lt;cluster>"],
        ['use e.g. "0 */6 * * *"', 'use e.g. "0 \\*/6 \\* \\* \\*"'],
        ["`<kept>` in code", "`<kept>` in code"],
        [
            "store it: pulumi config set --secret drover:x <value>",
            "store it: `pulumi config set --secret drover:x <value>`",
        ],
    ])("%s", (text, md) => {
        expect(cell(text)).toBe(md);
    });

    test.each([
        ['"main"', '`"main"`'],
        ["900", "`900`"],
        ["- the image's storage class", "the image's storage class"],
        ["the cluster's `namespace`", "the cluster's `namespace`"],
        [undefined, undefined],
    ])("default %s", (tag, md) => {
        expect(defaultText(tag)).toBe(md);
    });
});
