import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policies/policies";

const PACK_DIR = path.resolve(__dirname, "../../policies");
const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
const AREAS = ["harvester", "rke2", "rancher", "flux", "kubernetes", "drover"];

function readJson(file: string): Record<string, unknown> {
    return JSON.parse(fs.readFileSync(path.join(PACK_DIR, file), "utf8")) as Record<string, unknown>;
}

/** Policies whose schema has the `environment` key: the hardening checks that run only in staging and prod. */
const environmentPolicies = policies.filter((p) => p.configSchema?.properties.environment !== undefined);

describe("policy metadata", () => {
    it("has at least 25 policies with unique kebab-case names", () => {
        const names = policies.map((p) => p.name);
        expect(names.length).toBeGreaterThanOrEqual(25);
        expect(new Set(names).size).toBe(names.length);
        for (const name of names) {
            expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
        }
    });

    it.each(policies.map((p) => [p.name, p] as const))("%s carries its metadata", (_name, p) => {
        expect(p.description.length).toBeGreaterThan(30);
        expect(p.displayName.length).toBeGreaterThan(5);
        expect(["low", "medium", "high", "critical"]).toContain(p.severity);
        expect(AREAS).toContain(p.tags[0]);
        expect(p.tags.length).toBeGreaterThanOrEqual(2);
        expect(p.url).toMatch(/^https:\/\/\S+$/);
        expect(p.remediationSteps.length).toBeGreaterThan(20);
        // Enforcement comes from the config files and the pack default, never from the policy itself.
        expect(p.enforcementLevel).toBeUndefined();
        expect(p.configSchema?.properties.enforcementLevel).toBeUndefined();
    });

    it("names the environment-dependent policies the issue asks for", () => {
        expect(environmentPolicies.map((p) => p.name).sort()).toEqual(
            [
                "flux-hardening",
                "harvester-image-storage-replicas",
                "harvester-vm-no-management-network",
                "harvester-vm-secure-boot",
                "rancher-no-insecure-registration",
                "rke2-cis-profile",
                "rke2-etcd-snapshot-offsite",
            ].sort(),
        );
    });
});

describe("policies/config/<env>.json", () => {
    const ajv = new Ajv({ strict: true, allErrors: true });

    it.each(ENVIRONMENTS)("%s.json configures every policy and only known keys", (env) => {
        const config = readJson(`config/${env}.json`);
        expect(Object.keys(config).sort()).toEqual(["all", ...policies.map((p) => p.name)].sort());
        for (const p of policies) {
            const schema = {
                type: "object",
                properties: {
                    ...(p.configSchema?.properties ?? {}),
                    enforcementLevel: { enum: ["advisory", "mandatory", "remediate", "disabled"] },
                },
                required: ["enforcementLevel"],
                additionalProperties: false,
            };
            const validate = ajv.compile(schema);
            const ok = validate(config[p.name]);
            expect({ policy: p.name, errors: ok ? null : validate.errors }).toEqual({ policy: p.name, errors: null });
        }
    });

    it.each(ENVIRONMENTS)("%s.json sets environment to %s on every environment-dependent policy", (env) => {
        const config = readJson(`config/${env}.json`) as Record<string, { environment?: string }>;
        for (const p of environmentPolicies) {
            expect([p.name, config[p.name].environment]).toEqual([p.name, env]);
        }
    });

    it("is advisory in dev and mandatory in prod", () => {
        for (const [env, level] of [
            ["dev", "advisory"],
            ["prod", "mandatory"],
        ] as const) {
            const config = readJson(`config/${env}.json`) as Record<string, { enforcementLevel: string }>;
            for (const [name, entry] of Object.entries(config)) {
                expect([env, name, entry.enforcementLevel]).toEqual([env, name, level]);
            }
        }
    });

    it("blocks in staging except the production-hardening checks, which warn one stage ahead", () => {
        const config = readJson("config/staging.json") as Record<string, { enforcementLevel: string }>;
        const hardening = new Set(environmentPolicies.map((p) => p.name));
        for (const p of policies) {
            expect([p.name, config[p.name].enforcementLevel]).toEqual([
                p.name,
                hardening.has(p.name) ? "advisory" : "mandatory",
            ]);
        }
    });

    it("approves the same registries for RKE2 system images and workloads", () => {
        for (const env of ENVIRONMENTS) {
            const config = readJson(`config/${env}.json`) as Record<string, { approvedRegistries?: string[] }>;
            expect(config["rke2-approved-system-registry"].approvedRegistries).toEqual(
                config["k8s-approved-registries"].approvedRegistries,
            );
        }
    });
});

describe("the pack directory", () => {
    it("has a package.json with a version and pinned dependencies", () => {
        const pkg = readJson("package.json") as {
            version: string;
            private: boolean;
            dependencies: Record<string, string>;
        };
        expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
        expect(pkg.private).toBe(true);
        expect(pkg.dependencies).toEqual({ "@pulumi/policy": "1.21.0", "@pulumi/pulumi": "3.248.0" });
    });

    it("declares a Node.js policy pack", () => {
        const yaml = fs.readFileSync(path.join(PACK_DIR, "PulumiPolicy.yaml"), "utf8");
        expect(yaml).toMatch(/^runtime: nodejs$/m);
    });

    it("builds the pack from the tested policy list and nothing else", () => {
        const index = fs.readFileSync(path.join(PACK_DIR, "index.ts"), "utf8");
        const imports = [...index.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
        expect(imports).toEqual(["@pulumi/policy", "./policies"]);
        expect(index).toMatch(/new PolicyPack\("drover", \{[\s\S]*\bpolicies,\n/);
    });

    it("documents every policy in POLICIES.md, and no other", () => {
        const doc = fs.readFileSync(path.join(PACK_DIR, "POLICIES.md"), "utf8");
        const rows = [...doc.matchAll(/^\| `([a-z0-9-]+)` +\| (\w+) +\|/gm)].map((m) => [m[1], m[2]]);
        expect(rows).toEqual(policies.map((p) => [p.name, p.severity]));
    });
});
