import * as path from "path";
import { analyze, analyzerDir, removeAnalyzerDirs, REPO } from "./support";

// Why the provider wraps the TypeScript Harvester classes instead of exposing them: the SDK's schema analyzer (what
// `pulumi package get-schema` runs) rejects each of them, and the reason is an output, not an argument. These tests
// run the analyzer of @pulumi/pulumi on the library's real sources; if one starts passing, its wrapper may go.

jest.setTimeout(120_000);

afterAll(removeAnalyzerDirs);

describe("the analyzer on the library's Harvester classes", () => {
    let dir: string;
    beforeAll(() => {
        dir = analyzerDir();
    });

    it.each([
        ["HarvesterImage", "image"],
        ["HarvesterNetwork", "networkAttachmentDefinition"],
        ["HarvesterKeyPair", "keyPair"],
        ["HarvesterVirtualMachine", "virtualMachine"],
    ])("rejects %s for its k8s.apiextensions.CustomResource output `%s`", (component, output) => {
        const file = path.join(REPO, "node_modules/@pulumi/kubernetes/apiextensions/customResource.js");
        expect(() => analyze(dir, [component])).toThrow(
            `Could not determine __pulumiType for resource class 'CustomResource' in '${file}' ` +
                `for component '${component}' output '${output}'`,
        );
    });
});

describe("the analyzer on a union argument", () => {
    // A stand-in class that takes the library's HarvesterVirtualMachineArgs but has no outputs, so that only the
    // arguments are analyzed.
    const standIn = [
        `import * as pulumi from "@pulumi/pulumi";`,
        `import type { HarvesterVirtualMachineArgs } from ${JSON.stringify(path.join(REPO, "index"))};`,
        `export class HarvesterVirtualMachine extends pulumi.ComponentResource {`,
        `    constructor(name: string, args: HarvesterVirtualMachineArgs, opts?: pulumi.ComponentResourceOptions) {`,
        `        super("drover:index:HarvesterVirtualMachine", name, {}, opts);`,
        `        void args;`,
        `    }`,
        `}`,
    ].join("\n");

    let result: ReturnType<typeof analyze>;
    beforeAll(() => {
        result = analyze(analyzerDir(standIn), ["HarvesterVirtualMachine"]);
    });

    // `image?: HarvesterImage | pulumi.Input<string>` is not rejected: the analyzer takes any union holding an Output,
    // a Promise and anything else for a pulumi.Input, and keeps the Promise's type. The schema then says `string`
    // and nothing tells a reader that a resource was meant; the multi-language arguments say it explicitly.
    it("silently reads `HarvesterImage | pulumi.Input<string>` as a string input", () => {
        expect(result.typeDefinitions.HarvesterVmDisk.properties?.image).toEqual(
            expect.objectContaining({ type: "string", optional: true }),
        );
        expect(result.typeDefinitions.HarvesterVmNetwork.properties?.network).toEqual(
            expect.objectContaining({ type: "string", optional: true }),
        );
        expect(result.components.HarvesterVirtualMachine.inputs.sshKeys).toEqual(
            expect.objectContaining({ type: "array", items: { type: "string" } }),
        );
    });

    it("garbles a doc comment that contains {@link} into [object Object]", () => {
        expect(result.components.HarvesterVirtualMachine.inputs.sshKeys.description).toContain("[object Object]");
    });
});
