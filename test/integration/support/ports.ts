import * as net from "net";

/** A free TCP port on loopback, chosen by the kernel. */
export function freePort(): Promise<number> {
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
