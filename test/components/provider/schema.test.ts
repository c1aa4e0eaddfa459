import * as fs from "fs";
import * as path from "path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { parse } from "yaml";
import { PROVIDER_COMPONENTS, PROVIDER_NAME } from "../../../provider/components";
import { classUnionProperties, PROVIDER_DIR, REPO } from "./support";

// The schema the provider host serves (what `pulumi package get-schema ./provider` prints and what SDKs in other
// languages are generated from), produced by the same ComponentProvider.getSchema the host's GetSchema calls.

jest.setTimeout(120_000);

interface Property {
    type?: string;
    $ref?: string;
    description?: string;
    items?: Property;
    additionalProperties?: Property;
}
interface Schema {
    name: string;
    version: string;
    dependencies: unknown[];
    resources: Record<
        string,
        {
            isComponent: boolean;
            inputProperties: Record<string, Property>;
            requiredInputs: string[];
            properties: Record<string, Property>;
        }
    >;
    types: Record<string, { properties: Record<string, Property>; required: string[] }>;
}

let schema: Schema;

beforeAll(async () => {
    const provider = new ComponentProvider({
        components: [...PROVIDER_COMPONENTS],
        name: PROVIDER_NAME,
        dirname: PROVIDER_DIR,
    });
    schema = JSON.parse(await provider.getSchema()) as Schema;
});

