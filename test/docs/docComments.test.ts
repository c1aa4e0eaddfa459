import * as path from "path";
import * as ts from "typescript";
import { argInterfaces, ArgType, docProblems, programFor } from "./argDocs";

// House style: every argument of a public component is documented, and every optional one says what happens when it
// is left out (`@default`). The TypeScript compiler API walks the `*Args` interfaces exported from index.ts and the
// interfaces their properties use.

jest.setTimeout(120_000);

const REPO = path.resolve(__dirname, "../..");

let program: ts.Program;
let interfaces: ArgType[];

beforeAll(() => {
    const { program: p, entry } = programFor(REPO);
    program = p;
    interfaces = argInterfaces(program, entry, REPO);
});

const names = () => interfaces.map((t) => t.name);

describe("public argument documentation", () => {
    it("walks the exported *Args interfaces and the argument interfaces nested in them", () => {
        expect(names()).toEqual(
            expect.arrayContaining([
                "HarvesterVirtualMachineArgs",
                "HarvesterImageArgs",
                "HarvesterVmDisk",
                "HarvesterVmNetwork",
                "HarvesterVmCloudInit",
            ]),
        );
        // Only this repository's interfaces, never Pulumi's own (e.g. OutputInstance inside pulumi.Input).
        expect(names()).not.toContain("OutputInstance");
        expect(names()).not.toContain("Promise");
    });

    it("documents every argument, and gives every optional one a @default", () => {
        const problems = docProblems(program, interfaces, REPO).map((p) => `${p.file}: ${p.where}: ${p.problem}`);
        expect(problems).toEqual([]);
    });
});

describe("the documentation check itself", () => {
    // A fixture with one property of each kind, so the check is seen to fail where it should.
    const fixture = [
        "import * as pulumi from '@pulumi/pulumi';",
        "export interface Nested {",
        "    /** Documented, required. */",
        "    a: pulumi.Input<string>;",
        "    b?: number;",
        "}",
        "export interface FixtureArgs {",
        "    /** Documented, optional, with a default. @default 3 */",
        "    replicas?: pulumi.Input<number>;",
        "    /** Documented, optional, no default. */",
        "    label?: string;",
        "    undocumented: string;",
        "    /** Nested through pulumi.Input and an array. */",
        "    nested: pulumi.Input<Nested>[];",
        "}",
    ].join("\n");

    it("reports a missing comment and a missing @default, also in nested interfaces", () => {
        const file = path.join(REPO, "test", "docs", "__fixture__.ts");
        const host = ts.createCompilerHost({ strict: true });
        const read = host.readFile.bind(host);
        host.readFile = (f) => (f === file ? fixture : read(f));
        host.fileExists = (
            (exists) => (f: string) =>
                f === file || exists(f)
        )(host.fileExists.bind(host));
        const fixtureProgram = ts.createProgram([file], { strict: true, types: [] }, host);
        const entry = fixtureProgram.getSourceFile(file)!;
        const found = argInterfaces(fixtureProgram, entry, REPO);
        expect(found.map((t) => t.name)).toEqual(["FixtureArgs", "Nested"]);
        expect(docProblems(fixtureProgram, found, REPO).map((p) => `${p.where}: ${p.problem}`)).toEqual([
            "FixtureArgs.label: optional but no @default",
            "FixtureArgs.undocumented: no doc comment",
            "Nested.b: no doc comment",
        ]);
    });
});
