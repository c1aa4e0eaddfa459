import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";

// The GitHub workflows users copy: checked by @action-validator/cli (GitHub's workflow schema, globs, job
// references) and, below, for the structure that matters to drover.

const REPO = path.resolve(__dirname, "../..");
const WORKFLOWS = path.join(REPO, ".github", "workflows");
const VALIDATOR = path.join(REPO, "node_modules", ".bin", "action-validator");
const ENVS = ["dev", "staging", "prod"];

/* eslint-disable @typescript-eslint/no-explicit-any -- workflows are untyped YAML documents */
type Doc = Record<string, any>;
type Step = Record<string, any>;

function load(name: string): Doc {
    return parse(fs.readFileSync(path.join(WORKFLOWS, name), "utf8")) as Doc;
}

function validate(file: string): { status: number | null; output: string } {
    const r = spawnSync(VALIDATOR, [file], { encoding: "utf8" });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** The pulumi/actions step of a job. */
function pulumiStep(job: Doc): Step {
    const steps = (job.steps as Step[]).filter(
        (s) => typeof s.uses === "string" && s.uses.startsWith("pulumi/actions@"),
    );
    expect(steps).toHaveLength(1);
    return steps[0];
}

/** Index of the first step whose `run` starts with `command`, and of the pulumi step, to check the order. */
function stepIndex(job: Doc, match: (s: Step) => boolean): number {
    return (job.steps as Step[]).findIndex(match);
}

const sdkVersion = (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as Doc).dependencies[
    "@pulumi/pulumi"
] as string;

/** Every job that runs Pulumi, across the three workflows. */
function pulumiJobs(): Array<[string, string, Doc]> {
    return ["preview.yml", "deploy.yml", "drift.yml"].flatMap((f) =>
        Object.entries(load(f).jobs as Record<string, Doc>).map(([id, job]) => [f, id, job] as [string, string, Doc]),
    );
}

describe("action-validator", () => {
    it.each(["preview.yml", "deploy.yml", "drift.yml"])("accepts %s", (name) => {
        const r = validate(path.join(WORKFLOWS, name));
        expect(r.output).toBe("");
        expect(r.status).toBe(0);
    });

    describe("rejects a workflow broken in one place", () => {
        let dir: string;
        beforeAll(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "drover-workflows-"));
        });
        afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

        function write(name: string, doc: Doc): string {
            const file = path.join(dir, name);
            fs.writeFileSync(file, stringify(doc));
            return file;
        }

        it("accepts the unbroken copies written the same way (the control)", () => {
            for (const name of ["preview.yml", "deploy.yml"]) {
                expect(validate(write(`copy-${name}`, load(name))).status).toBe(0);
            }
        });

        const breakages: Array<[string, string, (d: Doc) => void]> = [
            ["a job without runs-on", "preview.yml", (d) => delete d.jobs.preview["runs-on"]],
            [
                "an unknown trigger",
                "preview.yml",
                (d) => {
                    d.on = { pull_requests: d.on.pull_request };
                },
            ],
            [
                "a step with both uses and run",
                "preview.yml",
                (d) => {
                    d.jobs.preview.steps[0].run = "echo hi";
                },
            ],
            [
                "needs naming a job that does not exist",
                "deploy.yml",
                (d) => {
                    d.jobs.prod.needs = "stagin";
                },
            ],
        ];
        it.each(breakages)("%s", (_what, name, breakIt) => {
            const doc = load(name);
            breakIt(doc);
            const r = validate(write(`broken-${name}`, doc));
            expect(r.status).not.toBe(0);
            expect(r.output).toContain('"errors"');
        });
    });
});

