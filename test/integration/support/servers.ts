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

export const SERVERS_FILE =
    process.env.DROVER_IT_SERVERS ?? path.join(os.tmpdir(), `drover-it-servers-${process.getuid?.() ?? 0}.json`);

/** Reads what global setup wrote; fails with the command to run when the tier was started another way. */
export function servers(): Servers {
    if (!fs.existsSync(SERVERS_FILE)) {
        throw new Error(`No API servers (${SERVERS_FILE} missing): run the tier with \`npm run test:integration\`.`);
    }
    return JSON.parse(fs.readFileSync(SERVERS_FILE, "utf8")) as Servers;
}
