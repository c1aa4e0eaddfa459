import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ApiServer } from "./apiServer";

/** The API servers the integration tier's global setup started, one per role. */
export interface Servers {
    harvester: ApiServer;
    rancher: ApiServer;
    downstream: ApiServer;
    dir: string;
}

/** Where global setup records the servers: one file per run (set by global setup), so runs never share. */
export function serversFile(): string {
    return process.env.DROVER_IT_SERVERS ?? path.join(os.tmpdir(), "drover-it-servers-missing.json");
}

/** Reads what global setup wrote; fails with the command to run when the tier was started another way. */
export function servers(): Servers {
    const file = serversFile();
    if (!fs.existsSync(file)) {
        throw new Error(`No API servers (${file} missing): run the tier with \`npm run test:integration\`.`);
    }
    return JSON.parse(fs.readFileSync(file, "utf8")) as Servers;
}