function packageVersion(dir: string): string {
    return (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
}

/** Every property of every resource input, output and type, with where it is. */
function allProperties(): Array<[string, Property]> {
    const out: Array<[string, Property]> = [];
    for (const [token, r] of Object.entries(schema.resources)) {
        for (const [k, p] of Object.entries(r.inputProperties)) out.push([`${token} input ${k}`, p]);
        for (const [k, p] of Object.entries(r.properties)) out.push([`${token} output ${k}`, p]);
    }
    for (const [token, t] of Object.entries(schema.types)) {
        for (const [k, p] of Object.entries(t.properties)) out.push([`${token}.${k}`, p]);
    }
    return out;
}

describe("the drover component package schema", () => {
    it("is package drover at the library's version, with no dependency on other packages' schemas", () => {
        expect(schema.name).toBe("drover");
        expect(schema.version).toBe(packageVersion(REPO));
        expect(packageVersion(PROVIDER_DIR)).toBe(packageVersion(REPO));
        expect(schema.dependencies).toEqual([]);
    });

    it("has one component per class, typed drover:index:<ClassName> like the TypeScript classes", () => {
        expect(Object.keys(schema.resources).sort()).toEqual(
            PROVIDER_COMPONENTS.map((c) => `drover:index:${c.name}`).sort(),
        );
        expect(Object.keys(schema.resources).sort()).toEqual([
            "drover:index:FluxBootstrap",
            "drover:index:HarvesterImage",
            "drover:index:HarvesterKeyPair",
            "drover:index:HarvesterNetwork",
            "drover:index:HarvesterVirtualMachine",
        ]);
        expect(Object.values(schema.resources).every((r) => r.isComponent)).toBe(true);
    });

    it("types every property (none falls back to Any) and documents it legibly", () => {
        const bad = allProperties()
            .filter(
                ([, p]) =>
                    p.$ref === "pulumi.json#/Any" ||
                    !p.description ||
                    p.description.includes("[object Object]") ||
                    p.description.includes("{@link"),
            )
            .map(([where]) => where);
        expect(bad).toEqual([]);
    });

    it("gives HarvesterVirtualMachine union-free arguments: references as strings, cloud-init as flat fields", () => {
        const vm = schema.resources["drover:index:HarvesterVirtualMachine"];
        expect(vm.requiredInputs).toEqual(["cpu", "disks", "memory", "namespace"]);
        expect(vm.inputProperties.disks.items).toEqual(
            expect.objectContaining({ $ref: "#/types/drover:index:HarvesterVmDisk" }),
        );
        expect(vm.inputProperties.networks.items).toEqual(
            expect.objectContaining({ $ref: "#/types/drover:index:HarvesterVmNetwork" }),
        );
        expect(vm.inputProperties.sshKeys.items).toEqual({ type: "string" });
        expect(vm.inputProperties.cpu.type).toBe("number");
        for (const k of ["userData", "networkData", "cloudInitType"]) {
            expect(vm.inputProperties[k].type).toBe("string");
        }
        expect(vm.inputProperties).not.toHaveProperty("cloudInit");
        expect(schema.types["drover:index:HarvesterVmDisk"].properties.image.type).toBe("string");
        expect(schema.types["drover:index:HarvesterVmDisk"].required).toEqual(["name", "size"]);
        expect(schema.types["drover:index:HarvesterVmNetwork"].properties.network.type).toBe("string");
    });

    it.each([
        ["HarvesterVirtualMachine", ["cloudInitSecretName", "namespace", "pvcNames", "vmId", "vmName"]],
        ["HarvesterImage", ["imageId", "imageName", "namespace", "storageClassName"]],
        ["HarvesterNetwork", ["namespace", "networkId", "networkName"]],
        ["HarvesterKeyPair", ["keyPairId", "keyPairName", "namespace", "publicKey"]],
    ])("exposes only the plain outputs of %s, no resource references", (component, outputs) => {
        const r = schema.resources[`drover:index:${component}`];
        expect(Object.keys(r.properties).sort()).toEqual(outputs);
        expect(Object.values(r.properties).filter((p) => p.$ref !== undefined)).toEqual([]);
    });

    it("declares no wrapper argument as a union with a resource class, unlike the TypeScript classes", () => {
        const wrappers = ["image", "network", "keyPair", "virtualMachineArgs"].map((f) =>
            path.join(PROVIDER_DIR, "harvester", `${f}.ts`),
        );
        const library = path.join(REPO, "components", "harvester", "virtualMachine.ts");
        // One run over both, so the check that finds the library's unions is the one that finds none in the wrappers.
        expect(classUnionProperties([...wrappers, library])).toEqual([
            "components/harvester/virtualMachine.ts: HarvesterVmDisk.image",
            "components/harvester/virtualMachine.ts: HarvesterVmNetwork.network",
            "components/harvester/virtualMachine.ts: HarvesterVirtualMachineArgs.sshKeys",
        ]);
    });

    it("accepts the YAML example: each drover resource sets only declared inputs, and every required one", () => {
        const program = parse(fs.readFileSync(path.join(REPO, "examples", "yaml", "Pulumi.yaml"), "utf8")) as {
            packages: Record<string, string>;
            resources: Record<string, { type: string; properties: Record<string, unknown> }>;
        };
        expect(path.resolve(REPO, "examples", "yaml", program.packages.drover)).toBe(PROVIDER_DIR);
        const used = Object.entries(program.resources).filter(([, r]) => r.type.startsWith("drover:"));
        expect(used.map(([, r]) => r.type).sort()).toEqual([
            "drover:index:HarvesterImage",
            "drover:index:HarvesterKeyPair",
            "drover:index:HarvesterNetwork",
            "drover:index:HarvesterVirtualMachine",
        ]);
        const problems: string[] = [];
        for (const [name, r] of used) {
            const resource = schema.resources[r.type];
            problems.push(...keyProblems(name, r.properties, resource.inputProperties, resource.requiredInputs));
            for (const [key, value] of Object.entries(r.properties)) {
                const ref = resource.inputProperties[key]?.items?.$ref?.replace("#/types/", "");
                if (ref && Array.isArray(value)) {
                    const type = schema.types[ref];
                    value.forEach((item: Record<string, unknown>, i) =>
                        problems.push(...keyProblems(`${name}.${key}[${i}]`, item, type.properties, type.required)),
                    );
                }
            }
        }
        expect(problems).toEqual([]);
    });
});

function keyProblems(
    where: string,
    given: Record<string, unknown>,
    declared: Record<string, unknown>,
    required: string[],
): string[] {
    return [
        ...Object.keys(given)
            .filter((k) => !(k in declared))
            .map((k) => `${where}: ${k} is not an input`),
        ...required.filter((k) => !(k in given)).map((k) => `${where}: ${k} is required`),
    ];
}
