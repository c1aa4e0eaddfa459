import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { Analyzer, type AnalyzeResult } from "@pulumi/pulumi/provider/experimental/analyzer";
import { specialOutputValueSig, specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

/** The repository root and the provider directory (the one PulumiPlugin.yaml lives in). */
export const REPO = path.resolve(__dirname, "../../..");
export const PROVIDER_DIR = path.join(REPO, "provider");

const CACHE = path.join(REPO, "node_modules", ".cache", "drover-analyzer");
const made: string[] = [];

/**
 * A directory the SDK's schema analyzer can read: a tsconfig.json with one root file and a package.json, the two
 * files the provider host reads from its own directory. Without `source` the root is the library's index.ts;
 * with it, an index.ts holding `source`. The directory is under node_modules/.cache so that imports of
 * `@pulumi/pulumi` resolve; remove it with {@link removeAnalyzerDirs}.
 */
export function analyzerDir(source?: string): string {
    fs.mkdirSync(CACHE, { recursive: true });
    const dir = fs.mkdtempSync(path.join(CACHE, "run-"));
    made.push(dir);
    const root = source === undefined ? path.join(REPO, "index.ts") : path.join(dir, "index.ts");
    if (source !== undefined) {
        fs.writeFileSync(root, source);
    }
    const tsconfig = {
        extends: path.join(REPO, "tsconfig.json"),
        compilerOptions: { types: ["node"] },
        files: [root],
        include: [],
    };
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: "drover", main: root.replace(/ts$/, "js") }),
    );
    return dir;
}

/** Removes the directories {@link analyzerDir} made in this test file. */
export function removeAnalyzerDirs(): void {
    for (const dir of made.splice(0)) {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** Runs the SDK's analyzer (the code behind `pulumi package get-schema`) for the given component classes. */
export function analyze(dir: string, components: string[]): AnalyzeResult {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Record<string, unknown>;
    return new Analyzer(dir, "drover", pkg, new Set(components)).analyze();
}

// Property values on the wire (the SDK's rpc module), as the engine sends a component's inputs to Construct.

/** A secret as an output value, which the engine sends when the provider accepts outputs (Node.js hosts do). */
export function secretOutputValue(value: unknown): Record<string, unknown> {
    return { [specialSigKey]: specialOutputValueSig, value, secret: true, dependencies: [] };
}

/** A secret in the older form, which the host pushes up to make the whole top-level input one secret Output. */
export function secretSig(value: unknown): Record<string, unknown> {
    return { [specialSigKey]: specialSecretSig, value };
}

/**
 * Properties of the interfaces declared in `files` whose type is a union holding a class (e.g.
 * `HarvesterImage | pulumi.Input<string>`), as `<file relative to the repository>: Interface.property`. The schema analyzer cannot express such a
 * union and silently keeps only the `pulumi.Input` part.
 */
export function classUnionProperties(files: string[]): string[] {
    const program = ts.createProgram(files, { strict: true, types: ["node"], skipLibCheck: true });
    const checker = program.getTypeChecker();
    const found: string[] = [];
    for (const file of files) {
        const source = program.getSourceFile(file);
        source?.forEachChild((node) => {
            if (!ts.isInterfaceDeclaration(node)) {
                return;
            }
            for (const member of node.members) {
                if (!ts.isPropertySignature(member) || member.type === undefined) {
                    continue;
                }
                const type = checker.getTypeFromTypeNode(member.type);
                if (hasClassInUnion(checker, type)) {
                    found.push(`${path.relative(REPO, file)}: ${node.name.text}.${member.name.getText(source)}`);
                }
            }
        });
    }
    return found;
}

/** True for a union with a class member, also inside arrays: `Array<HarvesterImage | string>`. */
function hasClassInUnion(checker: ts.TypeChecker, type: ts.Type): boolean {
    if (checker.isArrayType(type)) {
        return checker.getTypeArguments(type as ts.TypeReference).some((t) => hasClassInUnion(checker, t));
    }
    return type.isUnion() && type.types.some((t) => t.isClass() || hasClassInUnion(checker, t));
}
