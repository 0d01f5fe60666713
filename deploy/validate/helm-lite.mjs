// A small renderer for the subset of Helm's Go-template syntax that deploy/helm/watcher uses, so the chart can be
// validated on machines without helm (see shared/RUNTIME-NOTES.md). It follows Go text/template and Helm semantics for
// what it supports and throws on anything else, so a template using more than this subset fails validation loudly
// instead of rendering wrongly.
//
// Supported: {{ pipeline }}, {{- / -}} whitespace trimming, {{/* comments */}}, define / if / else if / else / end,
// fields (.Values.a.b, .Release.Name, .Chart.AppVersion, .), string/number/bool literals, ( sub-pipelines ), and the
// functions include, toYaml, indent, nindent, quote, default, required, contains, trunc, trimSuffix, printf, not, and, or, eq, ne.
// Stricter than Helm on one point: reading a value that does not exist (a typo, or a key missing from values.yaml)
// is an error, where Helm would silently render nothing.

import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";

const ACTION = /\{\{(-\s)?([\s\S]*?)(\s-)?\}\}/g;

/** Splits template text into text and action tokens, applying the trim markers. */
function lex(source, file) {
    const tokens = [];
    let last = 0;
    for (const m of source.matchAll(ACTION)) {
        tokens.push({ type: "text", value: source.slice(last, m.index) });
        tokens.push({ type: "action", value: m[2].trim(), trimLeft: !!m[1], trimRight: !!m[3], file });
        last = m.index + m[0].length;
    }
    tokens.push({ type: "text", value: source.slice(last) });
    for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i];
        if (t.type !== "action") continue;
        if (t.trimLeft) tokens[i - 1].value = tokens[i - 1].value.replace(/\s+$/, "");
        if (t.trimRight) tokens[i + 1].value = tokens[i + 1].value.replace(/^\s+/, "");
    }
    return tokens.filter((t) => t.type === "action" || t.value !== "");
}

/** Tokenizes the inside of one action: strings, numbers, parentheses, pipes, fields and identifiers. */
function tokenizeExpression(text, where) {
    const out = [];
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (/\s/.test(c)) {
            i++;
        } else if (c === "(" || c === ")" || c === "|") {
            out.push({ kind: c });
            i++;
        } else if (c === '"') {
            let j = i + 1;
            while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
            if (j >= text.length) throw new Error(`${where}: unterminated string in {{ ${text} }}`);
            out.push({ kind: "literal", value: JSON.parse(text.slice(i, j + 1)) });
            i = j + 1;
        } else if (/[0-9-]/.test(c)) {
            const m = /^-?[0-9]+(\.[0-9]+)?/.exec(text.slice(i));
            if (!m) throw new Error(`${where}: cannot parse '${text.slice(i)}'`);
            out.push({ kind: "literal", value: Number(m[0]) });
            i += m[0].length;
        } else if (c === "." || c === "$") {
            const m = /^[.$][A-Za-z0-9_.]*/.exec(text.slice(i));
            out.push({ kind: "field", path: m[0] });
            i += m[0].length;
        } else if (/[A-Za-z_]/.test(c)) {
            const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
            const word = m[0];
            if (word === "true" || word === "false") out.push({ kind: "literal", value: word === "true" });
            else if (word === "nil") out.push({ kind: "literal", value: null });
            else out.push({ kind: "ident", name: word });
            i += word.length;
        } else {
            throw new Error(`${where}: unsupported character '${c}' in {{ ${text} }}`);
        }
    }
    return out;
}

/** Parses a pipeline: commands separated by '|', each a list of operands. */
function parsePipeline(tokens, where) {
    let pos = 0;
    function pipeline() {
        const commands = [[]];
        while (pos < tokens.length && tokens[pos].kind !== ")") {
            const t = tokens[pos++];
            if (t.kind === "|") {
                commands.push([]);
            } else if (t.kind === "(") {
                const inner = pipeline();
                if (tokens[pos++]?.kind !== ")") throw new Error(`${where}: missing ')'`);
                commands.at(-1).push({ kind: "pipeline", commands: inner });
            } else {
                commands.at(-1).push(t);
            }
        }
        if (commands.some((c) => c.length === 0)) throw new Error(`${where}: empty command in pipeline`);
        return commands;
    }
    const result = pipeline();
    if (pos !== tokens.length) throw new Error(`${where}: unexpected ')'`);
    return result;
}

