import * as fs from "fs";
import * as path from "path";

/** The cut-down Flux install.yaml the stacks' file server would serve (see the fixture's header). */
export const FLUX_INSTALL = fs.readFileSync(path.join(__dirname, "../fixtures/flux-install.yaml"), "utf8");

/** The URL the shipped dev, staging and prod stacks install Flux from. */
export const FLUX_INSTALL_URL = "https://files.example.internal/flux/v2.7.0/install.yaml";

/**
 * Serves the site's file server without a network: FleetCluster's Flux fetches its install manifest with Node's
 * `fetch` while the program runs. Returns the URLs fetched. Restore with `jest.restoreAllMocks()`.
 */
export function serveFluxInstall(content: string = FLUX_INSTALL): string[] {
    const fetched: string[] = [];
    jest.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
        const url = String(input);
        fetched.push(url);
        return url === FLUX_INSTALL_URL ? new Response(content) : new Response("not found", { status: 404 });
    });
    return fetched;
}
