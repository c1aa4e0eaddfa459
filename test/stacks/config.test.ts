import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { findProjectRoot, isConfigSecret, readStackConfig } from "../../stacks/config";

describe("findProjectRoot", () => {
    let root: string;
    beforeAll(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "drover-root-"));
        fs.writeFileSync(path.join(root, "Pulumi.yaml"), "name: drover\n");
        fs.mkdirSync(path.join(root, "dist", "stacks"), { recursive: true });
    });
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

    test("takes the runtime's root directory when it is a project", () => {
        expect(findProjectRoot("/", root)).toBe(root);
    });

    test("finds Pulumi.yaml above dist/stacks/, where the program runs, when the host passes no root", () => {
        expect(findProjectRoot(path.join(root, "dist", "stacks"), "rootDirectory")).toBe(root);
        expect(findProjectRoot(path.join(root, "dist", "stacks"))).toBe(root);
    });

    test("falls back to the working directory outside any project", () => {
        const outside = fs.mkdtempSync(path.join(os.tmpdir(), "drover-none-"));
        expect(findProjectRoot(outside, "rootDirectory")).toBe(outside);
        fs.rmSync(outside, { recursive: true, force: true });
    });
});

test("reads the whole configuration and which keys the runtime says are secret", () => {
    pulumi.runtime.setAllConfig({ "drover:environment": "dev", "drover:registryPassword": "p" }, [
        "drover:registryPassword",
    ]);
    expect(isConfigSecret("drover:registryPassword")).toBe(true);
    expect(isConfigSecret("drover:environment")).toBe(false);
    expect(readStackConfig()).toEqual({
        config: { "drover:environment": "dev", "drover:registryPassword": "p" },
        secretKeys: ["drover:registryPassword"],
    });
});
