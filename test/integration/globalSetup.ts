import { ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startApiServerRetrying, stopAll } from "./support/apiServer";
import { harvesterCrds, installCrds, upstreamCrds } from "./support/crds";
import { Servers } from "./support/servers";
import { toolchainEnv } from "./support/toolchain";

declare global {
    var __droverChildren: ChildProcess[] | undefined;
    var __droverDir: string | undefined;
}

/** Starts one API server per role (Harvester, Rancher's local cluster, a downstream cluster) with their CRDs. */
export default async function globalSetup(): Promise<void> {
    const env = toolchainEnv();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drover-it-servers-"));
    const children: ChildProcess[] = [];
    globalThis.__droverChildren = children;
    globalThis.__droverDir = dir;
    // If jest dies without running teardown, do not leave servers behind.
    process.once("exit", () => children.forEach((c) => c.exitCode === null && c.kill("SIGKILL")));
    try {
        const [harvester, rancher, downstream] = await Promise.all([
            startApiServerRetrying("harvester", path.join(dir, "harvester"), env, children),
            startApiServerRetrying("rancher", path.join(dir, "rancher"), env, children),
            startApiServerRetrying("downstream", path.join(dir, "downstream"), env, children),
        ]);
        await installCrds(harvester, harvesterCrds());
        await installCrds(rancher, upstreamCrds("provisioning.cattle.io_clusters.yaml"));
        const s: Servers = { harvester, rancher, downstream, dir };
        // Tests run in this process (--runInBand) and read the path from the environment.
        process.env.DROVER_IT_SERVERS = path.join(dir, "servers.json");
        fs.writeFileSync(process.env.DROVER_IT_SERVERS, JSON.stringify(s), { mode: 0o600 });
    } catch (e) {
        await stopAll(children);
        throw e;
    }
}
