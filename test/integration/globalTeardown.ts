import * as fs from "fs";
import { stopAll } from "./support/apiServer";
import { SERVERS_FILE } from "./support/servers";

export default async function globalTeardown(): Promise<void> {
    await stopAll(globalThis.__droverChildren ?? []);
    fs.rmSync(SERVERS_FILE, { force: true });
    if (globalThis.__droverDir && !process.env.DROVER_IT_KEEP) {
        fs.rmSync(globalThis.__droverDir, { recursive: true, force: true });
    }
}
