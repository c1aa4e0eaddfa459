import * as path from "path";
import { PROVIDER_DIR } from "./support";

// provider/index.ts is what the language host runs for PulumiPlugin.yaml. It must start exactly one host, named
// drover, serving the package's component list and reading package.json and tsconfig.json from its own directory.

interface HostOptions {
    components: Array<{ name: string }>;
    name: string;
    dirname: string;
}

it("starts the component provider host with drover's components, from the provider directory", async () => {
    const host = jest.fn((options: HostOptions) => {
        void options;
        return Promise.resolve();
    });
    jest.doMock("@pulumi/pulumi/provider/experimental", () => ({ componentProviderHost: host }));
    await import(path.join(PROVIDER_DIR, "index"));
    const { PROVIDER_COMPONENTS } = await import("../../../provider/components");

    expect(host).toHaveBeenCalledTimes(1);
    const [options] = host.mock.calls[0];
    expect(options.name).toBe("drover");
    expect(options.dirname).toBe(PROVIDER_DIR);
    expect(options.components.map((c) => c.name)).toEqual(PROVIDER_COMPONENTS.map((c) => c.name));
    expect(options.components).toEqual([...PROVIDER_COMPONENTS]);
});