/** Parses the token list into a tree of text, output and if nodes; collects defines into `defines`. */
function parse(tokens, defines, file) {
    let pos = 0;
    function block(topLevel) {
        const nodes = [];
        while (pos < tokens.length) {
            const t = tokens[pos];
            if (t.type === "text") {
                nodes.push({ kind: "text", value: t.value });
                pos++;
                continue;
            }
            const where = `${file}: {{ ${t.value} }}`;
            const word = t.value.split(/\s+/)[0];
            if (t.value.startsWith("/*")) {
                if (!t.value.endsWith("*/")) throw new Error(`${where}: unterminated comment`);
                pos++;
            } else if (word === "end" || word === "else") {
                if (topLevel) throw new Error(`${where}: '${word}' without an open block`);
                return nodes;
            } else if (word === "define") {
                if (!topLevel) throw new Error(`${where}: define must be at top level`);
                const name = JSON.parse(t.value.slice("define".length).trim());
                pos++;
                const body = block(false);
                expectEnd(where);
                defines.set(name, body);
            } else if (word === "if") {
                nodes.push(parseIf(t.value.slice(2).trim(), where));
            } else if (["range", "with", "template", "block", "tpl"].includes(word) || /^\$\w*\s*:?=/.test(t.value)) {
                throw new Error(`${where}: '${word}' is outside the subset helm-lite supports; keep the templates simple`);
            } else {
                nodes.push({ kind: "output", pipeline: parsePipeline(tokenizeExpression(t.value, where), where), where });
                pos++;
            }
        }
        if (!topLevel) throw new Error(`${file}: missing {{ end }}`);
        return nodes;
    }
    function parseIf(condition, where) {
        pos++;
        const branches = [{ condition: parsePipeline(tokenizeExpression(condition, where), where), body: block(false) }];
        let elseBody = [];
        for (;;) {
            const t = tokens[pos];
            if (!t) throw new Error(`${where}: missing {{ end }}`);
            if (t.value === "end") {
                pos++;
                break;
            }
            if (t.value.startsWith("else if ")) {
                const cond = t.value.slice("else if ".length);
                pos++;
                branches.push({ condition: parsePipeline(tokenizeExpression(cond, where), where), body: block(false) });
            } else if (t.value === "else") {
                pos++;
                elseBody = block(false);
                expectEnd(where);
                break;
            } else {
                throw new Error(`${where}: unexpected {{ ${t.value} }}`);
            }
        }
        return { kind: "if", branches, elseBody, where };
    }
    function expectEnd(where) {
        if (tokens[pos]?.value !== "end") throw new Error(`${where}: expected {{ end }}`);
        pos++;
    }
    return block(true);
}

/** Go template truthiness: false, 0, nil, "" and empty collections are false. */
export function truthy(v) {
    if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
    if (Array.isArray(v)) return v.length > 0;
    if (typeof v === "object") return Object.keys(v).length > 0;
    return true;
}

/** Go's %v for the scalar values a chart prints. */
function toText(v, where) {
    if (v === null || v === undefined) return "";
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    throw new Error(`${where}: printing a ${Array.isArray(v) ? "list" : "map"}; use toYaml`);
}

const indentText = (n, s) => " ".repeat(n) + s.replace(/\n/g, "\n" + " ".repeat(n));

/** Renders templates of one chart. */
class Renderer {
    constructor(defines) {
        this.defines = defines;
        this.functions = {
            include: (name, data) => {
                const body = this.defines.get(name);
                if (!body) throw new Error(`include: no template "${name}"`);
                return this.renderNodes(body, data, data);
            },
            toYaml: (v) => (v === null || v === undefined ? "null" : yaml.dump(v, { sortKeys: true, lineWidth: -1, noRefs: true }).replace(/\n+$/, "")),
            indent: (n, s) => indentText(n, toText(s, "indent")),
            nindent: (n, s) => "\n" + indentText(n, toText(s, "nindent")),
            quote: (...args) => args.filter((a) => a !== null && a !== undefined).map((a) => JSON.stringify(toText(a, "quote"))).join(" "),
            default: (fallback, v) => (truthy(v) ? v : fallback),
            required: (message, v) => {
                if (v === null || v === undefined || v === "") throw new Error(message);
                return v;
            },
            contains: (substring, s) => toText(s, "contains").includes(toText(substring, "contains")),
            trunc: (n, s) => (n >= 0 ? s.slice(0, n) : s.slice(n)),
            trimSuffix: (suffix, s) => (suffix && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s),
            printf: (format, ...args) => {
                let i = 0;
                return format.replace(/%([%svd])/g, (_, verb) => (verb === "%" ? "%" : toText(args[i++], "printf")));
            },
            not: (v) => !truthy(v),
            and: (...args) => args.find((a) => !truthy(a)) ?? args.at(-1),
            or: (...args) => args.find((a) => truthy(a)) ?? args.at(-1),
            eq: (a, b) => a === b,
            ne: (a, b) => a !== b,
        };
    }

