import * as net from "net";

/** Ports this process has handed out: the kernel may offer a closed port again, and servers start in parallel. */
const handedOut = new Set<number>();

/** A port the kernel reports free on loopback now. */
function kernelPort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const addr = srv.address();
            srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
        });
    });
}

/** A free TCP port on loopback, chosen by the kernel, never one this process handed out before. */
export async function freePort(): Promise<number> {
    for (let i = 0; i < 100; i++) {
        const port = await kernelPort();
        if (!handedOut.has(port)) {
            handedOut.add(port);
            return port;
        }
    }
    throw new Error("no free loopback port that was not handed out already");
}

/** Fails clearly when a port is already taken (e.g. a server left over from an earlier run). */
export function assertPortFree(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.once("error", () =>
            reject(
                new Error(
                    `port 127.0.0.1:${port} is already in use; stop the process holding it (\`ss -ltnp | grep :${port}\`)`,
                ),
            ),
        );
        srv.listen(port, "127.0.0.1", () => srv.close(() => resolve()));
    });
}
