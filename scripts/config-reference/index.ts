import * as path from "path";
import { buildReference } from "./build";
import { GENERATE_COMMAND, renderReference } from "./markdown";

export { buildReference, type Reference } from "./build";
export { GENERATE_COMMAND } from "./markdown";

/** Where the reference is committed, relative to the repository. */
export const REFERENCE_FILE = "docs/configuration.md";

/** The repository this script belongs to. */
export const REPO = path.resolve(__dirname, "..", "..");

/** The reference as committed: generated, then formatted with the repository's prettier settings. */
export async function generateConfigReference(repo: string = REPO): Promise<string> {
    const markdown = renderReference(buildReference(repo));
    const prettier = await import("prettier");
    const file = path.join(repo, REFERENCE_FILE);
    const options = (await prettier.resolveConfig(file)) ?? {};
    return prettier.format(markdown, { ...options, filepath: file, parser: "markdown" });
}

/** Why the committed reference is not the generated one, or undefined when it is. */
export function staleMessage(
    committed: string | undefined,
    generated: string,
    shownAs: string = REFERENCE_FILE,
): string | undefined {
    if (committed === generated) {
        return undefined;
    }
    return (
        `${shownAs} is ${committed === undefined ? "missing" : "stale"}: the configuration schema or its ` +
        `documentation changed since it was generated. Regenerate it with\n  ${GENERATE_COMMAND}\nand commit it.`
    );
}