    field(path, dot, root, where) {
        let v = path.startsWith("$") ? root : dot;
        const parts = path.slice(1).split(".").filter((p) => p !== "");
        let walked = path[0];
        for (const p of parts) {
            walked += (walked.length > 1 ? "." : "") + p;
            if (v === null || typeof v !== "object" || !Object.hasOwn(v, p)) {
                throw new Error(`${where}: ${walked} is not defined (declare it in values.yaml)`);
            }
            v = v[p];
        }
        return v;
    }

    operand(op, dot, root, where) {
        switch (op.kind) {
            case "literal":
                return op.value;
            case "field":
                return this.field(op.path, dot, root, where);
            case "pipeline":
                return this.pipeline(op.commands, dot, root, where);
            default:
                throw new Error(`${where}: '${op.name}' is not a function helm-lite knows`);
        }
    }

    pipeline(commands, dot, root, where) {
        let piped;
        commands.forEach((command, index) => {
            const [head, ...rest] = command;
            if (head.kind === "ident") {
                const fn = this.functions[head.name];
                if (!fn) throw new Error(`${where}: function '${head.name}' is outside the subset helm-lite supports`);
                const args = rest.map((op) => this.operand(op, dot, root, where));
                if (index > 0) args.push(piped);
                try {
                    piped = fn(...args);
                } catch (e) {
                    throw new Error(`${where}: ${e.message}`, { cause: e });
                }
            } else {
                if (rest.length > 0 || index > 0) throw new Error(`${where}: a value cannot take arguments`);
                piped = this.operand(head, dot, root, where);
            }
        });
        return piped;
    }

    renderNodes(nodes, dot, root) {
        let out = "";
        for (const node of nodes) {
            if (node.kind === "text") out += node.value;
            else if (node.kind === "output") out += toText(this.pipeline(node.pipeline, dot, root, node.where), node.where);
            else {
                const branch = node.branches.find((b) => truthy(this.pipeline(b.condition, dot, root, node.where)));
                out += this.renderNodes(branch ? branch.body : node.elseBody, dot, root);
            }
        }
        return out;
    }
}

/** Merges `override` into `base` the way helm merges --set/-f values: maps deeply, everything else replaced. */
export function mergeValues(base, override) {
    if (override === undefined) return base;
    if (base && override && typeof base === "object" && typeof override === "object" && !Array.isArray(base) && !Array.isArray(override)) {
        const result = { ...base };
        for (const [k, v] of Object.entries(override)) result[k] = mergeValues(base[k], v);
        return result;
    }
    return override;
}

/**
  * Renders the chart in `chartDir` with `overrides` merged over its values.yaml.
  * Returns { manifests: Map<templatePath, text>, notes: string }.
  */
export function renderChart(chartDir, overrides = {}, release = { Name: "watcher", Namespace: "default" }) {
    const chart = yaml.load(fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8"));
    const values = mergeValues(yaml.load(fs.readFileSync(path.join(chartDir, "values.yaml"), "utf8")) ?? {}, overrides);
    const root = {
        Values: values,
        Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion, Description: chart.description, Type: chart.type },
        Release: { Service: "Helm", IsInstall: true, IsUpgrade: false, Revision: 1, ...release },
    };
    const templatesDir = path.join(chartDir, "templates");
    const defines = new Map();
    const parsed = [];
    for (const name of fs.readdirSync(templatesDir).sort()) {
        const file = `templates/${name}`;
        const nodes = parse(lex(fs.readFileSync(path.join(templatesDir, name), "utf8"), file), defines, file);
        if (!name.startsWith("_")) parsed.push({ file, nodes });
    }
    const renderer = new Renderer(defines);
    const manifests = new Map();
    let notes = "";
    for (const { file, nodes } of parsed) {
        const text = renderer.renderNodes(nodes, root, root);
        if (file.endsWith("NOTES.txt")) notes = text;
        else if (/\.ya?ml$/.test(file)) manifests.set(file, text);
        else throw new Error(`${file}: unexpected file in templates/ (only .yaml, .yml, _*.tpl and NOTES.txt)`);
    }
    return { manifests, notes };
}
