import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { schemaErrors } from "../support/schemas";
import { filesUnder } from "./support/files";
import { CliProject, createCliProject, expectSuccess, REPO_ROOT } from "./support/cliProject";

/**
 * The Pulumi YAML example (examples/yaml/Pulumi.yaml, as shipped) on the real engine: the YAML language host runs
 * the program, the engine starts drover's component provider (provider/, PulumiPlugin.yaml) through the Node.js
 * host, and the kubernetes provider renders every object to a directory. Both hosts come from the offline
 * toolchain (see scripts/toolchain/README.md for which are stand-ins).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

let project: CliProject;
const cwd = ["--cwd", path.join("examples", "yaml")];

beforeAll(async () => {
    const example = fs.readFileSync(path.join(REPO_ROOT, "examples", "yaml", "Pulumi.yaml"), "utf8");
    project = createCliProject("yaml", { "examples/yaml/Pulumi.yaml": example });
    // The example names the package by its path in the repository (`../../provider`).
    fs.symlinkSync(path.join(REPO_ROOT, "provider"), path.join(project.dir, "provider"));
    expectSuccess("pulumi stack init", await project.pulumi(["stack", "init", "it", ...cwd]));
});

afterAll(async () => {
    if (project) {
        await project.pulumi(["destroy", "--yes", ...cwd]);
        project.dispose();
    }
});

function rendered(): Doc[] {
    const out = path.join(project.dir, "examples", "yaml", "out");
    return filesUnder(out)
        .filter((f) => f.endsWith(".yaml"))
        .flatMap((f) => YAML.parseAllDocuments(fs.readFileSync(f, "utf8")).map((d) => d.toJS()));
}

test("pulumi up renders drover:index:HarvesterVirtualMachine and friends from Pulumi YAML", async () => {
    const up = await project.pulumi(["up", "--yes", ...cwd]);
    expectSuccess("pulumi up", up);
    expect(up.stdout).toContain("drover:index:HarvesterVirtualMachine");
    expect(up.stdout).toMatch(/vmId\s*:\s*"default\/web-0"/);
    const docs = rendered();
    const vm = docs.find((d) => d.kind === "VirtualMachine");
    expect(vm?.metadata).toMatchObject({ name: "web-0", namespace: "default" });
    expect(vm?.spec.template.spec.domain.resources.limits.memory).toBe("4Gi");
    const kinds = docs.map((d) => d.kind).sort();
    expect(kinds).toEqual([
        "KeyPair",
        "NetworkAttachmentDefinition",
        "Secret",
        "VirtualMachine",
        "VirtualMachineImage",
    ]);
    for (const d of docs.filter((x) => x.kind !== "Secret")) {
        expect([d.kind, schemaErrors(d)]).toEqual([d.kind, []]);
    }
});

test("a second preview shows no changes", async () => {
    expectSuccess(
        "pulumi preview --expect-no-changes",
        await project.pulumi(["preview", "--expect-no-changes", ...cwd]),
    );
});

test("a bad value gets drover's own message in YAML too, and nothing is changed", async () => {
    const r = await project.pulumi(["preview", "-c", "memory=4GB", ...cwd]);
    expect(r.code).not.toBe(0);
    expect(`${r.stdout}\n${r.stderr}`).toContain('memory "4GB" is not a Kubernetes quantity; use e.g. "4Gi"');
});