describe("preview.yml", () => {
    const doc = load("preview.yml");
    const job = doc.jobs.preview as Doc;
    const step = pulumiStep(job);

    it("runs on every pull request to main, with permission to comment", () => {
        expect(doc.on.pull_request.branches).toEqual(["main"]);
        expect(doc.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    });

    it("previews each environment stack in a matrix, all of them even when one fails", () => {
        expect(job.strategy.matrix.env).toEqual(ENVS);
        expect(job.strategy["fail-fast"]).toBe(false);
        expect(step.with.command).toBe("preview");
        expect(step.with["stack-name"]).toBe("${{ matrix.env }}");
    });

    it("runs the policy pack with the environment's own policy config, which exists for every environment", () => {
        expect(step.with.policyPacks).toBe("policies");
        expect(step.with.policyPackConfigs).toBe("policies/config/${{ matrix.env }}.json");
        for (const env of ENVS) {
            const config = step.with.policyPackConfigs.replace("${{ matrix.env }}", env);
            expect(fs.existsSync(path.join(REPO, config))).toBe(true);
        }
        expect(fs.existsSync(path.join(REPO, step.with.policyPacks, "PulumiPolicy.yaml"))).toBe(true);
    });

    it("comments the result on the pull request", () => {
        expect(step.with["comment-on-pr"]).toBe(true);
        expect(step.with["github-token"]).toBe("${{ secrets.GITHUB_TOKEN }}");
    });

    it("installs, builds and installs the policy pack's dependencies before previewing", () => {
        const ci = stepIndex(job, (s) => /^npm ci\b/.test(s.run ?? ""));
        const build = stepIndex(job, (s) => s.run === "npm run build");
        const pack = stepIndex(
            job,
            (s) => /^npm (ci|install)\b/.test(s.run ?? "") && s["working-directory"] === "policies",
        );
        const pulumi = stepIndex(job, (s) => s === step);
        expect([ci, build, pack].every((i) => i >= 0)).toBe(true);
        expect(ci < build && build < pack && pack < pulumi).toBe(true);
    });
});

describe("deploy.yml", () => {
    const doc = load("deploy.yml");
    const jobs = doc.jobs as Record<string, Doc>;

    it("runs on pushes to main", () => {
        expect(doc.on.push.branches).toEqual(["main"]);
    });

    it("updates each environment behind its GitHub environment, dev then staging then prod", () => {
        expect(Object.keys(jobs).sort()).toEqual([...ENVS].sort());
        for (const env of ENVS) {
            expect(jobs[env].environment).toBe(env);
            const step = pulumiStep(jobs[env]);
            expect(step.with.command).toBe("up");
            expect(step.with["stack-name"]).toBe(env);
            expect(step.with.policyPacks).toBe("policies");
            expect(step.with.policyPackConfigs).toBe(`policies/config/${env}.json`);
        }
        expect(jobs.dev.needs).toBeUndefined();
        expect(jobs.staging.needs).toBe("dev");
        expect(jobs.prod.needs).toBe("staging");
    });

    it("never cancels a running deployment", () => {
        expect(doc.concurrency).toEqual({ group: "deploy", "cancel-in-progress": false });
    });
});

describe("drift.yml", () => {
    const doc = load("drift.yml");
    const job = doc.jobs.drift as Doc;
    const step = pulumiStep(job);

    it("runs on a schedule", () => {
        expect(doc.on.schedule).toHaveLength(1);
        expect(doc.on.schedule[0].cron.split(" ")).toHaveLength(5);
    });

    it("previews every stack with a refresh and fails on any change", () => {
        expect(job.strategy.matrix.env).toEqual(ENVS);
        expect(step.with).toEqual(
            expect.objectContaining({
                command: "preview",
                "stack-name": "${{ matrix.env }}",
                refresh: true,
                "expect-no-changes": true,
            }),
        );
    });
});

describe("the stacks the workflows name", () => {
    it("exist: the project's stackConfigDir has a Pulumi.<env>.yaml for dev, staging and prod", () => {
        const project = parse(fs.readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8")) as Doc;
        const dir = path.join(REPO, (project.stackConfigDir as string | undefined) ?? ".");
        expect(ENVS.filter((env) => !fs.existsSync(path.join(dir, `Pulumi.${env}.yaml`)))).toEqual([]);
    });
});

describe("every Pulumi job", () => {
    it.each(pulumiJobs())("%s %s uses the self-managed backend, the passphrase and a pinned CLI", (_f, _id, job) => {
        const step = pulumiStep(job);
        expect(step.uses).toMatch(/^pulumi\/actions@v\d+$/);
        expect(step.with["cloud-url"]).toBe("${{ secrets.PULUMI_BACKEND_URL }}");
        expect(job.env.PULUMI_CONFIG_PASSPHRASE).toBe("${{ secrets.PULUMI_CONFIG_PASSPHRASE }}");
        // The CLI the SDK was released with, and the one the offline toolchain builds.
        expect(step.with["pulumi-version"]).toBe(sdkVersion);
    });

    it.each(pulumiJobs())("%s %s can use the offline toolchain before Pulumi runs", (_f, _id, job) => {
        const offline = stepIndex(job, (s) => s.name === "Offline toolchain");
        expect(offline).toBeGreaterThanOrEqual(0);
        expect(offline).toBeLessThan(stepIndex(job, (s) => s === pulumiStep(job)));
        const toolchainStep = (job.steps as Step[])[offline];
        expect(toolchainStep.run).toContain(`pulumi-${sdkVersion}/bin" >> "$GITHUB_PATH"`);
    });

    it.each(["preview.yml", "deploy.yml", "drift.yml"])(
        "%s tells air-gapped users how to run it with the offline toolchain",
        (name) => {
            const text = fs.readFileSync(path.join(WORKFLOWS, name), "utf8");
            expect(text).toContain("npm run toolchain");
            expect(text).toContain("pulumi-version");
            const scripts = (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as Doc).scripts;
            expect(scripts.toolchain).toBeDefined();
            expect(scripts.build).toBeDefined();
        },
    );
});
