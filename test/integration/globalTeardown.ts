import * as fs from "fs";
import { stopAll } from "./support/apiServer";

export default async function globalTeardown(): Promise<void> {
    await stopAll(globalThis.__droverChildren ?? []);
    if (globalThis.__droverDir && !process.env.DROVER_IT_KEEP) {
        fs.rmSync(globalThis.__droverDir, { recursive: true, force: true });
    }
}
